"""DKIM rules: does each selector publish a key verifiers can use, and is it strong enough?"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import dkim as dkim_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.facts import DkimFacts, DkimRecordFact, DkimSelectorFact, Facts
from deliverability.facts.phrase import Phrase
from deliverability.i18n import N_
from deliverability.report import Finding, Severity

MIN_BITS = 1024
"""Verifiers must reject signatures made with shorter RSA keys (RFC 8301 §3.2)."""
RECOMMENDED_BITS = 2048
"""Signers should use at least this (RFC 8301 §3.2)."""
MAX_BITS = 16384
"""OpenSSL and BoringSSL refuse RSA moduli over this (``OPENSSL_RSA_MAX_MODULUS_BITS``), and
most verifiers use one of them: a longer key verifies nowhere (RFC 8301 asks verifiers for up
to 4096 bits only)."""

# A key that does not work matters most for the selector the platform signs with; for a selector
# only tried because it is common, a withdrawn key is routine key rotation.
_REVOKED = {"platform": Severity.ERROR, "option": Severity.WARNING, "common": Severity.INFO}
_MISSING = {"platform": Severity.ERROR, "option": Severity.WARNING}


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.dkim is None:
        return []
    return [item for selector in facts.dkim.selectors for item in _selector(facts.dkim, selector)]


def usable(record: DkimRecordFact) -> bool:
    """The record holds a key verifiers will accept: valid, not revoked, 1024 to 16,384 bits."""
    key = record.key
    return (
        key is not None
        and not key.revoked
        and (key.key_type != "rsa" or MIN_BITS <= (key.bits or 0) <= MAX_BITS)
    )


def evidence(record: DkimRecordFact) -> list[str]:
    """The lookup, and the delegation it went through, as evidence lines."""
    lines = [record.lookup.describe()]
    if record.delegated_to:
        lines.insert(0, f"{record.name} CNAME {record.delegated_to}")
    return lines


def _selector(dkim: DkimFacts, fact: DkimSelectorFact) -> Iterator[Finding]:
    record = fact.record
    names = {"selector": fact.selector, "name": record.name}
    seen = evidence(record)
    if record.lookup.failed:
        yield unavailable(record.lookup, check="dkim")
        return
    if record.lookup.outcome != "answer":
        yield from _absent(dkim, fact, seen)
        return
    if record.key is None:
        yield finding(
            dkim_codes.SYNTAX,
            {
                "reason": record.error
                or Phrase.model_construct(template=N_("the record holds no key")),
                **names,
            },
            evidence=seen,
        )
        return
    key = record.key
    if key.revoked:
        yield finding(dkim_codes.REVOKED, names, evidence=seen, severity=_REVOKED[fact.source])
        return
    if key.key_type == "rsa" and (key.bits or 0) > MAX_BITS:
        yield finding(dkim_codes.KEY_TOO_LARGE, {"bits": key.bits, **names}, evidence=seen)
        return
    weak = key.key_type == "rsa" and key.bits is not None and key.bits < RECOMMENDED_BITS
    if weak:
        severity = Severity.ERROR if (key.bits or 0) < MIN_BITS else Severity.WARNING
        yield finding(
            dkim_codes.WEAK_KEY, {"bits": key.bits, **names}, evidence=seen, severity=severity
        )
    if key.testing:
        yield finding(dkim_codes.TESTING, names, evidence=seen)
    if not weak and not key.testing:
        yield finding(
            dkim_codes.OK, {"key_type": key.key_type, "bits": key.bits, **names}, evidence=seen
        )


def _absent(dkim: DkimFacts, fact: DkimSelectorFact, seen: list[str]) -> Iterator[Finding]:
    """No record: a delegation to nowhere, a missing key, or a common selector simply not used."""
    record = fact.record
    names = {"selector": fact.selector, "name": record.name}
    if record.delegated_to:
        yield finding(
            dkim_codes.BROKEN_DELEGATION,
            {"target": record.delegated_to, **names},
            evidence=seen,
            severity=Severity.ERROR if fact.source == "platform" else Severity.WARNING,
        )
        return
    missing = _MISSING.get(fact.source)
    if missing is None:
        return
    if fact.platform_record is not None:
        seen = [*seen, fact.platform_record.lookup.describe()]
    yield finding(
        dkim_codes.MISSING,
        {"domain": dkim.domain, "outcome": record.lookup.outcome, **names},
        evidence=seen,
        severity=missing,
    )
