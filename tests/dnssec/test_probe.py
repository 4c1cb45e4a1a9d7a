"""DNSSEC end to end on loopback: signed, unsigned and broken zones, with and without a
validating resolver; a failed lookup is "could not check", never "unsigned"."""

from __future__ import annotations

import asyncio

import pytest

from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.report import Report

from .conftest import BOGUS, NOKEY, NOSIG, SERVFAIL, SIGNED, UNSIGNED


def _dnssec(report: Report) -> list[tuple[str, object]]:
    return [(f.code, f.params.get("zone")) for f in report.findings if f.check == "dnssec"]


def _run(resolver: Resolver, domain: str) -> Report:
    return asyncio.run(diagnose(domain, resolver=resolver))


@pytest.mark.parametrize(
    ("domain", "plain", "validating"),
    (
        (SIGNED, "dnssec.not_validated", "dnssec.ok"),
        (f"single.{SIGNED}", "dnssec.not_validated", "dnssec.ok"),
        (UNSIGNED, "dnssec.unsigned", "dnssec.unsigned"),
        (NOKEY, "dnssec.broken", "dnssec.bogus"),
        (BOGUS, "dnssec.not_validated", "dnssec.bogus"),
        (NOSIG, "dnssec.rrsig_missing", "dnssec.bogus"),
    ),
)
def test_the_domain_zone(
    plain_resolver: Resolver,
    validating_resolver: Resolver,
    domain: str,
    plain: str,
    validating: str,
) -> None:
    zone = domain.partition(".")[2] if domain.startswith("single.") else domain
    assert _dnssec(_run(plain_resolver, domain))[0] == (plain, zone)
    assert _dnssec(_run(validating_resolver, domain))[0] == (validating, zone)


def test_a_resolver_that_does_not_validate_is_said_so(plain_resolver: Resolver) -> None:
    found = next(f for f in _run(plain_resolver, SIGNED).findings if f.check == "dnssec")
    assert "does not validate" in found.detail
    assert f"{SIGNED} DS: " in found.evidence[0]


def test_mx_hosts_in_another_zone(validating_resolver: Resolver) -> None:
    assert _dnssec(_run(validating_resolver, f"elsewhere.{SIGNED}")) == [
        ("dnssec.ok", SIGNED),
        ("dnssec.mx_unsigned", UNSIGNED),
    ]


def test_mx_hosts_in_the_same_zone_are_one_finding(validating_resolver: Resolver) -> None:
    report = _run(validating_resolver, SIGNED)
    (found,) = [f for f in report.findings if f.check == "dnssec"]
    assert found.params["names"] == [SIGNED, f"mx.{SIGNED}"]


def test_a_failed_lookup_is_could_not_check(plain_resolver: Resolver) -> None:
    findings = [f for f in _run(plain_resolver, f"mail.{SERVFAIL}").findings if f.check == "dnssec"]
    assert [f.code for f in findings] == ["dns.unavailable"]
    assert findings[0].params["outcome"] == "servfail"


def test_each_zone_has_its_verdict(plain_resolver: Resolver, validating_resolver: Resolver) -> None:
    # nokey.dnssec.test's MX is in the signed zone: one finding per zone, the domain's first.
    assert _dnssec(_run(plain_resolver, NOKEY)) == [
        ("dnssec.broken", NOKEY),
        ("dnssec.not_validated", SIGNED),
    ]
    # A validating resolver answers nothing for a bogus zone, its MX included.
    assert _dnssec(_run(validating_resolver, NOKEY)) == [("dnssec.bogus", NOKEY)]
