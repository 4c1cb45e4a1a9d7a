"""What kind of IP address this is: public, or a range no internet host can reach.

Shared by the MX check (an MX on a private address is unreachable) and the SMTP address
policy (never connect to internal addresses on a user's behalf).
"""

from __future__ import annotations

import ipaddress
from typing import Literal

AddressKind = Literal[
    "public",
    "private",
    "loopback",
    "link-local",
    "multicast",
    "unspecified",
    "reserved",
    "shared",
    "documentation",
]

_DOCUMENTATION = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20")
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_RESERVED = tuple(
    ipaddress.ip_network(net)
    for net in (
        "192.0.0.0/24",  # IETF protocol assignments (RFC 6890)
        "198.18.0.0/15",  # benchmarking (RFC 2544)
        "240.0.0.0/4",  # reserved for future use (RFC 1112)
        "2002::/16",  # 6to4: wraps an IPv4 address that may be internal (RFC 3056)
        "64:ff9b::/96",  # NAT64: likewise (RFC 6052)
        "64:ff9b:1::/48",  # local-use NAT64 (RFC 8215)
        "100::/64",  # discard-only (RFC 6666)
    )
)


def address_kind(text: str) -> AddressKind:
    """Classify an IPv4 or IPv6 address; raise ValueError if ``text`` is not one."""
    address = ipaddress.ip_address(text.split("%")[0])
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    if any(address in net for net in _DOCUMENTATION if net.version == address.version):
        return "documentation"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if address.version == 4 and address in _SHARED:
        return "shared"
    if any(address in net for net in _RESERVED if net.version == address.version):
        return "reserved"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return "public"


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
