"""Gather the PTR facts: forward-confirmed reverse DNS of each sending address, the HELO name."""

from __future__ import annotations

import asyncio
import ipaddress

import dns.reversename

from deliverability.context import Context
from deliverability.dns import Outcome, Resolver
from deliverability.facts import HeloFact, PtrFacts, PtrName, ReverseDns

MAX_PTR_NAMES = 10
"""PTR targets followed per address (the limit RFC 7208 §5.5 sets for the same walk)."""


async def probe(context: Context, resolver: Resolver) -> PtrFacts | None:
    """None without a platform: the sending addresses and the HELO name are the platform's."""
    if context.platform is None:
        return None
    addresses = [str(ip) for ip in context.platform.sending_ips]
    reverse, helo = await asyncio.gather(
        asyncio.gather(*(reverse_dns(resolver, address) for address in addresses)),
        helo_name(resolver, context.platform.helo),
    )
    return PtrFacts.model_construct(addresses=list(reverse), helo=helo)


async def reverse_dns(resolver: Resolver, address: str) -> ReverseDns:
    """Forward-confirmed reverse DNS of ``address``: its PTR names, each looked up again."""
    name = dns.reversename.from_address(address).to_text(omit_final_dot=True)
    lookup = await resolver.lookup(name, "PTR")
    if lookup.outcome is not Outcome.ANSWER:
        return ReverseDns.model_construct(address=address, lookup=lookup.fact())
    rdtype = "A" if ipaddress.ip_address(address).version == 4 else "AAAA"
    # A PTR to the root (".") names no host: nothing to look up.
    named = {name for name in lookup.hostnames() if name not in ("", ".")}
    targets = sorted(named)[:MAX_PTR_NAMES]
    forward = await asyncio.gather(*(resolver.lookup(target, rdtype) for target in targets))
    wanted = ipaddress.ip_address(address)
    names = [
        PtrName.model_construct(
            name=target,
            lookup=result.fact(),
            confirmed=any(ipaddress.ip_address(found) == wanted for found in result.addresses()),
        )
        for target, result in zip(targets, forward, strict=True)
    ]
    return ReverseDns.model_construct(address=address, lookup=lookup.fact(), names=names)


async def helo_name(resolver: Resolver, name: str) -> HeloFact:
    """The addresses a HELO name resolves to."""
    results = await asyncio.gather(resolver.lookup(name, "A"), resolver.lookup(name, "AAAA"))
    return HeloFact.model_construct(
        name=name,
        lookups=[result.fact() for result in results],
        addresses=[address for result in results for address in result.addresses()],
    )
