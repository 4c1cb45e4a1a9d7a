"""RSA keys over 16,384 bits verify nowhere: dkim.key_too_large, never dkim.ok or weak_key.

zones/dkim-size.test.zone publishes keys of 16,384, 16,385 and 32,768 bits made by
:func:`key_record` (generating real keys that large takes minutes; only the size is measured).
"""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from deliverability import dkim as parser
from deliverability.checks import dkim
from deliverability.context import Context
from deliverability.facts import (
    DkimFacts,
    DkimKeyFact,
    DkimRecordFact,
    DkimSelectorFact,
    Facts,
    LookupFact,
)
from deliverability.report import Severity
from deliverability.target import parse_target

DOMAIN = "dkim-size.test"


def key_record(bits: int) -> str:
    """A key record whose modulus is 2^(bits-1)+1: the right size, though no real key."""
    modulus = (1 << (bits - 1)) | 1
    key = rsa.RSAPublicNumbers(65537, modulus).public_key()
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


@pytest.mark.parametrize(
    ("selector", "bits", "code", "severity"),
    (
        ("max", 16384, "dkim.ok", Severity.OK),
        ("over", 16385, "dkim.key_too_large", Severity.ERROR),
        ("huge", 32768, "dkim.key_too_large", Severity.ERROR),
    ),
)
def test_key_size_through_dns(
    diagnose_here, selector: str, bits: int, code: str, severity: Severity
) -> None:
    report = diagnose_here(DOMAIN, dkim_selectors=[selector])
    (found,) = [item for item in report.findings if item.check == "dkim"]
    assert (found.code, found.severity, found.params["bits"]) == (code, severity, bits)


def _facts(bits: int | None, key_type: str = "rsa") -> Facts:
    name = f"s._domainkey.{DOMAIN}"
    key = DkimKeyFact(key_type=key_type, bits=bits)  # type: ignore[arg-type]
    record = DkimRecordFact(
        name=name, lookup=LookupFact(name=name, rdtype="TXT", outcome="answer"), key=key
    )
    selector = DkimSelectorFact(selector="s", source="option", record=record)
    return Facts(dkim=DkimFacts(domain=DOMAIN, selectors=[selector]))


@pytest.mark.parametrize(
    ("bits", "key_type", "expected"),
    (
        (1023, "rsa", {"dkim.weak_key": Severity.ERROR}),
        (2048, "rsa", {"dkim.ok": Severity.OK}),
        (16384, "rsa", {"dkim.ok": Severity.OK}),
        (16385, "rsa", {"dkim.key_too_large": Severity.ERROR}),
        (65536, "rsa", {"dkim.key_too_large": Severity.ERROR}),
        (256, "ed25519", {"dkim.ok": Severity.OK}),
    ),
)
def test_rule(bits: int, key_type: str, expected: dict[str, Severity]) -> None:
    findings = dkim.check(_facts(bits, key_type), Context(parse_target(DOMAIN), None))
    assert {f.code: f.severity for f in findings} == expected


@pytest.mark.parametrize(("bits", "usable"), ((1024, True), (16384, True), (16385, False)))
def test_an_oversized_key_is_not_usable(bits: int, usable: bool) -> None:
    record = _facts(bits).dkim.selectors[0].record  # type: ignore[union-attr]
    assert dkim.usable(record) is usable


@pytest.mark.parametrize("bits", (16385, 32768, 40000))
def test_parser_measures_oversized_keys(bits: int) -> None:
    assert parser.parse_record(key_record(bits)).bits == bits
