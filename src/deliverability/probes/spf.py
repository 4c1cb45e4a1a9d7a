"""Gather the SPF facts: the record, its include tree, what it does for the platform, the merge.

All the I/O of the SPF check is here (through the engine); the rules in ``checks/spf.py``
and the advice in ``advice/spf.py`` only read what this returns.
"""

from __future__ import annotations

from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.facts.spf import SpfFacts, SpfMerge, SpfResult
from deliverability.spf._evaluator import check_host, walk
from deliverability.spf._merge import merged_record, verify
from deliverability.spf._paths import OneTracePerPath
from deliverability.spf._record import SpfSyntaxError, is_spf_record, parse_record

MAX_PLATFORM_IPS = 16
"""Platform addresses evaluated (each result is kept in the report, each path's trace once)."""


async def probe(context: Context, resolver: Resolver) -> SpfFacts:
    domain = context.domain
    lookup = await resolver.lookup(domain, "TXT")
    records = [text.decode("latin-1") for text in lookup.txt_bytes() if is_spf_record(text)]
    facts = SpfFacts.model_construct(domain=domain, lookup=lookup.fact(), records=records)
    platform = context.platform
    if platform is not None:
        facts = facts.model_copy(update={"platform_include": platform.spf_include})
    if lookup.failed or len(records) > 1:
        return facts
    record = records[0] if records else None
    if record is not None:
        try:
            parsed = parse_record(record)
        except SpfSyntaxError as exc:
            return facts.model_copy(update={"syntax_error": exc.phrase})
        tree = await walk(domain, resolver=resolver)
        redirect = parsed.redirect.value.text if parsed.redirect else None
        all_qualifier = parsed.all.qualifier if parsed.all else None
        facts = facts.model_copy(
            update={"tree": tree, "redirect": redirect, "all_qualifier": all_qualifier}
        )
    if platform is None or context.provider_domain:
        return facts  # a provider's domain: the platform is not to be authorised there
    sender = context.target.address or f"postmaster@{domain}"
    ips = platform.sending_addresses[:MAX_PLATFORM_IPS]
    # One address at a time: after the first, the tree's answers are cached and the others
    # take no round trip; all at once, a batch of 200 targets holds 3,200 evaluations in flight.
    paths = OneTracePerPath()
    results = (
        [
            paths.keep(
                await check_host(
                    ip=ip, domain=domain, sender=sender, helo=platform.helo, resolver=resolver
                )
            )
            for ip in ips
        ]
        if record is not None
        else []
    )
    facts = facts.model_copy(update={"platform_results": results})
    if results and all(outcome.result is SpfResult.PASS for outcome in results):
        return facts
    merge = await _merge(facts, platform.spf_include, ips, sender, platform.helo, resolver)
    return facts.model_copy(update={"merge": merge})


async def _merge(
    facts: SpfFacts, include: str, ips: list[str], sender: str, helo: str, resolver: Resolver
) -> SpfMerge | None:
    proposed = merged_record(facts.record, include)
    if proposed is None:
        return None  # the include is there already: the platform check says what else is wrong
    return await verify(
        domain=facts.domain,
        current=facts.record,
        current_tree=facts.tree,
        proposed=proposed,
        include=include,
        ips=ips,
        sender=sender,
        helo=helo,
        resolver=resolver,
    )
