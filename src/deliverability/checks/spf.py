"""SPF rules: one valid record, within the limits, strict enough, and authorising the platform.

Pure: reads :class:`SpfFacts` (the probe did every lookup and evaluation through the SPF
engine) and parses record text only.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.facts.spf import IncludeTree, SpfEvaluation, SpfFacts, SpfNode, SpfResult
from deliverability.report import Finding, Severity
from deliverability.spf import (
    MAX_LOOKUPS,
    MAX_VOID_LOOKUPS,
    SpfSyntaxError,
    is_spf_record,
    parse_record,
)

MAX_RECORD_BYTES = 450
"""RFC 7208 §3.4: keep the record small enough for a UDP answer."""
_MAX_LISTED = 20


def check(facts: Facts, context: Context) -> list[Finding]:
    spf = facts.spf
    if spf is None:
        return []
    findings = list(_findings(spf, context))
    if spf.record is not None and not any(f.severity >= Severity.WARNING for f in findings):
        lookups = spf.tree.lookups if spf.tree else 0
        findings.insert(
            0,
            finding(
                "spf.ok",
                evidence=[spf.lookup.describe()],
                domain=spf.domain,
                record=spf.record,
                lookups=lookups,
            ),
        )
    return findings


def _findings(spf: SpfFacts, context: Context) -> Iterator[Finding]:
    domain = spf.domain
    evidence = [spf.lookup.describe()]
    if spf.lookup.failed:
        yield unavailable(spf.lookup, check="spf")
        return
    if not spf.records:
        yield finding("spf.missing", evidence=evidence, domain=domain)
        return
    if len(spf.records) > 1:
        yield finding("spf.multiple", evidence=evidence, domain=domain, count=len(spf.records))
        return
    record = spf.records[0]
    if spf.syntax_error:
        yield finding(
            "spf.syntax", evidence=evidence, domain=domain, error=spf.syntax_error, record=record
        )
        return
    size = len(record.encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        yield finding("spf.too_long", evidence=evidence, domain=domain, size=size)
    if spf.all_qualifier in ("+", "?"):
        term = f"{spf.all_qualifier}all"
        severity = Severity.ERROR if spf.all_qualifier == "+" else Severity.WARNING
        yield finding(
            "spf.permissive_all", evidence=evidence, severity=severity, domain=domain, term=term
        )
    elif spf.all_qualifier is None and spf.redirect is None:
        yield finding("spf.no_all", evidence=evidence, domain=domain)
    if spf.tree is not None:
        yield from _tree(spf.tree, domain)
    yield from _platform(spf, context)


def _tree(tree: IncludeTree, domain: str) -> Iterator[Finding]:
    nodes = list(_nodes(tree.root))
    evidence = [_describe(node) for node in nodes][:_MAX_LISTED]
    seen: set[tuple[str, str]] = set()
    for lookup in tree.failed:
        if (lookup.name, lookup.rdtype) not in seen:
            seen.add((lookup.name, lookup.rdtype))
            yield unavailable(lookup, check="spf")
    if tree.lookups > MAX_LOOKUPS:
        breakdown = [f"{node.domain} {node.lookups}" for node in nodes if node.lookups][
            :_MAX_LISTED
        ]
        yield finding(
            "spf.too_many_lookups",
            evidence=evidence,
            domain=domain,
            lookups=tree.lookups,
            breakdown=breakdown,
        )
    if tree.void_lookups > MAX_VOID_LOOKUPS:
        records = [f"{node.domain} ({node.void_lookups})" for node in nodes if node.void_lookups][
            :_MAX_LISTED
        ]
        yield finding(
            "spf.too_many_void_lookups",
            evidence=evidence,
            domain=domain,
            void=tree.void_lookups,
            records=records,
        )
    with_ptr = [node.domain for node in nodes if _uses_ptr(node)]
    if with_ptr:
        yield finding("spf.ptr", evidence=evidence, domain=domain, records=with_ptr[:_MAX_LISTED])
    for parent in nodes:
        for child in parent.children:
            if _has_no_record(child):
                yield finding(
                    "spf.include_missing",
                    evidence=[child.lookup.describe()] if child.lookup else [],
                    domain=domain,
                    parent=parent.domain,
                    term=child.via,
                    target=child.domain,
                )


def _platform(spf: SpfFacts, context: Context) -> Iterator[Finding]:
    platform = context.platform
    if platform is None or context.provider_domain:
        return  # a provider's domain: sender.freemail says what to do instead
    failing = [
        outcome
        for outcome in spf.platform_results
        if outcome.result not in (SpfResult.PASS, SpfResult.TEMPERROR)
    ]
    if failing:
        severity = (
            Severity.CRITICAL
            if any(o.result is SpfResult.FAIL for o in failing)
            else Severity.ERROR
        )
        yield finding(
            "spf.platform_not_authorized",
            evidence=[_explain(outcome) for outcome in failing],
            severity=severity,
            domain=spf.domain,
            platform=platform.name,
            include=platform.spf_include,
            outcomes=[_explain(outcome) for outcome in failing],
        )
    merge = spf.merge
    if merge is not None and not merge.verified and not merge.unknown:
        passing = sum(outcome.result is SpfResult.PASS for outcome in merge.platform_results)
        yield finding(
            "spf.merge_impossible",
            evidence=[
                f"proposed: {merge.proposed}",
                *(_explain(o) for o in merge.platform_results),
            ],
            domain=spf.domain,
            platform=platform.name,
            include=merge.include,
            proposed=merge.proposed,
            lookups=merge.lookups,
            void=merge.void_lookups,
            passing=passing,
            total=len(merge.platform_results),
            lost=len(merge.lost),
        )


def _explain(outcome: SpfEvaluation) -> str:
    """``192.0.2.25: softfail (~all in example.com)``."""
    if outcome.matched:
        return (
            f"{outcome.ip}: {outcome.result.value} ({outcome.matched} in {outcome.matched_domain})"
        )
    reason = f" ({outcome.reason})" if outcome.reason else ""
    return f"{outcome.ip}: {outcome.result.value}{reason}"


def _nodes(node: SpfNode) -> Iterator[SpfNode]:
    yield node
    for child in node.children:
        yield from _nodes(child)


def _describe(node: SpfNode) -> str:
    via = f" (via {node.via})" if node.via else ""
    return f"{node.domain}{via}: {node.record if node.record is not None else node.error}"


def _uses_ptr(node: SpfNode) -> bool:
    if node.record is None:
        return False
    try:
        return any(mechanism.name == "ptr" for mechanism in parse_record(node.record).mechanisms)
    except SpfSyntaxError:
        return False


def _has_no_record(node: SpfNode) -> bool:
    """Looked up (not a failure) and no v=spf1 record among its TXT records."""
    lookup = node.lookup
    if lookup is None or lookup.failed:
        return False
    return not any(is_spf_record(text) for text in lookup.records)
