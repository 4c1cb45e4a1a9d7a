"""Gather the sender facts: is the address at a consumer mail provider? (Data only, no network.)"""

from __future__ import annotations

from deliverability import providers
from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.facts.sender import SenderFacts


async def probe(context: Context, resolver: Resolver) -> SenderFacts:
    provider = providers.for_domain(context.domain)
    return SenderFacts.model_construct(
        domain=context.domain,
        address=context.target.address,
        provider=provider.id if provider else None,
        provider_name=provider.name if provider else None,
    )
