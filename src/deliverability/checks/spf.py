"""SPF rules: one valid record, within the limits, strict enough, and authorising the platform.

Pure: reads :class:`SpfFacts` (the probe did every lookup and evaluation through the SPF
engine) and parses record text only.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import spf as spf_codes
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.facts.phrase import Phrase, PhraseValue
from deliverability.facts.spf import (
    IncludeTree,
    SpfEvaluation,
    SpfFacts,
    SpfNode,
    SpfPermerror,
    SpfResult,
)
from deliverability.i18n import N_
from deliverability.report import Finding, Severity
from deliverability.spf import (
    MAX_LOOKUPS,
    MAX_VOID_LOOKUPS,
    SpfSyntaxError,
    is_spf_record,
    parse_record,
)
from deliverability.spf._ranges import wide_ranges

MAX_RECORD_BYTES = 450
"""RFC 7208 §3.4: keep the record small enough for a UDP answer."""
_MAX_LISTED = 20


def check(facts: Facts, context: Context) -> list[Finding]:
    spf = facts.spf
    if spf is None:
        return []
    findings = list(_findings(spf, context))
    # Never OK next to a problem, nor when the record ends in permerror for the addresses
    # checked or anywhere in its tree, or authorises a large share of the internet (each of
    # which is an error finding of its own, above).
    if spf.record is not None and not any(f.severity >= Severity.WARNING for f in findings):
        lookups = spf.tree.lookups if spf.tree else 0
        findings.insert(
            0,
            finding(
                spf_codes.OK,
                {"domain": spf.domain, "record": spf.record, "lookups": lookups},
                evidence=[spf.lookup.describe()],
            ),
        )
    return findings


def failing(facts: Facts, context: Context) -> bool:
    """An SPF finding at error or above: receivers' requirements never count SPF as met then."""
    return any(finding.severity >= Severity.ERROR for finding in check(facts, context))


def _findings(spf: SpfFacts, context: Context) -> Iterator[Finding]:
    domain = spf.domain
    evidence = [spf.lookup.describe()]
    if spf.lookup.failed:
        yield unavailable(spf.lookup, check="spf")
        return
    if not spf.records:
        yield finding(spf_codes.MISSING, {"domain": domain}, evidence=evidence)
        return
    if len(spf.records) > 1:
        yield finding(
            spf_codes.MULTIPLE, {"domain": domain, "count": len(spf.records)}, evidence=evidence
        )
        return
    record = spf.records[0]
    if spf.syntax_error:
        yield finding(
            spf_codes.SYNTAX,
            {"domain": domain, "error": spf.syntax_error, "record": record},
            evidence=evidence,
        )
        return
    size = len(record.encode("utf-8"))
    if size > MAX_RECORD_BYTES:
        yield finding(spf_codes.TOO_LONG, {"domain": domain, "size": size}, evidence=evidence)
    if spf.all_qualifier in ("+", "?"):
        term = f"{spf.all_qualifier}all"
        severity = Severity.ERROR if spf.all_qualifier == "+" else Severity.WARNING
        yield finding(
            spf_codes.PERMISSIVE_ALL,
            {"domain": domain, "term": term},
            evidence=evidence,
            severity=severity,
        )
    elif spf.all_qualifier is None and spf.redirect is None:
        yield finding(spf_codes.NO_ALL, {"domain": domain}, evidence=evidence)
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
            spf_codes.TOO_MANY_LOOKUPS,
            {"domain": domain, "lookups": tree.lookups, "breakdown": breakdown},
            evidence=evidence,
        )
    if tree.void_lookups > MAX_VOID_LOOKUPS:
        records = [f"{node.domain} ({node.void_lookups})" for node in nodes if node.void_lookups][
            :_MAX_LISTED
        ]
        yield finding(
            spf_codes.TOO_MANY_VOID_LOOKUPS,
            {"domain": domain, "void": tree.void_lookups, "records": records},
            evidence=evidence,
        )
    yield from _permerrors(tree.permerrors, domain, nodes)
    for wide in wide_ranges(tree.root)[:_MAX_LISTED]:
        node = next(node for node in nodes if node.domain == wide.domain)
        yield finding(
            spf_codes.PERMISSIVE_RANGE,
            {
                "domain": domain,
                "record": wide.domain,
                "term": wide.term,
                "family": wide.family,
                "prefix": wide.prefix,
                "share": wide.share,
            },
            evidence=[_describe(node)],
        )
    with_ptr = [node.domain for node in nodes if _uses_ptr(node)]
    if with_ptr:
        yield finding(
            spf_codes.PTR, {"domain": domain, "records": with_ptr[:_MAX_LISTED]}, evidence=evidence
        )
    for parent in nodes:
        for child in parent.children:
            if _has_no_record(child):
                yield finding(
                    spf_codes.INCLUDE_MISSING,
                    {
                        "domain": domain,
                        "parent": parent.domain,
                        "term": child.via,
                        "target": child.domain,
                    },
                    evidence=[child.lookup.describe()] if child.lookup else [],
                )


def _permerrors(
    permerrors: list[SpfPermerror], domain: str, nodes: list[SpfNode]
) -> Iterator[Finding]:
    """Loops, mx terms over the limit and records that cannot be evaluated, once each."""
    records = {node.domain: node.record for node in nodes if node.record is not None}
    seen: set[tuple[str, str, str, str]] = set()
    for problem in permerrors:
        key = (problem.kind, problem.record, problem.term, problem.target)
        if key in seen:
            continue
        seen.add(key)
        params = {
            "domain": domain,
            "record": problem.record,
            "term": problem.term,
            "target": problem.target,
        }
        if problem.kind == "loop":
            chain = " → ".join(problem.chain)
            shown = [
                f"{name}: {records[name]}"
                for name in dict.fromkeys(problem.chain)
                if name in records
            ]
            yield finding(spf_codes.LOOP, {**params, "chain": chain}, evidence=[chain, *shown])
        elif problem.kind == "too_many_mx":
            yield finding(
                spf_codes.TOO_MANY_MX_RECORDS,
                {**params, "count": problem.count},
                evidence=[problem.reason],
            )
        else:
            yield finding(spf_codes.INCLUDE_INVALID, params, evidence=[problem.reason])


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
            spf_codes.PLATFORM_NOT_AUTHORIZED,
            {
                "domain": spf.domain,
                "platform": platform.name,
                "include": platform.spf_include,
                "outcomes": [_explain(outcome) for outcome in failing],
            },
            evidence=[str(_explain(outcome)) for outcome in failing],
            severity=severity,
        )
    merge = spf.merge
    if merge is not None and not merge.verified and not merge.unknown:
        passing = sum(outcome.result is SpfResult.PASS for outcome in merge.platform_results)
        yield finding(
            spf_codes.MERGE_IMPOSSIBLE,
            {
                "domain": spf.domain,
                "platform": platform.name,
                "include": merge.include,
                "proposed": merge.proposed,
                "lookups": merge.lookups,
                "void": merge.void_lookups,
                "passing": passing,
                "total": len(merge.platform_results),
                "lost": len(merge.lost),
            },
            evidence=[
                f"proposed: {merge.proposed}",
                *(str(_explain(o)) for o in merge.platform_results),
            ],
        )


def _explain(outcome: SpfEvaluation) -> Phrase:
    """``192.0.2.25: softfail (~all in example.com)``, in either language."""
    values: dict[str, PhraseValue] = {"ip": outcome.ip, "result": outcome.result.value}
    if outcome.matched:
        values |= {"term": outcome.matched, "domain": outcome.matched_domain or ""}
        return Phrase.model_construct(
            template=N_("{ip}: {result} ({term} in {domain})"), values=values
        )
    if outcome.reason:
        return Phrase.model_construct(
            template=N_("{ip}: {result} ({reason})"), values=values | {"reason": outcome.reason}
        )
    return Phrase.model_construct(template=N_("{ip}: {result}"), values=values)


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
