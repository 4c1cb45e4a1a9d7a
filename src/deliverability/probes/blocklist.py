"""Ask DNS blocklists about addresses and domains (``check --blocklists``, message analysis).

:func:`query` is the library entry: any caller passes the subjects it knows (the platform's
sending addresses and the MX addresses here; a message's connecting address and linked
domains in message analysis) with the role each plays. Every query goes through the run's
resolver. A Spamhaus Data Query Service key is placed in the query name and nowhere else:
the facts carry the name with ``<key>`` in its place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from deliverability import blocklists
from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.facts.blocklist import BlocklistFacts, BlocklistQuery, Role
from deliverability.facts.lookup import LookupFact
from deliverability.probes.mx import probe as probe_mx

if TYPE_CHECKING:
    from deliverability.blocklists import Blocklist, Catalogue

MAX_SUBJECTS = 32
"""Subjects asked about at most per run: each costs one query per list."""


async def probe(context: Context, resolver: Resolver) -> BlocklistFacts | None:
    """The diagnosis probe: nothing unless blocklists were asked for."""
    catalogue = context.options.blocklists
    if catalogue is None:
        return None
    subjects: list[tuple[str, Role]] = [(context.domain, "domain")]
    if context.platform is not None:
        subjects += [(str(address), "platform") for address in context.platform.sending_ips]
    mx = await probe_mx(context, resolver)  # the MX probe's lookups, answered from the cache
    subjects += [(address, "mx") for host in mx.hosts for address in host.addresses]
    return await query(
        subjects, resolver=resolver, catalogue=catalogue, dqs_key=context.options.spamhaus_key
    )


async def query(
    subjects: Iterable[tuple[str, Role]],
    *,
    resolver: Resolver,
    catalogue: Catalogue | None = None,
    dqs_key: str | None = None,
) -> BlocklistFacts:
    """Ask every applicable list about each ``(address or domain, role)``, concurrently."""
    catalogue = catalogue or blocklists.catalogue()
    unique = list(dict.fromkeys((subject.lower(), role) for subject, role in subjects))
    unique = unique[:MAX_SUBJECTS]
    pairs: list[tuple[Blocklist, str, Role]] = [
        (item, subject, role)
        for subject, role in unique
        for item in catalogue.lists
        if blocklists.applies(item, subject)
    ]
    # Each list asked about anything is also asked for its test entry, which it always lists:
    # a list that answers "not listed" to it is not answering this resolver (one query per run).
    asked = dict.fromkeys(item.id for item, _, _ in pairs)
    pairs += [(item, item.test_entry, "test") for item in catalogue.lists if item.id in asked]

    async def ask(item: Blocklist, subject: str, role: Role) -> BlocklistQuery:
        name = blocklists.query_name(item, subject, dqs_key=dqs_key)
        lookup = (await resolver.lookup(name, "A")).fact()
        return BlocklistQuery.model_construct(
            list_id=item.id, subject=subject, role=role, lookup=_redacted(lookup, dqs_key)
        )

    queries = await asyncio.gather(*(ask(item, subject, role) for item, subject, role in pairs))
    return BlocklistFacts.model_construct(dqs=dqs_key is not None, queries=list(queries))


def _redacted(lookup: LookupFact, dqs_key: str | None) -> LookupFact:
    if not dqs_key:
        return lookup
    return lookup.model_copy(
        update={
            "name": blocklists.redact(lookup.name, dqs_key),
            "error": blocklists.redact(lookup.error, dqs_key),
            "cnames": [blocklists.redact(name, dqs_key) for name in lookup.cnames],
        }
    )
