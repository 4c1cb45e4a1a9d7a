"""The SPF record that authorises the platform: written from the current one, then checked by the engine.

:func:`merged_record` is pure text work: every existing term kept in its order, the ``all``
term and its qualifier kept, ``include:<platform>`` inserted just before ``all`` (after the
last mechanism when there is no ``all``). :func:`verify` evaluates the proposal as if it were
published — it must pass every platform IP, still pass every address the current record
names and passes, and stay within 10 DNS lookups and 2 void lookups.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from deliverability.dns import Resolver
from deliverability.facts.spf import IncludeTree, SpfEvaluation, SpfMerge, SpfNode, SpfResult
from deliverability.spf._evaluator import check_host, walk
from deliverability.spf._limits import MAX_LOOKUPS, MAX_VOID_LOOKUPS
from deliverability.spf._paths import OneTracePerPath
from deliverability.spf._record import SpfSyntaxError, parse_record

NEW_RECORD_ALL = "~all"
"""The ``all`` of a first record. With DMARC, ~all and -all weigh the same (SPF does not pass
either way); without it, ~all keeps the mail of a sender the customer forgot out of outright
rejection while the record is new. Tighten to -all once every sender is listed."""

MAX_SAMPLES = 20
"""Addresses named by the current record that are re-evaluated against the proposal."""


def merged_record(current: str | None, include: str) -> str | None:
    """The record with ``include:<include>`` added, or None when it is already there.

    ``current`` must parse (a record with a syntax error is fixed first, not merged).
    """
    if current is None:
        return f"v=spf1 include:{include} {NEW_RECORD_ALL}"
    record = parse_record(current)
    if any(
        m.name == "include"
        and m.domain is not None
        and m.domain.text.lower().rstrip(".") == include
        for m in record.mechanisms
    ):
        return None
    terms = current.split(" ")
    terms = [term for term in terms if term]
    version, rest = terms[0], terms[1:]
    if record.all is not None:
        position = record.all.index - 1
    elif record.mechanisms:
        position = max(m.index for m in record.mechanisms)
    else:
        position = 0
    rest.insert(position, f"include:{include}")
    return " ".join([version, *rest])


async def verify(
    *,
    domain: str,
    current: str | None,
    current_tree: IncludeTree | None,
    proposed: str,
    include: str,
    ips: Sequence[str],
    sender: str,
    helo: str,
    resolver: Resolver,
) -> SpfMerge:
    """Evaluate ``proposed`` at ``domain`` without publishing it, against ``current``."""

    async def evaluate(ip: str, record: str) -> SpfEvaluation:
        return await check_host(
            ip=ip, domain=domain, sender=sender, helo=helo, resolver=resolver, record=record
        )

    # Evaluations one at a time (after the first, every answer comes from the cache): all at
    # once, a batch's diagnoses would hold every address's evaluation in flight together.
    tree = await walk(domain, resolver=resolver, record=proposed)
    paths = OneTracePerPath()
    platform_results = [paths.keep(await evaluate(ip, proposed)) for ip in ips]
    samples = (
        list(_samples(current_tree.root))[:MAX_SAMPLES]
        if current is not None and current_tree
        else []
    )
    before = [(await evaluate(ip, current)).result for ip in samples] if current else []
    after = [(await evaluate(ip, proposed)).result for ip in samples]
    kept = [
        ip
        for ip, old, new in zip(samples, before, after, strict=True)
        if old is SpfResult.PASS and new is SpfResult.PASS
    ]
    lost = [
        ip
        for ip, old, new in zip(samples, before, after, strict=True)
        if old is SpfResult.PASS and new is not SpfResult.PASS
    ]
    results = [outcome.result for outcome in platform_results] + list(before) + list(after)
    unknown = SpfResult.TEMPERROR in results or bool(tree.failed)
    verified = (
        not unknown
        and not lost
        and all(outcome.result is SpfResult.PASS for outcome in platform_results)
        and tree.lookups <= MAX_LOOKUPS
        and tree.void_lookups <= MAX_VOID_LOOKUPS
    )
    return SpfMerge.model_construct(
        current=current,
        proposed=proposed,
        include=include,
        verified=verified,
        lookups=tree.lookups,
        void_lookups=tree.void_lookups,
        platform_results=platform_results,
        kept=kept,
        lost=lost,
        unknown=unknown,
    )


def _samples(node: SpfNode) -> Iterator[str]:
    """One address of each ip4/ip6 network named anywhere in the tree (the first of the network)."""
    if node.record is not None:
        try:
            record = parse_record(node.record)
        except SpfSyntaxError:
            record = None
        for mechanism in record.mechanisms if record else ():
            if mechanism.network is not None:
                yield str(mechanism.network.network_address)
    for child in node.children:
        yield from _samples(child)
