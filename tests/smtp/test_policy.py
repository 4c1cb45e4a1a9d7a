"""The address policy: which addresses a test may connect to on a user's behalf."""

from __future__ import annotations

import asyncio

import pytest

from deliverability.smtp import AddressPolicy

from .smtp_peers import HOST

# An address outside every special-purpose range; it is only classified, never contacted.
PUBLIC = "130.0.0.25"


@pytest.mark.parametrize(
    ("address", "kind"),
    (
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.20.30.40", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "shared"),
        ("192.0.2.25", "documentation"),
        ("2001:db8::25", "documentation"),
        ("64:ff9b::a14:1e28", "reserved"),  # NAT64 to 10.20.30.40
        (PUBLIC, None),
    ),
)
def test_refusal(address: str, kind: str | None) -> None:
    assert AddressPolicy().refusal(address) == kind
    assert AddressPolicy(allow_private=True).refusal(address) is None


def test_ip_literal() -> None:
    refused = asyncio.run(AddressPolicy().resolve("127.0.0.1", resolver=None))  # type: ignore[arg-type]
    assert refused.addresses == () and refused.refused == ("127.0.0.1", "loopback")
    allowed = asyncio.run(AddressPolicy(allow_private=True).resolve("127.0.0.1", resolver=None))  # type: ignore[arg-type]
    assert allowed.addresses == ("127.0.0.1",) and allowed.refused is None


@pytest.mark.parametrize(
    ("host", "allow_private", "addresses", "refused"),
    (
        (HOST, False, (), ("127.0.0.1", "loopback")),
        (HOST, True, ("127.0.0.1",), None),
        ("internal.smtp-submit.test", False, (), ("10.20.30.40", "private")),
        ("nowhere.smtp-submit.test", False, (), None),
    ),
)
def test_names_are_resolved_then_checked(resolver, host, allow_private, addresses, refused) -> None:
    resolution = asyncio.run(
        AddressPolicy(allow_private=allow_private).resolve(host, resolver=resolver)
    )
    assert resolution.addresses == addresses
    assert resolution.refused == refused
    assert [(fact.rdtype, fact.name) for fact in resolution.lookups] == [
        ("A", host),
        ("AAAA", host),
    ]


def test_every_address_of_a_name_is_checked(resolver) -> None:
    # The internal address comes thirteenth, after twelve public ones (A before AAAA).
    resolution = asyncio.run(AddressPolicy().resolve("rebind.smtp-submit.test", resolver=resolver))
    assert resolution.addresses == () and resolution.refused == ("fd00::9", "private")


@pytest.mark.parametrize("host", ("localhost", "mail.localhost"))
def test_localhost_is_loopback_without_dns(host: str) -> None:
    # RFC 6761 §6.3: no lookup (the resolver given would fail the test if one were made).
    refused = asyncio.run(AddressPolicy().resolve(host, resolver=None))  # type: ignore[arg-type]
    assert refused.addresses == () and refused.refused == ("127.0.0.1", "loopback")
    allowed = asyncio.run(AddressPolicy(allow_private=True).resolve(host, resolver=None))  # type: ignore[arg-type]
    assert allowed.addresses == ("127.0.0.1", "::1")


@pytest.mark.parametrize(
    ("host", "refused"),
    (
        ("sitelocal.smtp-submit.test", ("fec0::25", "private")),
        ("relay6to4.smtp-submit.test", ("192.88.99.1", "reserved")),
    ),
)
def test_registry_ranges_are_refused(resolver, host: str, refused: tuple[str, str]) -> None:
    resolution = asyncio.run(AddressPolicy().resolve(host, resolver=resolver))
    assert resolution.addresses == () and resolution.refused == refused
