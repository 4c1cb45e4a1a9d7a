"""SPF records that end in permerror, or authorise a large share of the internet, are never
``spf.ok`` and never count as a receiver's SPF requirement met (issue 11, items 1-4).

The names live in zones/spf-verdicts.test.zone, served by the loopback DNS server.
"""

from __future__ import annotations

import pytest

from deliverability.checks.requirements import judge
from deliverability.cli import ExitCode, main
from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.report import Finding, Report, Severity
from deliverability.target import parse_target
from deliverability.testing import DnsServer

ZONE = "spf-verdicts.test"


@pytest.fixture
def resolver(dns_server: DnsServer) -> Resolver:
    """A patient resolver: on a loaded machine, a timeout would turn a verdict into
    dns.unavailable, and these tests are about verdicts."""
    return Resolver([dns_server.address], timeout=3)


def _found(report: Report, code: str) -> list[Finding]:
    return [item for item in report.findings if item.code == code]


@pytest.mark.parametrize(
    ("name", "expected"),
    (
        ("loop", {"spf.loop"}),
        ("mutual-a", {"spf.loop"}),
        ("redir", {"spf.loop"}),
        ("many-mx", {"spf.too_many_mx_records"}),
        ("ten-mx", {"spf.ok"}),
        ("wide", {"spf.permissive_range"}),
        ("wide-via", {"spf.permissive_range"}),
        ("narrow", {"spf.ok"}),
        ("include-bad", {"spf.include_invalid"}),
    ),
)
def test_codes(diagnose_here, name: str, expected: set[str]) -> None:
    report = diagnose_here(f"{name}.{ZONE}")
    assert report.codes("spf") == expected
    if expected != {"spf.ok"}:
        assert all(f.severity is Severity.ERROR for f in report.findings if f.check == "spf")
        spf = judge(report.facts, Context(parse_target(report.domain), None))["spf"]
        assert spf == "missing"


@pytest.mark.parametrize(
    ("name", "chain"),
    (
        ("loop", ["loop", "loop"]),
        ("mutual-a", ["mutual-a", "mutual-b", "mutual-a"]),
        ("redir", ["redir", "redir"]),
    ),
)
def test_loop_evidence_is_the_chain_of_names(diagnose_here, name: str, chain: list[str]) -> None:
    (loop,) = _found(diagnose_here(f"{name}.{ZONE}"), "spf.loop")
    names = " → ".join(f"{label}.{ZONE}" for label in chain)
    assert loop.evidence[0] == names
    assert names in loop.detail


def test_too_many_mx_records_says_how_many(diagnose_here) -> None:
    (found,) = _found(diagnose_here(f"many-mx.{ZONE}"), "spf.too_many_mx_records")
    assert found.params["count"] == 11
    assert found.params["term"] == "mx"
    assert "11 MX records" in found.title


def test_permissive_range_names_each_term(diagnose_here) -> None:
    found = _found(diagnose_here(f"wide.{ZONE}"), "spf.permissive_range")
    assert [(f.params["term"], f.params["share"]) for f in found] == [
        ("ip4:0.0.0.0/0", "100%"),
        ("ip6:::/0", "100%"),
    ]
    (via,) = _found(diagnose_here(f"wide-via.{ZONE}"), "spf.permissive_range")
    assert (via.params["record"], via.params["share"]) == (f"half.{ZONE}", "50%")


def test_spf_command_says_pass_and_warns_of_the_range(dns_server, capsys) -> None:
    args = ["spf", f"wide.{ZONE}", "--ip", "203.0.113.99", "--nameserver", dns_server.address]
    assert main(args) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith(f"wide.{ZONE} for 203.0.113.99: pass")  # RFC 7208 says pass …
    assert "ip4:0.0.0.0/0: 100% of all IPv4 addresses [spf.permissive_range]" in out  # … but


@pytest.mark.parametrize("name", ("loop", "many-mx"))
def test_spf_command_still_says_permerror(dns_server, capsys, name: str) -> None:
    args = ["spf", f"{name}.{ZONE}", "--ip", "192.0.2.10", "--nameserver", dns_server.address]
    main(args)
    assert f"{name}.{ZONE} for 192.0.2.10: permerror" in capsys.readouterr().out


def test_ptr_names_past_ten_are_ignored_and_the_trace_says_so(dns_server, capsys) -> None:
    """192.0.2.12 has 11 PTR names: unlike mx, that is no permerror (RFC 7208 §4.6.4)."""
    args = ["spf", f"ptr-many.{ZONE}", "--ip", "192.0.2.12", "--nameserver", dns_server.address]
    main(args)
    out = capsys.readouterr().out
    assert "has 11 PTR names; only the first 10 are tried" in out
    assert ": permerror" not in out.splitlines()[0]
