"""What kind of IP address this is: public, or a range no internet host can reach.

Shared by the MX check (an MX on a private address is unreachable) and the SMTP address
policy (never connect to internal addresses on a user's behalf). The ranges are data,
``special_addresses.toml``: the IANA special-purpose address registries (IPv4 and IPv6)
with their "Globally Reachable" column, and the IPv6 Address Space registry. An address
takes the most specific block that contains it; it is public only when that block is
globally reachable (and not refused by this project's own stricter policy), or when no
block contains it.

The package reads the file's JSON copy, ``special_addresses.json``, written by
``tools/data_json.py``: parsing the TOML (and importing ``tomllib``) was some 2 % of a
one-domain check. Tests check the copy is up to date and gives the same blocks.
"""

from __future__ import annotations

import functools
import ipaddress
import json
from importlib import resources
from typing import Any, Literal, NamedTuple, get_args

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
Reachable = Literal["True", "False", "N/A", ""]
"""A registry's "Globally Reachable" column, as written there (empty: a terminated allocation)."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class RegistryError(ValueError):
    """The packaged address data is invalid (a bug caught by the tests, never at a user's)."""


class Block(NamedTuple):
    """One block of a registry."""

    network: Network
    name: str
    rfc: str
    reachable: Reachable
    kind: AddressKind
    """What a refusal calls an address of this block."""
    source: str
    """The key of the registry it comes from (``ipv6-special`` …)."""
    refuse: str = ""
    """Why this project refuses the block though the registry says it is globally reachable."""

    @property
    def public(self) -> bool:
        return self.reachable == "True" and not self.refuse


@functools.cache
def blocks() -> tuple[Block, ...]:
    """Every block of the data file, most specific first (validated once)."""
    text = resources.files("deliverability").joinpath("special_addresses.json").read_text("utf-8")
    return _validated(json.loads(text))


def _validated(data: dict[str, Any]) -> tuple[Block, ...]:
    """The blocks of the data file (``special_addresses.toml`` or its JSON copy), checked."""
    found = []
    for row in data["block"]:
        try:
            block = Block(network=ipaddress.ip_network(row.pop("prefix")), **row)
        except (TypeError, ValueError) as exc:
            raise RegistryError(f"special_addresses.toml: {row}: {exc}") from None
        if block.reachable not in get_args(Reachable) or block.kind not in get_args(AddressKind):
            raise RegistryError(f"special_addresses.toml: {block}: unknown reachable or kind")
        if block.source not in data["sources"]:
            raise RegistryError(f"special_addresses.toml: {block}: undeclared source")
        found.append(block)
    if len({block.network for block in found}) != len(found):
        raise RegistryError("special_addresses.toml: a prefix is listed twice")
    return tuple(sorted(found, key=lambda block: -block.network.prefixlen))


def block_of(text: str) -> Block | None:
    """The most specific block that contains the address ``text``, or None."""
    address = ipaddress.ip_address(text.split("%")[0])
    return next(
        (b for b in blocks() if b.network.version == address.version and address in b.network), None
    )


def address_kind(text: str) -> AddressKind:
    """Classify an IPv4 or IPv6 address; raise ValueError if ``text`` is not one.

    An IPv4-mapped IPv6 address (``::ffff:10.0.0.1``) is classified as the IPv4 address it
    carries: that is where a connection to it goes.
    """
    address = ipaddress.ip_address(text.split("%")[0])
    mapped = getattr(address, "ipv4_mapped", None)
    block = block_of(str(mapped if mapped is not None else address))
    return "public" if block is None or block.public else block.kind


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
