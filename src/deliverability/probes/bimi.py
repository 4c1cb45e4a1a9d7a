"""Gather the BIMI facts: the assertion record, its logo and its mark certificate."""

from __future__ import annotations

import asyncio

from deliverability.bimi import BimiSyntaxError, is_bimi_record, parse_record
from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.domains import organizational_domain
from deliverability.facts.bimi import BimiFacts
from deliverability.facts.https import FetchFact
from deliverability.facts.lookup import LookupFact

LOGO_LIMIT = 32 * 1024
"""Bytes of SVG read at most: the BIMI group's and Gmail's 32 KB limit."""
CERTIFICATE_LIMIT = 64 * 1024
"""Bytes of PEM read at most (a mark certificate with its chain is a few KB)."""


async def probe(context: Context, resolver: Resolver) -> BimiFacts:
    domain = context.domain
    organizational = organizational_domain(domain)
    lookups: list[LookupFact] = []
    record_domain, records = None, []
    # The record at the domain, else at its organizational domain (BIMI draft §4.4).
    for candidate in dict.fromkeys((domain, organizational)):
        lookup = await resolver.lookup(f"default._bimi.{candidate}", "TXT")
        lookups.append(lookup.fact())
        if lookup.failed:
            break
        records = [text for text in lookup.texts() if is_bimi_record(text)]
        if records:
            record_domain = candidate
            break
    facts = BimiFacts.model_construct(
        domain=domain, lookups=lookups, record_domain=record_domain, records=records
    )
    if len(records) != 1:
        return facts
    try:
        record = parse_record(records[0])
    except BimiSyntaxError:
        return facts
    org_dmarc = (
        (await resolver.lookup(f"_dmarc.{organizational}", "TXT")).fact()
        if organizational != domain
        else None
    )
    logo, certificate = await asyncio.gather(
        _fetch(record.logo, context, resolver, LOGO_LIMIT),
        _fetch(record.authority, context, resolver, CERTIFICATE_LIMIT),
    )
    return facts.model_copy(
        update={"logo": logo, "certificate": certificate, "organizational_dmarc": org_dmarc}
    )


async def _fetch(url: str, context: Context, resolver: Resolver, limit: int) -> FetchFact | None:
    if not url:
        return None
    from deliverability import https  # the HTTPS stack, only for a domain that needs it

    return await https.fetch(
        url,
        resolver=resolver,
        client=https.client_for(context.options.https, context.options.deadline),
        limit=limit,
    )
