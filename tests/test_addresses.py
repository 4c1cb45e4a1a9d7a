"""Address kinds: what the MX check calls unreachable and the SMTP policy refuses."""

from __future__ import annotations

import pytest

from deliverability.addresses import address_kind, is_ip_address


@pytest.mark.parametrize(
    ("address", "kind"),
    (
        ("8.8.8.8", "public"),
        ("2a00:1450:4007::1b", "public"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.1.1", "shared"),
        ("192.0.0.8", "reserved"),
        ("198.18.0.1", "reserved"),
        ("240.0.0.1", "reserved"),
        ("2002:a00:1::1", "reserved"),
        ("64:ff9b::a00:1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("192.0.2.1", "documentation"),
        ("2001:db8::1", "documentation"),
    ),
)
def test_kinds(address: str, kind: str) -> None:
    assert address_kind(address) == kind


def test_not_an_address() -> None:
    assert not is_ip_address("mx.example.test")
    with pytest.raises(ValueError):
        address_kind("mx.example.test")
