"""The DNSSEC rule on facts built by hand: each state of a zone gives one verdict."""

from __future__ import annotations

import pytest

from deliverability.checks import dnssec as dnssec_checks
from deliverability.context import Context
from deliverability.facts import DnssecFacts, Facts, LookupFact, ZoneFact
from deliverability.target import parse_target


def _lookup(name: str, rdtype: str, outcome: str) -> LookupFact:
    records = ["257 3 15 AAAA"] if outcome == "answer" and rdtype == "DNSKEY" else []
    if outcome == "answer" and rdtype == "DS":
        records = ["12345 15 2 ABCD"]
    return LookupFact(name=name, rdtype=rdtype, outcome=outcome, records=records)  # type: ignore[arg-type]


def _zone(
    ds: str, dnskey: str, *, signed: bool = True, ad: bool = False, bogus: bool = False
) -> ZoneFact:
    apex = "example.test"
    return ZoneFact(
        names=[apex],
        apex=apex,
        walk=[_lookup(apex, "SOA", "answer")],
        ds=_lookup(apex, "DS", ds),
        dnskey=_lookup(apex, "DNSKEY", dnskey),
        dnskey_signed=signed,
        authenticated=ad,
        bogus=bogus,
    )


def _codes(zone: ZoneFact, domain: str = "example.test") -> list[str]:
    facts = Facts(dnssec=DnssecFacts(domain=zone))
    return [f.code for f in dnssec_checks.check(facts, Context(parse_target(domain)))]


@pytest.mark.parametrize(
    ("zone", "codes"),
    (
        (_zone("answer", "answer", ad=True), ["dnssec.ok"]),
        (_zone("answer", "answer"), ["dnssec.not_validated"]),
        (_zone("nodata", "nodata", signed=False), ["dnssec.unsigned"]),
        # DNSKEY without DS (an island): senders cannot authenticate it, so it is unsigned.
        (_zone("nodata", "answer"), ["dnssec.unsigned"]),
        (_zone("answer", "nodata", signed=False), ["dnssec.broken"]),
        (_zone("answer", "answer", signed=False), ["dnssec.rrsig_missing"]),
        (_zone("answer", "answer", bogus=True), ["dnssec.bogus"]),
        # A failed lookup is "could not check", never "unsigned".
        (_zone("timeout", "nodata", signed=False), ["dns.unavailable"]),
        (_zone("nodata", "servfail", signed=False), ["dns.unavailable"]),
        (
            ZoneFact(names=["example.test"], walk=[_lookup("example.test", "SOA", "refused")]),
            ["dns.unavailable"],
        ),
        # A name whose zone was not found, without a failure, does not exist: the MX check says so.
        (ZoneFact(names=["example.test"], walk=[_lookup("example.test", "SOA", "nxdomain")]), []),
    ),
)
def test_zone_verdicts(zone: ZoneFact, codes: list[str]) -> None:
    assert _codes(zone) == codes


def test_could_not_check_is_filed_under_dnssec() -> None:
    (found,) = dnssec_checks.check(
        Facts(dnssec=DnssecFacts(domain=_zone("timeout", "nodata"))),
        Context(parse_target("example.test")),
    )
    assert (found.check, found.params["outcome"]) == ("dnssec", "timeout")


def test_a_mailbox_providers_unsigned_zone_is_not_the_customers_to_sign() -> None:
    assert _codes(_zone("nodata", "nodata", signed=False), domain="gmail.com") == []
    assert _codes(_zone("answer", "nodata", signed=False), domain="gmail.com") == ["dnssec.broken"]


def test_the_check_did_not_run() -> None:
    assert dnssec_checks.check(Facts(), Context(parse_target("example.test"))) == []
