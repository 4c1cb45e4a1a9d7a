"""Gather the DNSSEC facts: the zones of the domain and its MX hosts, and the MX hosts' TLSA.

A zone is found by walking up from a name with SOA queries (the first name that answers
with its own SOA is the apex), asked with checking disabled (CD) so that a bogus zone is
still found. Its DS (answered by the parent) and DNSKEY are then asked with the DO and AD
bits; a SERVFAIL is asked again with CD, to tell a bogus zone from a server that failed.
"""

from __future__ import annotations

import asyncio

from deliverability.context import Context
from deliverability.dns import Lookup, Outcome, Resolver
from deliverability.facts import DaneFacts, DnssecFacts, LookupFact, TlsaFact, ZoneFact

MAX_HOSTS = 5
"""MX hosts followed at most (as many as the ``--smtp`` probe connects to)."""
MAX_WALK = 8
"""SOA queries at most to find one zone apex: a hostile name may have 127 labels."""


async def probe(context: Context, resolver: Resolver) -> DnssecFacts:
    hosts = await _mx_hosts(resolver, context.domain)
    walked = await asyncio.gather(*(_apex(resolver, name) for name in (context.domain, *hosts)))
    names_by_apex: dict[str | None, list[str]] = {}
    walks: dict[str | None, list[LookupFact]] = {}
    for name, (apex, walk) in zip((context.domain, *hosts), walked, strict=True):
        names_by_apex.setdefault(apex, []).append(name)
        walks.setdefault(apex, []).extend(walk)
    domain_apex = walked[0][0]
    zones = dict(
        zip(
            names_by_apex,
            await asyncio.gather(
                *(
                    _zone(resolver, apex, names, walks[apex])
                    for apex, names in names_by_apex.items()
                )
            ),
            strict=True,
        )
    )
    return DnssecFacts.model_construct(
        domain=zones[domain_apex],
        mx=[zone for apex, zone in zones.items() if apex != domain_apex],
    )


async def dane_probe(context: Context, resolver: Resolver) -> DaneFacts | None:
    """Nothing unless ``--smtp`` was asked for: TLSA is matched against the certificates seen."""
    if not context.options.smtp:
        return None
    hosts = await _mx_hosts(resolver, context.domain)
    found = await asyncio.gather(
        *(resolver.lookup(f"_25._tcp.{host}", "TLSA", dnssec=True) for host in hosts)
    )
    return DaneFacts.model_construct(
        hosts=[
            TlsaFact.model_construct(
                host=host,
                lookup=lookup.fact(),
                signed=lookup.signed,
                authenticated=lookup.authenticated,
            )
            for host, lookup in zip(hosts, found, strict=True)
        ]
    )


async def _mx_hosts(resolver: Resolver, domain: str) -> list[str]:
    """The MX hosts, lowest preference first (the domain itself without MX: RFC 5321 §5.1)."""
    lookup = await resolver.lookup(domain, "MX")
    if lookup.outcome is Outcome.NODATA:
        return [domain]
    ranked = sorted(
        (record.preference, name)
        for record, name in zip(lookup.mx_records(), lookup.hostnames(), strict=True)
    )
    return list(dict.fromkeys(name for _, name in ranked if name not in ("", ".", "@")))[:MAX_HOSTS]


async def _apex(resolver: Resolver, name: str) -> tuple[str | None, list[LookupFact]]:
    """The apex of the zone holding ``name``, and the SOA lookups that found it.

    The walk stops at a failed lookup (None: the zone is unknown, "could not check") and
    before the top-level domain.
    """
    walk: list[LookupFact] = []
    labels = name.rstrip(".").split(".")
    for start in range(min(len(labels) - 1, MAX_WALK)):
        candidate = ".".join(labels[start:])
        lookup = await resolver.lookup(candidate, "SOA", unchecked=True)
        walk.append(lookup.fact())
        if lookup.failed:
            return None, walk
        if lookup.outcome is Outcome.ANSWER and not lookup.cnames:
            return candidate, walk
    return None, walk


async def _zone(
    resolver: Resolver, apex: str | None, names: list[str], walk: list[LookupFact]
) -> ZoneFact:
    if apex is None:
        return ZoneFact.model_construct(names=names, walk=walk)
    (ds, ds_bogus), (dnskey, dnskey_bogus) = await asyncio.gather(
        _checked(resolver, apex, "DS"), _checked(resolver, apex, "DNSKEY")
    )
    return ZoneFact.model_construct(
        names=names,
        apex=apex,
        walk=walk,
        ds=ds.fact(),
        dnskey=dnskey.fact(),
        dnskey_signed=dnskey.signed,
        authenticated=dnskey.authenticated,
        bogus=ds_bogus or dnskey_bogus,
    )


async def _checked(resolver: Resolver, name: str, rdtype: str) -> tuple[Lookup, bool]:
    """The lookup with DNSSEC bits, and whether it is bogus: SERVFAIL, yet answered with CD."""
    lookup = await resolver.lookup(name, rdtype, dnssec=True)
    if lookup.outcome is not Outcome.SERVFAIL:
        return lookup, False
    unchecked = await resolver.lookup(name, rdtype, unchecked=True)
    if unchecked.failed:
        return lookup, False
    return unchecked, True
