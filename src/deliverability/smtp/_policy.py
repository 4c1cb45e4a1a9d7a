"""The address policy: where the tool may connect on a user's behalf (the SSRF guard).

A submission test connects wherever a user points it, so a web form in front of it could
be used to reach the machines behind the server (a database, a metadata service, the
admin port of a router). The policy resolves the host first and refuses every address
that is not public — private, loopback, link-local, multicast, shared, documentation,
reserved — unless it was built with ``allow_private=True`` (a test, or an administrator
checking an internal server). The connection then goes to the checked address itself,
never to the name again, so a second DNS answer cannot swap in another address.
``localhost`` and names under it are the loopback addresses without a lookup (RFC 6761
§6.3), so they are refused like any loopback address unless private ones are allowed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from deliverability.addresses import address_kind, is_ip_address
from deliverability.dns import Resolver
from deliverability.facts import LookupFact

LOOPBACK = ("127.0.0.1", "::1")
"""What ``localhost`` is (RFC 6761 §6.3: resolvers answer it themselves, never from DNS)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """A host's addresses, how the lookups ended, and the first address the policy refused."""

    addresses: tuple[str, ...]
    """Addresses to try, IPv4 first (empty when the host has none, or one was refused)."""
    lookups: tuple[LookupFact, ...] = ()
    """The A and AAAA lookups (none when the host is an IP address)."""
    refused: tuple[str, str] | None = None
    """``(address, kind)`` of an address the policy forbids; nothing is connected then."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses may be connected to; one object shared by the CLI and the web UI."""

    allow_private: bool = False
    """Also allow non-public addresses (loopback, private …): tests and internal servers only."""

    def refusal(self, address: str) -> str | None:
        """Why ``address`` may not be connected to (its kind: ``loopback`` …), or None."""
        kind = address_kind(address)
        return None if kind == "public" or self.allow_private else kind

    async def resolve(self, host: str, *, resolver: Resolver) -> Resolution:
        """The addresses of ``host`` that may be connected to.

        A host whose addresses include a refused one (any of them, not the first few) is
        refused as a whole: a name that mixes public and internal addresses is the shape of a
        rebinding attack.
        """
        if is_ip_address(host) or host == "localhost" or host.endswith(".localhost"):
            given = (host,) if is_ip_address(host) else LOOPBACK
            refused = next(((a, kind) for a in given if (kind := self.refusal(a))), None)
            return Resolution(addresses=() if refused else given, refused=refused)
        results = await asyncio.gather(resolver.lookup(host, "A"), resolver.lookup(host, "AAAA"))
        lookups = tuple(result.fact() for result in results)
        # Every address is checked, however many: one internal address among hundreds of public
        # ones is the rebinding shape. What bounds the loop is the DNS message (64 KiB at most).
        addresses = tuple(address for result in results for address in result.addresses())
        for address in addresses:
            kind = self.refusal(address)
            if kind:
                return Resolution(addresses=(), lookups=lookups, refused=(address, kind))
        return Resolution(addresses=addresses, lookups=lookups)
