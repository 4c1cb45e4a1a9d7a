"""Gather the MX facts: the MX records, and the addresses of each target."""

from __future__ import annotations

import asyncio

from deliverability import providers
from deliverability.context import Context
from deliverability.dns import Lookup, Outcome, Resolver
from deliverability.facts import LookupFact, MxFacts, MxHost

MAX_HOSTS = 20
"""MX targets followed at most: a hostile zone may publish thousands."""


async def probe(context: Context, resolver: Resolver) -> MxFacts:
    lookup = await resolver.lookup(context.domain, "MX")
    if lookup.outcome is Outcome.NODATA:
        implicit = await _addresses(resolver, context.domain)
        return MxFacts.model_construct(lookup=lookup.fact(), implicit=implicit)
    if lookup.outcome is not Outcome.ANSWER:
        return MxFacts.model_construct(lookup=lookup.fact())
    exchanges = sorted((r.preference, _name(r.exchange)) for r in lookup.mx_records())[:MAX_HOSTS]
    named = sorted({name for _, name in exchanges if name})
    found = dict(
        zip(
            named,
            await asyncio.gather(*(_addresses(resolver, name) for name in named)),
            strict=True,
        )
    )
    hosts = [
        MxHost.model_construct(
            preference=preference,
            name=name,
            lookups=found.get(name, []),
            addresses=[
                address
                for fact in found.get(name, [])
                if fact.outcome == "answer"
                for address in fact.records
            ],
        )
        for preference, name in exchanges
    ]
    return MxFacts.model_construct(
        lookup=lookup.fact(),
        hosts=hosts,
        mailbox_host=providers.mailbox_host([host.name for host in hosts if host.name]),
    )


async def _addresses(resolver: Resolver, name: str) -> list[LookupFact]:
    results: tuple[Lookup, ...] = tuple(
        await asyncio.gather(resolver.lookup(name, "A"), resolver.lookup(name, "AAAA"))
    )
    return [result.fact() for result in results]


def _name(exchange: object) -> str:
    """The exchange as text; the root name (a null MX) is the empty string."""
    text: str = exchange.to_text(omit_final_dot=True).lower()  # type: ignore[attr-defined]
    return "" if text in ("@", ".") else text
