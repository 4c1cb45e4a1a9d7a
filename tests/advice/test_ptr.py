"""PTR: forward-confirmed reverse DNS and the HELO name, through the loopback server and pure."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from deliverability.advice import Platform
from deliverability.checks import ptr
from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.facts import Facts, HeloFact, LookupFact, PtrFacts, PtrName, ReverseDns
from deliverability.probes import ptr as ptr_probe
from deliverability.report import Severity
from deliverability.target import parse_target
from deliverability.testing import DnsServer, Faults, zone_from_text

ZONES = Path(__file__).parent / "zones"


def platform_with(
    platform: Platform, *, ips: list[str], helo: str = "out1.adv-platform.test"
) -> Platform:
    return Platform.model_validate({**platform.model_dump(), "sending_ips": ips, "helo": helo})


def ptr_codes(report) -> dict[str, set[str]]:
    """The reverse-DNS findings by address (or by the name whose lookup failed)."""
    found: dict[str, set[str]] = {}
    for item in report.findings:
        if item.check == "ptr" and not item.code.startswith("ptr.helo_"):
            key = str(
                item.params.get("address") or item.params.get("helo") or item.params.get("name")
            )
            found.setdefault(key, set()).add(item.code)
    return found


@pytest.mark.parametrize(
    ("ips", "expected"),
    (
        (["203.0.113.10", "2001:db8:5::10"], {"None": {"ptr.ok"}}),
        (["203.0.113.11"], {"203.0.113.11": {"ptr.mismatch"}}),
        (["203.0.113.12"], {"203.0.113.12": {"ptr.missing"}}),
        (["203.0.113.10", "203.0.113.12"], {"203.0.113.12": {"ptr.missing"}}),
        (["203.0.113.14"], {"203.0.113.14": {"ptr.missing"}}),  # a PTR to the root names no host
        # The PTR name lives under timeout.test: its forward lookup cannot be made.
        (["203.0.113.13"], {"host.timeout.test": {"dns.unavailable"}}),
    ),
)
def test_forward_confirmed_reverse_dns(diagnose_for_platform, platform, ips, expected) -> None:
    report = diagnose_for_platform("adv-healthy.test", platform=platform_with(platform, ips=ips))
    assert ptr_codes(report) == expected


def test_ok_lists_the_addresses(diagnose_for_platform, platform) -> None:
    report = diagnose_for_platform(
        "adv-healthy.test", platform=platform_with(platform, ips=["203.0.113.10", "2001:db8:5::10"])
    )
    [ok] = [f for f in report.findings if f.code == "ptr.ok"]
    assert ok.params["addresses"] == ["203.0.113.10", "2001:db8:5::10"]


def test_mismatch_names_the_ptr_name(diagnose_for_platform, platform) -> None:
    report = diagnose_for_platform(
        "adv-healthy.test", platform=platform_with(platform, ips=["203.0.113.11"])
    )
    [mismatch] = [f for f in report.findings if f.code == "ptr.mismatch"]
    assert mismatch.params["names"] == ["out2.adv-platform.test"]
    assert "out2.adv-platform.test A: 203.0.113.99" in mismatch.evidence
    facts = report.facts.ptr
    assert facts is not None and facts.addresses[0].lookup.name == "11.113.0.203.in-addr.arpa"


@pytest.mark.parametrize(
    ("helo", "expected"),
    (
        ("out1.adv-platform.test", set()),
        ("nowhere.adv-platform.test", {"ptr.helo_unresolved"}),
        ("elsewhere.adv-platform.test", {"ptr.helo_mismatch"}),
        ("out.timeout.test", {"dns.unavailable"}),
    ),
)
def test_helo_name(diagnose_for_platform, platform, helo: str, expected: set[str]) -> None:
    report = diagnose_for_platform(
        "adv-healthy.test", platform=platform_with(platform, ips=["203.0.113.10"], helo=helo)
    )
    assert report.codes("ptr") - {"ptr.ok"} == expected


def test_no_platform_no_ptr_facts(diagnose_here) -> None:
    report = diagnose_here("adv-healthy.test")
    assert report.facts.ptr is None and report.codes("ptr") == set()


def test_timed_out_reverse_lookup_is_unavailable_not_missing(platform) -> None:
    """A server of our own whose reverse zone times out for one address."""
    zones = [
        zone_from_text((ZONES / f"{name}.zone").read_text(), name)
        for name in ("113.0.203.in-addr.arpa", "adv-platform.test")
    ]
    faults = Faults(timeout={"12.113.0.203.in-addr.arpa": None})
    with DnsServer(zones, faults=faults) as server:
        context = Context(
            parse_target("example.com"), platform_with(platform, ips=["203.0.113.12"])
        )
        facts = asyncio.run(ptr_probe.probe(context, Resolver([server.address], timeout=0.3)))
    assert facts is not None and facts.addresses[0].lookup.outcome == "timeout"
    found = {
        f.code for f in ptr.check(Facts(ptr=facts), context) if not f.code.startswith("ptr.helo_")
    }
    assert found == {"dns.unavailable"}


# -- the rule, from facts built by hand --------------------------------------------------------

REVERSE = "25.2.0.192.in-addr.arpa"


def fact(name: str, rdtype: str, outcome: str, *records: str) -> LookupFact:
    return LookupFact(name=name, rdtype=rdtype, outcome=outcome, records=list(records))  # type: ignore[arg-type]


def helo(*addresses: str, outcome: str = "answer") -> HeloFact:
    lookups = [
        fact("out.example", "A", outcome, *[a for a in addresses if ":" not in a]),
        fact("out.example", "AAAA", "nodata"),
    ]
    return HeloFact(name="out.example", lookups=lookups, addresses=list(addresses))


CONFIRMED = ReverseDns(
    address="192.0.2.25",
    lookup=fact(REVERSE, "PTR", "answer", "out.example."),
    names=[
        PtrName(
            name="out.example",
            lookup=fact("out.example", "A", "answer", "192.0.2.25"),
            confirmed=True,
        )
    ],
)


@pytest.mark.parametrize(
    ("reverse", "helo_fact", "expected"),
    (
        ([CONFIRMED], helo("192.0.2.25"), {("ptr.ok", Severity.OK)}),
        (
            [CONFIRMED],
            helo("192.0.2.99"),
            {("ptr.ok", Severity.OK), ("ptr.helo_mismatch", Severity.WARNING)},
        ),
        (
            [CONFIRMED],
            helo(outcome="nxdomain"),
            {("ptr.ok", Severity.OK), ("ptr.helo_unresolved", Severity.ERROR)},
        ),
        (
            [CONFIRMED],
            helo(outcome="timeout"),
            {("ptr.ok", Severity.OK), ("dns.unavailable", Severity.WARNING)},
        ),
        (
            [ReverseDns(address="192.0.2.25", lookup=fact(REVERSE, "PTR", "nxdomain"))],
            None,
            {("ptr.missing", Severity.ERROR)},
        ),
        (
            [ReverseDns(address="192.0.2.25", lookup=fact(REVERSE, "PTR", "servfail"))],
            None,
            {("dns.unavailable", Severity.WARNING)},
        ),
        (
            [
                ReverseDns(
                    address="192.0.2.25",
                    lookup=fact(REVERSE, "PTR", "answer", "a.example.", "b.example."),
                    names=[
                        PtrName(
                            name="a.example", lookup=fact("a.example", "A", "answer", "192.0.2.1")
                        ),
                        PtrName(name="b.example", lookup=fact("b.example", "A", "nxdomain")),
                    ],
                )
            ],
            None,
            {("ptr.mismatch", Severity.ERROR)},
        ),
        (
            [
                ReverseDns(
                    address="192.0.2.25",
                    lookup=fact(REVERSE, "PTR", "answer", "a.example."),
                    names=[PtrName(name="a.example", lookup=fact("a.example", "A", "timeout"))],
                )
            ],
            None,
            {("dns.unavailable", Severity.WARNING)},
        ),
    ),
)
def test_rule(
    reverse: list[ReverseDns], helo_fact: HeloFact | None, expected: set[tuple[str, Severity]]
) -> None:
    facts = Facts(ptr=PtrFacts(addresses=reverse, helo=helo_fact))
    assert {
        (f.code, f.severity) for f in ptr.check(facts, Context(parse_target("example.com")))
    } == expected


def test_ipv6_addresses_compare_as_addresses() -> None:
    facts = Facts(
        ptr=PtrFacts(
            addresses=[CONFIRMED.model_copy(update={"address": "2001:db8::25"})],
            helo=HeloFact(
                name="out.example",
                lookups=[fact("out.example", "AAAA", "answer", "2001:db8:0:0::25")],
                addresses=["2001:db8:0:0::25"],
            ),
        )
    )
    assert {f.code for f in ptr.check(facts, Context(parse_target("example.com")))} == {"ptr.ok"}
