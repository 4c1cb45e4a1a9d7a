"""Blocklist rules: listed, not listed, or not tested — never a refusal read as a listing.

Each answer is read against the list's data (``blocklists/lists.toml``): a listing becomes
``blocklist.listed`` (or ``blocklist.range_listed`` for lists of whole networks), a refusal by
the operator ``blocklist.refused`` (one per list), a failed lookup ``blocklist.unavailable``
(one per list), and when nothing is listed, one ``blocklist.ok`` naming the lists that answered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from deliverability import blocklists
from deliverability.blocklists import Verdict
from deliverability.codes import blocklist as blocklist_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.facts import BlocklistFacts, BlocklistQuery, Facts
from deliverability.facts.blocklist import SkippedSubject
from deliverability.report import Finding, Severity

if TYPE_CHECKING:
    from deliverability.blocklists import Blocklist, Catalogue

_SEVERITIES = {
    "info": Severity.INFO,
    "warning": Severity.WARNING,
    "error": Severity.ERROR,
    "critical": Severity.CRITICAL,
}


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.blocklist is None:
        return []
    return list(findings(facts.blocklist, context.options.blocklists or blocklists.catalogue()))


def findings(facts: BlocklistFacts, catalogue: Catalogue) -> Iterator[Finding]:
    """The findings of a set of blocklist answers (also for callers outside a diagnosis)."""
    by_list: dict[str, list[tuple[BlocklistQuery, Verdict]]] = defaultdict(list)
    items: dict[str, Blocklist] = {}
    for item, query, verdict in blocklists.readings(facts, catalogue):
        items[item.id] = item
        by_list[item.id].append((query, verdict))
    tests = {query.list_id: query for query in facts.queries if query.role == "test"}
    listed = False
    clean_lists, clean_subjects = [], []
    for list_id, answers in by_list.items():
        item = items[list_id]
        for query, verdict in answers:
            if verdict.outcome == "listed":
                listed = True
                yield _listed(item, query, verdict)
        yield from _not_tested(item, answers, tests.get(list_id))
        clean = [query.subject for query, verdict in answers if verdict.outcome == "clean"]
        if clean:
            clean_lists.append(item.name)
            clean_subjects += clean
    yield from _skipped(facts)
    if not listed and clean_lists:
        yield finding(
            blocklist_codes.OK,
            {
                "count": len(clean_lists),
                "lists": clean_lists,
                "subjects": list(dict.fromkeys(clean_subjects)),
            },
        )


def _skipped(facts: BlocklistFacts) -> Iterator[Finding]:
    """One finding per reason for the subjects left out: not tested, never "not listed"."""
    by_reason: dict[str, list[SkippedSubject]] = defaultdict(list)
    for skipped in facts.skipped:
        by_reason[skipped.reason].append(skipped)
    for reason, subjects in by_reason.items():
        yield finding(
            blocklist_codes.NOT_QUERIED,
            {
                "subjects": [skipped.subject for skipped in subjects],
                "role_label": blocklist_codes.ROLE_LABELS[subjects[0].role],
                "reason_label": blocklist_codes.SKIP_LABELS[reason],
            },
        )


def _listed(item: Blocklist, query: BlocklistQuery, verdict: Verdict) -> Finding:
    return finding(
        blocklist_codes.RANGE_LISTED if item.informational else blocklist_codes.LISTED,
        {
            "list": item.name,
            "list_id": item.id,
            "subject": query.subject,
            "role": query.role,
            "role_label": blocklist_codes.ROLE_LABELS[query.role],
            "meaning_label": [
                blocklist_codes.CATEGORY_LABELS[category] for category in verdict.categories
            ],
            "codes": list(verdict.codes),
            "delisting": item.delisting,
        },
        evidence=[query.lookup.describe()],
        severity=_SEVERITIES[verdict.severity],
    )


def _not_tested(
    item: Blocklist, answers: list[tuple[BlocklistQuery, Verdict]], test: BlocklistQuery | None
) -> Iterator[Finding]:
    """One finding per list for its refusals, one for its failed lookups: never "listed"."""
    refused = [(query, verdict) for query, verdict in answers if verdict.refusal is not None]
    silent = test is not None and any(verdict.refusal == "silent" for _, verdict in refused)
    if refused:
        yield finding(
            blocklist_codes.REFUSED,
            {
                "list": item.name,
                "list_id": item.id,
                "subjects": [query.subject for query, _ in refused],
                "codes": sorted({code for _, verdict in refused for code in verdict.codes}),
                "reason_label": blocklist_codes.REFUSAL_LABELS[refused[0][1].refusal or "other"],
                "terms": item.terms,
            },
            evidence=([test.lookup.describe()] if silent and test else [])
            + [query.lookup.describe() for query, _ in refused],
        )
    failed = [
        query
        for query, verdict in answers
        if verdict.outcome == "not_tested" and verdict.refusal is None
    ]
    if failed:
        yield finding(
            blocklist_codes.UNAVAILABLE,
            {
                "list": item.name,
                "list_id": item.id,
                "subjects": [query.subject for query in failed],
                "outcome": failed[0].lookup.outcome,
            },
            evidence=[query.lookup.describe() for query in failed],
        )
