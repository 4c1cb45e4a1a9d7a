"""The guard every test runs under: nothing leaves loopback."""

from __future__ import annotations

import socket

import pytest

from deliverability.testing import network_guard

NetworkBlocked = network_guard.NetworkBlocked


@pytest.mark.parametrize("address", (("192.0.2.1", 53), ("2001:db8::1", 53, 0, 0)))
def test_connections_beyond_loopback_are_refused(address: tuple) -> None:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkBlocked):
        sock.connect(address)


def test_datagrams_beyond_loopback_are_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkBlocked):
        sock.sendto(b"x", ("198.51.100.1", 53))


def test_name_lookups_beyond_loopback_are_refused() -> None:
    with pytest.raises(NetworkBlocked, match="example.com"):
        socket.getaddrinfo("example.com", 443)


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"x", ("127.0.0.1", 9))
    assert socket.getaddrinfo("localhost", 80)
