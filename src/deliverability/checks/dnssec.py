"""DNSSEC rules: is each zone (the domain's, its MX hosts') signed, broken, or not verified?

A failed lookup is "could not check", never "unsigned"; a zone signed (DS and DNSKEY) whose
keys the resolver did not mark as validated is said to be unverified, never "valid".
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import dnssec as dnssec_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.facts import Facts, LookupFact, ZoneFact
from deliverability.report import Finding, ParamValue

_UNSIGNED = frozenset({dnssec_codes.UNSIGNED.code, dnssec_codes.MX_UNSIGNED.code})


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.dnssec is None:
        return []
    findings = list(_zone(facts.dnssec.domain, context.domain, mx=False))
    for zone in facts.dnssec.mx:
        findings.extend(_zone(zone, context.domain, mx=True))
    if context.provider_domain:
        # A mailbox provider's zones (gmail.com …) are not the customer's to sign: only what
        # breaks mail is worth saying.
        return [found for found in findings if found.code not in _UNSIGNED]
    return findings


def _zone(zone: ZoneFact, domain: str, *, mx: bool) -> Iterator[Finding]:
    failed = next((lookup for lookup in _lookups(zone) if lookup.failed), None)
    if zone.apex is None or zone.ds is None or zone.dnskey is None:
        if failed is not None:  # otherwise the name does not exist: the MX check says so
            yield unavailable(failed, check="dnssec")
        return
    params: dict[str, ParamValue] = {"zone": zone.apex, "names": zone.names, "domain": domain}
    evidence = [lookup.describe() for lookup in (zone.ds, zone.dnskey)]
    if zone.bogus:
        yield finding(dnssec_codes.BOGUS, params, evidence=evidence)
    elif failed is not None:
        yield unavailable(failed, check="dnssec")
    elif zone.ds.outcome != "answer":
        yield finding(
            dnssec_codes.MX_UNSIGNED if mx else dnssec_codes.UNSIGNED, params, evidence=evidence
        )
    elif zone.dnskey.outcome != "answer":
        yield finding(dnssec_codes.BROKEN, params, evidence=evidence)
    elif not zone.dnskey_signed:
        yield finding(dnssec_codes.RRSIG_MISSING, params, evidence=evidence)
    elif zone.authenticated:
        yield finding(dnssec_codes.OK, params, evidence=evidence)
    else:
        yield finding(dnssec_codes.NOT_VALIDATED, params, evidence=evidence)


def _lookups(zone: ZoneFact) -> Iterator[LookupFact]:
    yield from zone.walk
    yield from (lookup for lookup in (zone.ds, zone.dnskey) if lookup is not None)
