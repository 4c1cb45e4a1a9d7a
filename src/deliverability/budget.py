"""The report's size budget: whatever peers sent, a Report's JSON stays under a bound.

Facts keep what DNS and SMTP peers said, and a hostile zone can say a lot: an SPF include
tree of 50 names with 10 TXT records of 3,900 bytes each, evaluated for 16 platform
addresses, made a 27.5 MB report. :func:`bound` is applied once, where the pipeline
assembles a report (:func:`deliverability.diagnosis.diagnose`), so every renderer, the
dashboard's store and a batch's output get the bounded report.

When the report's JSON (as ``--format json`` writes it, indented) is over the budget, the
bulky parts are cut in steps, each tighter than the last, until it fits:

1. the facts (DNS records, the SPF trace and include tree, SMTP transcripts) and the
   findings' evidence: long texts and long lists are cut, the facts more tightly;
2. then the facts are left out (a re-analysis of this report is no longer possible);
3. then the least severe findings are left out.

Nothing that tells the user what to do is cut: finding titles, details and fixes, and the
recommended changes stay whole. A cut is visible and language-neutral: a cut text ends
with ``…``, a cut list of texts ends with ``… +N`` (N items left out), and
:attr:`Report.truncated` lists the parts that were cut (``facts.spf.tree.root.lookup.records``),
for renderers to say so in the reader's language.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection
from typing import NamedTuple, TypeVar

from pydantic import BaseModel

from deliverability.facts import Facts
from deliverability.report import Report

DEFAULT_MAX_BYTES = 1_000_000
"""A report's JSON is at most this many bytes (1 MB) by default."""

MARK = "…"
"""Ends a cut text; ``… +N`` ends a cut list of texts."""

T = TypeVar("T")


class _Cut(NamedTuple):
    items: int
    """Items kept of each list."""
    chars: int
    """Characters kept of each text."""


_STEPS: tuple[tuple[_Cut | None, _Cut], ...] = (
    # (facts, evidence); None: the facts are left out.
    (_Cut(200, 4096), _Cut(100, 4096)),
    (_Cut(50, 1024), _Cut(50, 4096)),
    (_Cut(20, 256), _Cut(20, 2048)),
    (_Cut(10, 100), _Cut(10, 1024)),
    (None, _Cut(10, 512)),
    (None, _Cut(5, 200)),
)


def size(report: Report) -> int:
    """Bytes of the report's JSON as written by ``--format json`` (UTF-8, indented)."""
    return len(report.__pydantic_serializer__.to_json(report, indent=2))


def bound(report: Report, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """``report`` if its JSON fits in ``max_bytes``, else a copy cut to fit (see the module)."""
    estimated = _estimate(report)
    if _fits(estimated, report, max_bytes):
        return report
    candidate = report
    for facts_cut, evidence_cut in _STEPS[_first_step(estimated / max_bytes) :]:
        cuts: set[str] = set()
        if facts_cut is None:
            facts = Facts.model_construct()
            cuts.add("facts")
        else:
            facts = _trim(report.facts, facts_cut, "facts", cuts)
        findings = [
            finding.model_copy(
                update={
                    "evidence": _trim(finding.evidence, evidence_cut, "findings.evidence", cuts)
                }
            )
            for finding in report.findings
        ]
        candidate = report.model_copy(
            update={"facts": facts, "findings": findings, "truncated": sorted(cuts)}
        )
        if _fits(_estimate(candidate), candidate, max_bytes):
            return candidate
    return _fewer_findings(candidate, max_bytes)


_SERIALISED_UP_TO = 2
"""A report is serialised to be measured only when its estimate is at most this many times
the budget: serialising a 30 MB report costs some 100 MB of memory for a moment."""


def _fits(estimated: int, report: Report, max_bytes: int) -> bool:
    """Whether ``report``'s JSON fits, serialising it only when its estimate leaves a doubt."""
    if _AT_MOST_TIMES_ESTIMATE * estimated <= max_bytes:
        return True  # nearly every report: not serialised twice (measured, then written)
    return estimated <= _SERIALISED_UP_TO * max_bytes and size(report) <= max_bytes


_AT_MOST_TIMES_ESTIMATE = 6
"""A report's JSON is at most this many times its estimate (:func:`_estimate`), whatever its
texts hold: a character of a text or a key is written in six bytes at most (an escape,
``\\u0000``) where the estimate counts at least one; a number, a boolean, null or a date in
32 at most, as counted (a longer integer is counted by its digits); the indentation and
brackets of a list or an object in at most twice what is counted for its lines."""


def _estimate(value: object, depth: int = 1) -> int:
    """Bytes of ``value``'s indented JSON, estimated without making it (texts count their
    UTF-8 length; each field or item its key, quotes and indentation).

    It walks every report a run makes, so it is written for speed: a model's values are read
    from its ``__dict__`` (its fields), and texts and scalars are counted in the parent's loop
    rather than in a call of their own (most of a report's values are leaves)."""
    if isinstance(value, str):
        return _text_bytes(value)
    children: Collection[object]
    if isinstance(value, BaseModel):
        children = value.__dict__.values()
        total = 2 + _field_names_bytes(type(value))
    elif isinstance(value, list | tuple):
        children, total = value, 2
    elif isinstance(value, dict):
        children = value.values()
        total = 2 + sum(len(str(key)) + 4 for key in value)
    elif isinstance(value, int) and abs(value) >= _SMALL_INT:  # an IntEnum, say
        return _digits(value)
    else:
        return _SCALAR_BYTES
    total += len(children) * (2 * depth + 2)  # each line's indentation, comma and newline
    for child in children:
        kind = type(child)
        if kind is str:
            total += _text_bytes(child)
        elif kind is int and abs(child) >= _SMALL_INT:
            total += _digits(child)
        elif kind in _SCALARS:
            total += _SCALAR_BYTES
        else:
            total += _estimate(child, depth + 1)
    return total


_SCALAR_BYTES = 32
"""A number, a boolean, null, a date."""

_SCALARS = frozenset({int, float, bool, type(None)})

_SMALL_INT = 10**30
"""An integer below this in size is written in fewer than 32 characters."""


def _digits(number: int) -> int:
    """At least as many as the characters of a long integer: its digits are fewer than a
    third of its bits, plus one; then its sign."""
    return number.bit_length() // 3 + 2


def _text_bytes(text: str) -> int:
    """A text's UTF-8 length and its quotes."""
    return (len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))) + 2


@functools.cache
def _field_names_bytes(model: type[BaseModel]) -> int:
    """Each field's name, its quotes, colon and space."""
    return sum(len(name) + 4 for name in model.model_fields)


def _first_step(ratio: float) -> int:
    """The step to start from: each cuts texts about 4 times shorter than the one before, so
    a report 4**n times over the budget rarely fits before step n (saves serialising a
    30 MB report again and again)."""
    return min(len(_STEPS) - 1, max(0, int(math.log(ratio, 4))))


def _fewer_findings(report: Report, max_bytes: int) -> Report:
    """Keep the most severe findings that fit (in report order); the largest count by bisection."""
    by_severity = sorted(
        range(len(report.findings)), key=lambda index: -report.findings[index].severity.rank
    )

    def keeping(count: int) -> Report:
        kept = sorted(by_severity[:count])
        return report.model_copy(
            update={
                "findings": [report.findings[index] for index in kept],
                "truncated": sorted({*report.truncated, "findings"}),
            }
        )

    low, high = 0, len(report.findings)
    while low < high:
        middle = (low + high + 1) // 2
        if size(keeping(middle)) <= max_bytes:
            low = middle
        else:
            high = middle - 1
    return keeping(low)


def _trim(value: T, cut: _Cut, path: str, cuts: set[str]) -> T:
    """``value`` with texts and lists cut to ``cut``; the same object when nothing was cut."""
    trimmed: object = value
    if isinstance(value, str) and len(value) > cut.chars:
        cuts.add(path)
        trimmed = value[: cut.chars] + MARK
    elif isinstance(value, BaseModel):
        update = {}
        for name in type(value).model_fields:
            old = getattr(value, name)
            new = _trim(old, cut, _join(path, name), cuts)
            if new is not old:
                update[name] = new
        if update:
            trimmed = value.model_copy(update=update)
    elif isinstance(value, list):
        kept = [_trim(item, cut, path, cuts) for item in value[: cut.items]]
        left_out = len(value) - len(kept)
        if left_out > 0:
            cuts.add(path)
            if kept and all(isinstance(item, str) for item in kept):
                kept.append(f"{MARK} +{left_out}")
        if left_out > 0 or any(new is not old for new, old in zip(kept, value, strict=False)):
            trimmed = kept
    elif isinstance(value, dict):
        items = {key: _trim(item, cut, _join(path, str(key)), cuts) for key, item in value.items()}
        if any(items[key] is not item for key, item in value.items()):
            trimmed = items
    return trimmed  # type: ignore[return-value]


def _join(path: str, name: str) -> str:
    # A tree's nesting (children of children …) is one part, however deep the cut was.
    return path if path.rsplit(".", 1)[-1] == name else f"{path}.{name}"
