"""MX rules, through the loopback DNS server, and as a pure table over hand-built facts."""

from __future__ import annotations

import pytest

from deliverability.checks import mx
from deliverability.context import Context
from deliverability.facts import Facts, LookupFact, MxFacts, MxHost
from deliverability.report import Severity
from deliverability.target import parse_target


@pytest.mark.parametrize(
    ("target", "expected"),
    (
        ("mx-ok.test", {"mx.ok"}),
        ("someone@mx-ok.test", {"mx.ok"}),
        ("mx-implicit.test", {"mx.implicit"}),
        ("mx-missing.test", {"mx.missing"}),
        ("does-not-exist.mx-ok.test", {"mx.nxdomain"}),
        ("mx-null.test", {"mx.null"}),
        ("mx-cname.test", {"mx.cname"}),
        ("mx-unresolvable.test", {"mx.unresolvable"}),
        ("mx-ip.test", {"mx.ip_literal"}),
        ("mx-private.test", {"mx.private_address"}),
        ("mx-google.test", {"mx.ok", "mx.mailbox_host"}),
    ),
)
def test_mx_codes(diagnose_here, target: str, expected: set[str]) -> None:
    assert diagnose_here(target).codes("mx") == expected


def test_private_addresses_are_named(diagnose_here) -> None:
    findings = [
        f for f in diagnose_here("mx-private.test").findings if f.code == "mx.private_address"
    ]
    assert sorted(f.params["host"] for f in findings) == [
        "inside.mx-private.test",
        "local.mx-private.test",
    ]
    assert findings[0].params["addresses"] in (["10.1.2.3"], ["127.0.0.1"])


def test_mailbox_host_is_recognised(diagnose_here) -> None:
    report = diagnose_here("mx-google.test")
    assert report.facts.mx is not None
    assert report.facts.mx.mailbox_host is not None
    assert "Google" in report.facts.mx.mailbox_host


@pytest.mark.parametrize("target", ("timeout.test", "mx.servfail.test"))
def test_failed_mx_lookup_is_could_not_check(diagnose_here, target: str) -> None:
    report = diagnose_here(target)
    assert report.codes("mx") == {"dns.unavailable"}
    assert "mx.missing" not in report.codes()


def test_failed_host_lookup_is_not_unresolvable(diagnose_here) -> None:
    codes = diagnose_here("mx-hostfail.test").codes("mx")
    assert codes == {"dns.unavailable"}


def _lookup(
    outcome: str, records: list[str] | None = None, name: str = "x.test", rdtype: str = "MX"
) -> LookupFact:
    return LookupFact(name=name, rdtype=rdtype, outcome=outcome, records=records or [])  # type: ignore[arg-type]


def _host(name: str, addresses: list[str], cnames: list[str] | None = None) -> MxHost:
    lookup = LookupFact(
        name=name,
        rdtype="A",
        outcome="answer" if addresses else "nodata",
        records=addresses,
        cnames=cnames or [],
    )
    return MxHost(preference=10, name=name, addresses=addresses, lookups=[lookup])


@pytest.mark.parametrize(
    ("facts", "codes", "worst"),
    (
        (
            MxFacts(lookup=_lookup("answer"), hosts=[_host("mx.x.test", ["198.51.100.1"])]),
            ["mx.ok"],
            Severity.OK,
        ),
        (MxFacts(lookup=_lookup("nxdomain")), ["mx.nxdomain"], Severity.CRITICAL),
        (MxFacts(lookup=_lookup("timeout")), ["dns.unavailable"], Severity.WARNING),
        (
            MxFacts(
                lookup=_lookup("nodata"), implicit=[_lookup("answer", ["192.0.2.9"], rdtype="A")]
            ),
            ["mx.implicit"],
            Severity.WARNING,
        ),
        (
            MxFacts(
                lookup=_lookup("nodata"),
                implicit=[_lookup("nodata", rdtype="A"), _lookup("servfail", rdtype="AAAA")],
            ),
            ["dns.unavailable"],
            Severity.WARNING,
        ),
        (
            MxFacts(lookup=_lookup("answer"), hosts=[MxHost(preference=0, name="")]),
            ["mx.null"],
            Severity.ERROR,
        ),
        (
            MxFacts(
                lookup=_lookup("answer"),
                hosts=[_host("a.x.test", ["192.0.2.7"], cnames=["b.x.test"])],
            ),
            ["mx.cname"],
            Severity.WARNING,
        ),
        (
            MxFacts(
                lookup=_lookup("answer"), hosts=[_host("m.x.test", ["fe80::1", "198.51.100.2"])]
            ),
            ["mx.private_address"],
            Severity.ERROR,
        ),
        (
            MxFacts(lookup=_lookup("answer"), hosts=[_host("m.x.test", ["100.64.0.1"])]),
            ["mx.private_address"],
            Severity.ERROR,
        ),
    ),
)
def test_mx_rule_table(facts: MxFacts, codes: list[str], worst: Severity) -> None:
    findings = mx.check(Facts(mx=facts), Context(parse_target("x.test")))
    assert [f.code for f in findings] == codes
    assert max(f.severity for f in findings) == worst
