"""Signed test zones, made in the session with keys made in the session, and their servers.

``dnssec.test`` is the parent: it holds the DS records of its children and is signed too.

- ``signed.dnssec.test``: signed, its DS at the parent; MX hosts on loopback with TLSA records
  made from the session's MX certificate (matching, single, wrong, unusable, none);
- ``unsigned.dnssec.test``: not signed, no DS (its MX host publishes TLSA all the same);
- ``nokey.dnssec.test``: a DS at the parent, but the zone publishes no DNSKEY;
- ``nosig.dnssec.test``: a DS and a DNSKEY, but no RRSIG;
- ``bogus.dnssec.test``: signed with a key other than the one its DS names;
- names under ``servfail.dnssec.test`` get SERVFAIL.

Two servers answer for them: a plain one (as a resolver that does not validate) and one
with ``validating=True`` (AD on verified answers, SERVFAIL on bogus ones unless CD is set).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdtypes.ANY.DNSKEY
import dns.zone
import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from deliverability.dns import Resolver
from deliverability.testing import DnsServer, Faults, SmtpServer, zone_from_records

PARENT = "dnssec.test"
SIGNED = "signed.dnssec.test"
UNSIGNED = "unsigned.dnssec.test"
NOKEY = "nokey.dnssec.test"
NOSIG = "nosig.dnssec.test"
BOGUS = "bogus.dnssec.test"
SERVFAIL = "servfail.dnssec.test"

SIGNED_MX = ("mx", "mx-single", "mx-wrong", "mx-legacy", "mx-nodane", "mx-private")
"""MX hosts in the signed zone: two usable TLSA records that match (3 1 1 and 2 0 1), one that
matches, one for another key, usage 1 only (ignored for SMTP), none, and two (3 1 1, current
and next key) for a certificate from a CA nobody trusts (:func:`private_leaf`)."""
MX_NAMES = [*(f"{label}.{SIGNED}" for label in SIGNED_MX), f"mx.{UNSIGNED}"]


def _key() -> tuple[ed25519.Ed25519PrivateKey, dns.rdtypes.ANY.DNSKEY.DNSKEY]:
    private = ed25519.Ed25519PrivateKey.generate()
    return private, dns.dnssec.make_dnskey(private.public_key(), "ED25519", flags=257)


def _sign(zone: dns.zone.Zone, key: tuple[ed25519.Ed25519PrivateKey, object]) -> None:
    dns.dnssec.sign_zone(zone, keys=[key], lifetime=86400)  # type: ignore[list-item]


def _soa_ns() -> list[tuple[str, str]]:
    return [
        ("SOA", f"ns.{PARENT}. hostmaster.{PARENT}. 1 3600 600 86400 60"),
        ("NS", f"ns.{PARENT}."),
    ]


def _der(certificate: trustme.Blob) -> bytes:
    return x509.load_pem_x509_certificate(certificate.bytes()).public_bytes(
        serialization.Encoding.DER
    )


def _spki(der: bytes) -> bytes:
    return (
        x509.load_der_x509_certificate(der)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


@pytest.fixture(scope="session")
def mx_leaf(ca: trustme.CA) -> trustme.LeafCert:
    """The certificate of every MX host of these zones."""
    return ca.issue_cert(*MX_NAMES, "127.0.0.1")


@pytest.fixture(scope="session")
def private_leaf() -> trustme.LeafCert:
    """A certificate from a CA of its own, which the probe does not trust (as with DANE-EE)."""
    return trustme.CA().issue_cert(f"mx-private.{SIGNED}")


@pytest.fixture(scope="session")
def tlsa(
    ca: trustme.CA, mx_leaf: trustme.LeafCert, private_leaf: trustme.LeafCert
) -> dict[str, str]:
    """TLSA record texts by kind: the leaf's key (3 1 1), the CA (2 0 1), another key, PKIX-EE,
    the untrusted certificate's key."""
    spki = hashlib.sha256(_spki(_der(mx_leaf.cert_chain_pems[0]))).hexdigest()
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    other_spki = other.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private = hashlib.sha256(_spki(_der(private_leaf.cert_chain_pems[0]))).hexdigest()
    return {
        "ee": f"3 1 1 {spki}",
        "ta": f"2 0 1 {hashlib.sha256(_der(ca.cert_pem)).hexdigest()}",
        "wrong": f"3 1 1 {hashlib.sha256(other_spki).hexdigest()}",
        "pkix": f"1 1 1 {spki}",
        "private": f"3 1 1 {private}",
    }


@pytest.fixture(scope="session")
def dnssec_zones(tlsa: dict[str, str]) -> list[dns.zone.Zone]:
    signed_key, nosig_key, bogus_key, named_key = _key(), _key(), _key(), _key()
    loopback = [("A", "127.0.0.1")]
    signed = zone_from_records(
        SIGNED,
        {
            SIGNED: [*_soa_ns(), ("MX", f"10 mx.{SIGNED}.")],
            f"single.{SIGNED}": [("MX", f"10 mx-single.{SIGNED}.")],
            f"wrong.{SIGNED}": [("MX", f"10 mx-wrong.{SIGNED}.")],
            f"legacy.{SIGNED}": [("MX", f"10 mx-legacy.{SIGNED}.")],
            f"nodane.{SIGNED}": [("MX", f"10 mx-nodane.{SIGNED}.")],
            f"private.{SIGNED}": [("MX", f"10 mx-private.{SIGNED}.")],
            f"elsewhere.{SIGNED}": [("MX", f"10 mx.{UNSIGNED}.")],
            **{f"{label}.{SIGNED}": loopback for label in SIGNED_MX},
            f"_25._tcp.mx.{SIGNED}": [("TLSA", tlsa["ee"]), ("TLSA", tlsa["ta"])],
            f"_25._tcp.mx-single.{SIGNED}": [("TLSA", tlsa["ee"])],
            f"_25._tcp.mx-wrong.{SIGNED}": [("TLSA", tlsa["wrong"])],
            f"_25._tcp.mx-legacy.{SIGNED}": [("TLSA", tlsa["pkix"])],
            f"_25._tcp.mx-private.{SIGNED}": [("TLSA", tlsa["private"]), ("TLSA", tlsa["wrong"])],
        },
    )
    _sign(signed, signed_key)
    unsigned = zone_from_records(
        UNSIGNED,
        {
            UNSIGNED: [*_soa_ns(), ("MX", f"10 mx.{UNSIGNED}.")],
            f"mx.{UNSIGNED}": loopback,
            f"_25._tcp.mx.{UNSIGNED}": [("TLSA", tlsa["ee"])],
        },
    )
    nokey = zone_from_records(NOKEY, {NOKEY: [*_soa_ns(), ("MX", f"10 mx.{SIGNED}.")]})
    nosig = zone_from_records(
        NOSIG,
        {NOSIG: [*_soa_ns(), ("MX", f"10 mx.{SIGNED}."), ("DNSKEY", nosig_key[1].to_text())]},
    )
    bogus = zone_from_records(BOGUS, {BOGUS: [*_soa_ns(), ("MX", f"10 mx.{SIGNED}.")]})
    _sign(bogus, bogus_key)
    ds = {
        SIGNED: signed_key,
        NOKEY: named_key,
        NOSIG: nosig_key,
        BOGUS: named_key,  # not the key the zone is signed with
    }
    parent = zone_from_records(
        PARENT,
        {
            PARENT: _soa_ns(),
            f"ns.{PARENT}": loopback,
            **{
                child: [("NS", f"ns.{PARENT}."), ("DS", _ds(child, key[1]))]
                for child, key in ds.items()
            },
            UNSIGNED: [("NS", f"ns.{PARENT}.")],
        },
    )
    _sign(parent, _key())
    return [parent, signed, unsigned, nokey, nosig, bogus]


def _ds(name: str, key: dns.rdtypes.ANY.DNSKEY.DNSKEY) -> str:
    return dns.dnssec.make_ds(dns.name.from_text(name), key, "SHA256").to_text()


def _faults() -> Faults:
    return Faults(
        rule=lambda name, rdtype: (
            "servfail" if name == SERVFAIL or name.endswith("." + SERVFAIL) else None
        )
    )


@pytest.fixture(scope="session")
def dnssec_server(dnssec_zones: list[dns.zone.Zone]) -> Iterator[DnsServer]:
    """Answers as a resolver that does not validate: RRSIGs with DO, never AD."""
    with DnsServer(dnssec_zones, faults=_faults()) as server:
        yield server


@pytest.fixture(scope="session")
def validating_server(dnssec_zones: list[dns.zone.Zone]) -> Iterator[DnsServer]:
    """Answers as a validating resolver: AD on verified answers, SERVFAIL on bogus ones."""
    with DnsServer(dnssec_zones, faults=_faults(), validating=True) as server:
        yield server


@pytest.fixture
def plain_resolver(dnssec_server: DnsServer) -> Resolver:
    return Resolver([dnssec_server.address], timeout=2)


@pytest.fixture
def validating_resolver(validating_server: DnsServer) -> Resolver:
    return Resolver([validating_server.address], timeout=2)


@pytest.fixture(scope="session")
def mx_server(mx_leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """The MX of every host above: STARTTLS with the session's MX certificate."""
    with SmtpServer(certificate=mx_leaf) as server:
        yield server


@pytest.fixture(scope="session")
def private_mx_server(private_leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """An MX whose certificate no CA the probe knows vouches for."""
    with SmtpServer(certificate=private_leaf) as server:
        yield server
