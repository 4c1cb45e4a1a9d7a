"""What makes a CI run fail: ``--fail-on``, ``--ignore`` patterns and a ``--baseline`` run.

A finding fails the run when its severity is at or above ``--fail-on``, its code matches no
``--ignore`` pattern, and it is not known from the baseline. The baseline is a previous run
saved as ``--format json`` or ``jsonl``; a finding is known when the baseline holds the same
code for the same target (the key is ``(target, code)``: parameters such as a lookup count
move from night to night, and "12 lookups instead of 11" is the same debt, not a new one).
So CI goes red on regressions, not on known debt.

Ignore patterns are finding codes or shell-style globs over them (``spf.*``,
``*.unavailable``); a pattern that matches no known code is a usage error, so a typo never
silently ignores nothing. Ignored findings are dropped from the output altogether; known
(baselined) findings stay in it, so tonight's output is tomorrow's baseline.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from deliverability.codes import REGISTRY, summarized
from deliverability.report import Finding, Report, Severity

Key = tuple[str, str]
"""(target, code): what a baseline remembers of a finding."""

MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
"""A one-document (``json``) baseline is read whole, so its size is bounded; jsonl streams."""


class BaselineError(ValueError):
    """The baseline file cannot be read; the message says which file and why."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"baseline {source}: {reason}")


class Baseline(NamedTuple):
    """The (target, code) pairs found by a previous run."""

    keys: frozenset[Key]
    targets: int = 0
    """How many targets the baseline run reported on."""

    def knows(self, report: Report, finding: Finding) -> bool:
        return (report.target, finding.code) in self.keys


def load_baseline(path: str | Path) -> Baseline:
    """Read a previous ``json`` or ``jsonl`` run; raise :class:`BaselineError` with the reason.

    Accepted shapes: one JSON value per line (read as a stream, any size), or one document:
    a report, a list of reports, or an object whose ``reports`` is such a list. Error entries
    (a list line that was not a target: ``target`` and ``error``) are skipped. Anything else,
    valid JSON or not, is refused: a wrong file must not pass for an empty baseline.
    """
    source = str(path)
    keys: set[Key] = set()
    targets = entries = 0
    try:
        for entry in _entries(Path(path), source):
            entries += 1
            fields = entry if isinstance(entry, dict) else {}
            target, findings = fields.get("target"), fields.get("findings")
            if isinstance(target, str) and isinstance(findings, list):
                targets += 1
                keys.update((target, code) for code in _codes(findings))
            elif not (isinstance(target, str) and isinstance(fields.get("error"), str)):
                raise BaselineError(
                    source, f"entry {entries} is not a report of a previous json or jsonl run"
                )
    except OSError as exc:
        raise BaselineError(source, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise BaselineError(source, "not UTF-8 text") from None
    if entries == 0:
        raise BaselineError(source, "no report in it (save a run with --save FILE.jsonl)")
    return Baseline(frozenset(keys), targets)


def _entries(path: Path, source: str) -> Iterator[object]:
    """JSON Lines when the first line is a whole JSON value, else one JSON document."""
    with path.open(encoding="utf-8") as lines:
        first = next((line for line in lines if line.strip()), "")
        try:
            entry = json.loads(first)
        except json.JSONDecodeError:
            entry = None
        if isinstance(entry, (dict, list)):
            yield from _documents(entry)
            for number, line in enumerate(lines, start=2):
                if line.strip():
                    yield from _documents(_parse(line, source, f"line {number} is not JSON"))
            return
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise BaselineError(
            source, f"a single JSON document over {MAX_DOCUMENT_BYTES // 2**20} MiB; use jsonl"
        )
    yield from _documents(
        _parse(path.read_text(encoding="utf-8"), source, "not JSON nor JSON Lines")
    )


def _parse(text: str, source: str, problem: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(source, f"{problem} ({exc.msg})") from None


def _documents(document: object) -> list[object]:
    if isinstance(document, dict) and isinstance(document.get("reports"), list):
        document = document["reports"]
    return list(document) if isinstance(document, list) else [document]


def _codes(findings: list[object]) -> Iterator[str]:
    for item in findings:
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            yield item["code"]


def check_patterns(patterns: Iterable[str]) -> tuple[str, ...]:
    """Validate ``--ignore`` patterns: each must match at least one registered code."""
    checked = []
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(code, pattern) for code in REGISTRY):
            raise ValueError(f"--ignore {pattern!r} matches no finding code (see docs/findings.md)")
        checked.append(pattern)
    return tuple(checked)


class Gate(NamedTuple):
    """Decides, per finding, whether it fails the run."""

    fail_on: Severity = Severity.ERROR
    ignore: Sequence[str] = ()
    """Codes or globs (``spf.*``) whose findings are dropped."""
    baseline: Baseline | None = None

    def ignored(self, code: str) -> bool:
        return any(fnmatch.fnmatchcase(code, pattern) for pattern in self.ignore)

    def apply(self, report: Report) -> Report:
        """The report without its ignored findings (its opening sentence made again)."""
        if not self.ignore or not any(self.ignored(f.code) for f in report.findings):
            return report
        return summarized(
            report.model_copy(
                update={"findings": [f for f in report.findings if not self.ignored(f.code)]}
            )
        )

    def known(self, report: Report, finding: Finding) -> bool:
        """True when the baseline already had this finding for this target."""
        return self.baseline is not None and self.baseline.knows(report, finding)

    def fails(self, report: Report, finding: Finding) -> bool:
        """True when ``finding`` (of ``report``) makes the run fail."""
        return (
            finding.severity >= self.fail_on
            and not self.ignored(finding.code)
            and not self.known(report, finding)
        )

    def failures(self, report: Report) -> list[Finding]:
        return [finding for finding in report.findings if self.fails(report, finding)]
