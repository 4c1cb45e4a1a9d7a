"""Gather the DKIM facts: the key record of each selector, and the platform's own keys."""

from __future__ import annotations

import asyncio

from deliverability import dkim
from deliverability.context import Context
from deliverability.dns import Outcome, Resolver
from deliverability.facts import DkimFacts, DkimKeyFact, DkimRecordFact, DkimSelectorFact
from deliverability.facts.dkim import SelectorSource
from deliverability.facts.phrase import Phrase
from deliverability.i18n import N_

COMMON_SELECTORS = (
    "default",
    "dkim",
    "mail",
    "google",
    "selector1",
    "selector2",
    "k1",
    "s1",
    "s2",
    "smtp",
)
"""Selectors tried on request: those of the common mailbox hosts and mail software defaults."""

MAX_SELECTORS = 40
"""Selectors looked up at most per diagnosis, whatever the options say."""


async def probe(context: Context, resolver: Resolver) -> DkimFacts | None:
    """None when no selector is known: DKIM keys cannot be listed, only asked for by selector."""
    selectors = _selectors(context)
    if not selectors:
        return None
    platform_domain = context.platform.from_domain if context.platform else None
    found = await asyncio.gather(
        *(
            _selector(resolver, selector, source, context.domain, platform_domain)
            for selector, source in selectors
        )
    )
    return DkimFacts.model_construct(domain=context.domain, selectors=list(found))


def _selectors(context: Context) -> list[tuple[str, SelectorSource]]:
    """Unique selectors, platform first; a selector keeps its most specific source."""
    named: dict[str, SelectorSource] = {}
    # A provider's domain holds only the provider's keys: the platform's selectors are not asked for.
    platform = (
        context.platform.dkim_selectors if context.platform and not context.provider_domain else []
    )
    common = COMMON_SELECTORS if context.options.common_dkim_selectors else ()
    for source, selectors in (
        ("platform", platform),
        ("option", context.options.dkim_selectors),
        ("common", common),
    ):
        for selector in (text.strip().lower() for text in selectors):
            if selector:
                named.setdefault(selector, source)  # type: ignore[arg-type]
    return list(named.items())[:MAX_SELECTORS]


async def _selector(
    resolver: Resolver,
    selector: str,
    source: SelectorSource,
    domain: str,
    platform_domain: str | None,
) -> DkimSelectorFact:
    if source == "platform" and platform_domain is not None:
        record, platform_record = await asyncio.gather(
            _record(resolver, selector, domain), _record(resolver, selector, platform_domain)
        )
    else:
        record, platform_record = await _record(resolver, selector, domain), None
    return DkimSelectorFact.model_construct(
        selector=selector, source=source, record=record, platform_record=platform_record
    )


async def _record(resolver: Resolver, selector: str, domain: str) -> DkimRecordFact:
    name = f"{selector}._domainkey.{domain}"
    lookup = await resolver.lookup(name, "TXT")
    if lookup.outcome is Outcome.NXDOMAIN:
        # A CNAME to a name that does not exist also ends as NXDOMAIN: ask for the CNAME itself
        # so the report can say "your delegation points nowhere" rather than "no record".
        cname = await resolver.lookup(name, "CNAME")
        return DkimRecordFact.model_construct(
            name=name,
            lookup=lookup.fact(),
            cname=cname.fact() if cname.outcome is Outcome.ANSWER else None,
        )
    if lookup.outcome is not Outcome.ANSWER:
        return DkimRecordFact.model_construct(name=name, lookup=lookup.fact())
    texts = lookup.texts()
    if len(texts) > 1:
        error = Phrase.model_construct(
            template=N_("{count} TXT records at one selector; verifiers pick any one of them"),
            values={"count": len(texts)},
        )
        return DkimRecordFact.model_construct(name=name, lookup=lookup.fact(), error=error)
    try:
        key = dkim.parse_record(texts[0])
    except dkim.DkimSyntaxError as exc:
        return DkimRecordFact.model_construct(name=name, lookup=lookup.fact(), error=exc.reason)
    fact = DkimKeyFact.model_construct(
        key_type=key.key_type,
        bits=key.bits,
        revoked=key.revoked,
        testing=key.testing,
        tags=key.tags,
    )
    return DkimRecordFact.model_construct(name=name, lookup=lookup.fact(), key=fact)
