"""Gather the DMARC facts: the record that applies, and who agreed to receive its reports."""

from __future__ import annotations

import asyncio

from deliverability.context import Context
from deliverability.dmarc import DmarcSyntaxError, is_dmarc_record, parse_record, report_address
from deliverability.dns import Resolver
from deliverability.domains import organizational_domain
from deliverability.facts import DmarcFacts, LookupFact, ReportDestination
from deliverability.facts.dmarc import ReportTag

MAX_DESTINATIONS = 10
"""Report URIs followed at most (each costs a lookup)."""


async def probe(context: Context, resolver: Resolver) -> DmarcFacts:
    domain = context.domain
    organizational = organizational_domain(domain)
    lookups: list[LookupFact] = []
    policy_domain, records = None, []
    # RFC 7489 §6.6.3: the domain itself first, then its organizational domain.
    for candidate in dict.fromkeys((domain, organizational)):
        lookup = await resolver.lookup(f"_dmarc.{candidate}", "TXT")
        lookups.append(lookup.fact())
        if lookup.failed:
            break  # could not check: do not fall through to the parent as if there were none
        records = [text for text in lookup.texts() if is_dmarc_record(text)]
        if records:
            policy_domain = candidate
            break
    destinations: list[ReportDestination] = []
    if policy_domain is not None and len(records) == 1:
        try:
            record = parse_record(records[0])
        except DmarcSyntaxError:
            pass
        else:
            destinations = await _destinations(resolver, policy_domain, record.rua, record.ruf)
    return DmarcFacts.model_construct(
        domain=domain,
        organizational_domain=organizational,
        lookups=lookups,
        policy_domain=policy_domain,
        records=records,
        destinations=destinations,
    )


async def _destinations(
    resolver: Resolver, policy_domain: str, rua: tuple[str, ...], ruf: tuple[str, ...]
) -> list[ReportDestination]:
    """Each report URI, and for a mailbox outside the organization, its authorization record."""
    entries: list[tuple[ReportTag, str]] = [("rua", uri) for uri in rua] + [
        ("ruf", uri) for uri in ruf
    ]
    own = organizational_domain(policy_domain)

    async def describe(tag: ReportTag, uri: str) -> ReportDestination:
        address = report_address(uri)
        domain = (
            address.rpartition("@")[2].lower().rstrip(".") if address and "@" in address else None
        )
        if domain is None or organizational_domain(domain) == own:
            return ReportDestination.model_construct(tag=tag, uri=uri, domain=domain)
        lookup = await resolver.lookup(f"{policy_domain}._report._dmarc.{domain}", "TXT")
        return ReportDestination.model_construct(
            tag=tag, uri=uri, domain=domain, external=True, authorization=lookup.fact()
        )

    return list(
        await asyncio.gather(*(describe(tag, uri) for tag, uri in entries[:MAX_DESTINATIONS]))
    )
