"""DANE on loopback: TLSA records in the signed zone matched against the certificate the MX
probe saw (a trustme certificate served by the loopback SMTP server), and the rule on facts
built by hand."""

from __future__ import annotations

import asyncio
import base64
import hashlib

import pytest
import trustme

from deliverability.checks import dane as dane_checks
from deliverability.context import Context, Options
from deliverability.dns import Resolver
from deliverability.facts import DaneFacts, Facts, LookupFact, SmtpFacts, TlsaFact
from deliverability.facts.smtp import Session, TlsFact
from deliverability.probes import dnssec as dnssec_probe
from deliverability.smtp import AddressPolicy, probe_mx
from deliverability.target import parse_target
from deliverability.testing import SmtpServer

from .conftest import SERVFAIL, SIGNED, UNSIGNED, _der

ALLOW = AddressPolicy(allow_private=True)


def _dane(
    resolver: Resolver, domain: str, server: SmtpServer, ca_file: str
) -> list[tuple[str, object]]:
    context = Context(parse_target(domain), options=Options(smtp=True))

    async def gather() -> Facts:
        smtp, dane = await asyncio.gather(
            probe_mx(domain, resolver=resolver, port=server.port, policy=ALLOW, ca_file=ca_file),
            dnssec_probe.dane_probe(context, resolver),
        )
        return Facts(smtp=smtp, dane=dane)

    findings = dane_checks.check(asyncio.run(gather()), context)
    return [(f.code, f.params.get("host") or f.params.get("hosts")) for f in findings]


@pytest.mark.parametrize(
    ("domain", "codes"),
    (
        (SIGNED, ["dane.ok"]),
        (f"single.{SIGNED}", ["dane.ok", "dane.single_record"]),
        (f"wrong.{SIGNED}", ["dane.mismatch", "dane.single_record"]),
        (f"legacy.{SIGNED}", ["dane.no_usable_records"]),
        (f"nodane.{SIGNED}", ["dane.missing"]),
        (UNSIGNED, ["dane.unsigned_tlsa"]),
    ),
)
def test_tlsa_against_the_certificate_seen(
    plain_resolver: Resolver, mx_server: SmtpServer, ca_file: str, domain: str, codes: list[str]
) -> None:
    found = _dane(plain_resolver, domain, mx_server, ca_file)
    assert [code for code, _ in found] == codes


def test_a_certificate_no_ca_vouches_for_is_matched_all_the_same(
    plain_resolver: Resolver, private_mx_server: SmtpServer, ca_file: str
) -> None:
    # DANE-EE is the trust: the probe reads the refused certificate again to match it.
    found = _dane(plain_resolver, f"private.{SIGNED}", private_mx_server, ca_file)
    assert [code for code, _ in found] == ["dane.ok"]


def test_a_mismatch_is_critical_and_shows_what_was_seen(
    plain_resolver: Resolver, mx_server: SmtpServer, ca_file: str, mx_leaf: trustme.LeafCert
) -> None:
    domain = f"wrong.{SIGNED}"
    context = Context(parse_target(domain), options=Options(smtp=True))

    async def gather() -> Facts:
        smtp = await probe_mx(
            domain, resolver=plain_resolver, port=mx_server.port, policy=ALLOW, ca_file=ca_file
        )
        return Facts(smtp=smtp, dane=await dnssec_probe.dane_probe(context, plain_resolver))

    mismatch = dane_checks.check(asyncio.run(gather()), context)[0]
    assert mismatch.severity == "critical"
    leaf = hashlib.sha256(_der(mx_leaf.cert_chain_pems[0])).hexdigest()
    assert any(f"certificate 0 sha256={leaf}" in line for line in mismatch.evidence)


def test_the_probe_records_the_chain_it_saw(
    plain_resolver: Resolver, mx_server: SmtpServer, ca_file: str, mx_leaf: trustme.LeafCert
) -> None:
    smtp = asyncio.run(
        probe_mx(
            SIGNED, resolver=plain_resolver, port=mx_server.port, policy=ALLOW, ca_file=ca_file
        )
    )
    (session,) = smtp.sessions
    assert session.tls is not None
    assert base64.b64decode(session.tls.chain[0]) == _der(mx_leaf.cert_chain_pems[0])


def test_a_failed_tlsa_lookup_is_could_not_check(plain_resolver: Resolver) -> None:
    context = Context(parse_target(f"mail.{SERVFAIL}"), options=Options(smtp=True))
    facts = DaneFacts(
        hosts=[
            TlsaFact(
                host=f"mx.{SERVFAIL}",
                lookup=asyncio.run(
                    plain_resolver.lookup(f"_25._tcp.mx.{SERVFAIL}", "TLSA", dnssec=True)
                ).fact(),
            )
        ]
    )
    (found,) = dane_checks.check(Facts(dane=facts), context)
    assert (found.code, found.check, found.params["outcome"]) == (
        "dns.unavailable",
        "dane",
        "servfail",
    )


def test_dane_runs_only_with_smtp(plain_resolver: Resolver) -> None:
    context = Context(parse_target(SIGNED))
    assert asyncio.run(dnssec_probe.dane_probe(context, plain_resolver)) is None


# -- the rule, on facts built by hand -------------------------------------------------------

_CERT = b"not a certificate"
_SHA256 = hashlib.sha256(_CERT).hexdigest()
_SHA512 = hashlib.sha512(_CERT).hexdigest()


def _facts(records: list[str], *, signed: bool = True, chain: list[bytes] | None = None) -> Facts:
    host = "mx.example.test"
    lookup = LookupFact(name=f"_25._tcp.{host}", rdtype="TLSA", outcome="answer", records=records)
    session = Session(
        host=host,
        address="192.0.2.1",
        port=25,
        outcome="ok",
        tls=TlsFact(verified=True, chain=[base64.b64encode(c).decode() for c in chain or []]),
    )
    return Facts(
        smtp=SmtpFacts(
            lookup=LookupFact(name="example.test", rdtype="MX", outcome="answer"),
            sessions=[session],
        ),
        dane=DaneFacts(hosts=[TlsaFact(host=host, lookup=lookup, signed=signed)]),
    )


@pytest.mark.parametrize(
    ("records", "chain", "codes"),
    (
        # Selector 0 (the whole certificate), matching types 0, 1 and 2.
        ([f"3 0 0 {_CERT.hex()}", f"3 0 1 {_SHA256}"], [_CERT], ["dane.ok"]),
        ([f"3 0 2 {_SHA512}", f"3 0 1 {_SHA256}"], [_CERT], ["dane.ok"]),
        # DANE-TA matches a certificate above the leaf, never the leaf itself.
        ([f"2 0 1 {_SHA256}", f"2 0 2 {_SHA512}"], [b"leaf", _CERT], ["dane.ok"]),
        ([f"2 0 1 {_SHA256}", f"2 0 2 {_SHA512}"], [_CERT], ["dane.mismatch"]),
        # DANE-EE matches the leaf only.
        ([f"3 0 1 {_SHA256}", f"3 0 2 {_SHA512}"], [b"leaf", _CERT], ["dane.mismatch"]),
        # Usages 0 and 1 are ignored for SMTP (RFC 7672 §3.1.3), even when they would match.
        ([f"1 0 1 {_SHA256}", f"0 0 1 {_SHA256}"], [_CERT], ["dane.no_usable_records"]),
        # Unknown selectors and matching types are unusable.
        ([f"3 2 1 {_SHA256}", f"3 0 9 {_SHA256}"], [_CERT], ["dane.no_usable_records"]),
        # One usable record beside an ignored one: a rollover warning.
        ([f"3 0 1 {_SHA256}", f"1 0 1 {_SHA256}"], [_CERT], ["dane.ok", "dane.single_record"]),
        # A certificate that cannot be parsed never matches a selector-1 record.
        ([f"3 1 1 {_SHA256}", f"3 1 2 {_SHA512}"], [_CERT], ["dane.mismatch"]),
        # No certificate seen: not a verdict.
        ([f"3 0 1 {_SHA256}", f"3 0 2 {_SHA512}"], [], ["dane.untested"]),
    ),
)
def test_rule(records: list[str], chain: list[bytes], codes: list[str]) -> None:
    context = Context(parse_target("example.test"), options=Options(smtp=True))
    assert [f.code for f in dane_checks.check(_facts(records, chain=chain), context)] == codes


def test_unsigned_tlsa_records_are_said_to_do_nothing() -> None:
    context = Context(parse_target("example.test"), options=Options(smtp=True))
    found = dane_checks.check(_facts([f"3 0 1 {_SHA256}"], signed=False, chain=[b"x"]), context)
    assert [f.code for f in found] == ["dane.unsigned_tlsa"]


@pytest.mark.parametrize("text", ("", "3 1 1", "3 1 x abcd", "3 1 1 abc…", "a b c d"))
def test_unreadable_records(text: str) -> None:
    assert dane_checks.parse(text) is None
