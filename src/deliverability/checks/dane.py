"""DANE rules (RFC 7672): the MX hosts' TLSA records against the certificates the SMTP probe saw.

For SMTP only usages 2 (DANE-TA) and 3 (DANE-EE) count; 0 and 1 are ignored by senders
(RFC 7672 §3.1.3). A usage-3 record must match the server's own certificate; a usage-2 record
one of the certificates it sent above it (its issuer or higher: the path and the name are not
checked here). TLSA records not signed with DNSSEC are ignored by senders, so they are said to
do nothing before anything is matched.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import NamedTuple

from deliverability.checks.dns import unavailable
from deliverability.codes import dane as dane_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.facts import Facts, TlsaFact
from deliverability.facts.smtp import Session
from deliverability.report import Finding

_DANE_TA, _DANE_EE = 2, 3
_SMTP_USAGES = frozenset({_DANE_TA, _DANE_EE})
_SELECTORS = frozenset({0, 1})
_HASHES = {0: None, 1: "sha256", 2: "sha512"}


class Tlsa(NamedTuple):
    """One TLSA record (RFC 6698 §2.1)."""

    usage: int
    selector: int
    matching: int
    data: bytes

    @property
    def usable(self) -> bool:
        """Usable for SMTP (RFC 7672 §3.1.3, RFC 6698 §2.1.2-2.1.3)."""
        return (
            self.usage in _SMTP_USAGES and self.selector in _SELECTORS and self.matching in _HASHES
        )


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.dane is None:
        return []
    sessions = facts.smtp.sessions if facts.smtp is not None else []
    findings: list[Finding] = []
    missing = []
    for host in facts.dane.hosts:
        if host.lookup.outcome in ("nxdomain", "nodata"):
            missing.append(host.host)
        else:
            findings.extend(_host(host, [s for s in sessions if s.host == host.host]))
    if missing:
        findings.append(
            finding(
                dane_codes.MISSING,
                {"hosts": missing},
                evidence=[h.lookup.describe() for h in facts.dane.hosts if h.host in missing],
            )
        )
    return findings


def _host(host: TlsaFact, sessions: list[Session]) -> Iterator[Finding]:
    lookup = host.lookup
    if lookup.failed:
        yield unavailable(lookup, check="dane")
        return
    evidence = [lookup.describe()]
    if not host.signed:
        yield finding(dane_codes.UNSIGNED_TLSA, {"host": host.host}, evidence=evidence)
        return
    records = [record for record in map(parse, lookup.records) if record is not None]
    usable = [record for record in records if record.usable]
    if not usable:
        yield finding(
            dane_codes.NO_USABLE_RECORDS,
            {"host": host.host, "records": lookup.records},
            evidence=evidence,
        )
        return
    seen = [session for session in sessions if session.tls is not None and session.tls.chain]
    if not seen:
        # Session outcomes are codes (cert_invalid …), the same in every language.
        outcomes: list[str] = sorted({session.outcome for session in sessions}) or ["no_session"]
        yield finding(
            dane_codes.UNTESTED, {"host": host.host, "outcome": outcomes}, evidence=evidence
        )
    else:
        refused = [s for s in seen if not any(matches(r, _chain(s)) for r in usable)]
        for session in refused:
            yield finding(
                dane_codes.MISMATCH,
                {"host": host.host, "address": session.address},
                evidence=[*evidence, *_describe(session)],
            )
        if not refused:
            shown = [text for text in lookup.records if (r := parse(text)) and r.usable]
            yield finding(dane_codes.OK, {"host": host.host, "usable": shown}, evidence=evidence)
    if len(usable) == 1:
        yield finding(dane_codes.SINGLE_RECORD, {"host": host.host}, evidence=evidence)


def parse(text: str) -> Tlsa | None:
    """``"3 1 1 ab12…"`` (presentation form) as a record; None when it cannot be read whole."""
    parts = text.split()
    if len(parts) < 4 or not all(part.isdigit() for part in parts[:3]):
        return None
    try:
        data = bytes.fromhex("".join(parts[3:]))
    except ValueError:  # a record cut short in the report ("…"), or not hexadecimal
        return None
    return Tlsa(int(parts[0]), int(parts[1]), int(parts[2]), data)


def matches(record: Tlsa, chain: list[bytes]) -> bool:
    """Does ``record`` match the certificates sent (leaf first, DER)? RFC 6698 §2.1, RFC 7671 §5."""
    candidates = chain[:1] if record.usage == _DANE_EE else chain[1:]
    return any(_digest(record, der) == record.data for der in candidates)


def _digest(record: Tlsa, der: bytes) -> bytes | None:
    selected = der if record.selector == 0 else _public_key_info(der)
    if selected is None:
        return None
    algorithm = _HASHES[record.matching]
    return selected if algorithm is None else hashlib.new(algorithm, selected).digest()


def _public_key_info(der: bytes) -> bytes | None:
    """The certificate's SubjectPublicKeyInfo, DER (selector 1); None for a certificate that
    cannot be parsed. cryptography is imported here only: matching is the one place it is needed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = x509.load_der_x509_certificate(der)
        return certificate.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    except ValueError:
        return None


def _chain(session: Session) -> list[bytes]:
    chain = session.tls.chain if session.tls is not None else []
    return [base64.b64decode(text) for text in chain]


def _describe(session: Session) -> Iterator[str]:
    for position, der in enumerate(_chain(session)):
        info = _public_key_info(der)
        spki = hashlib.sha256(info).hexdigest() if info is not None else "unreadable"
        yield (
            f"{session.address}: certificate {position} sha256={hashlib.sha256(der).hexdigest()} "
            f"spki-sha256={spki}"
        )
