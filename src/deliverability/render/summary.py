"""The summary table at the end of a batch: how many targets, how bad, what fails the run.

:class:`Summary` keeps counts only (bounded by the number of finding codes), never the
reports, so a run of 100,000 targets summarises in constant memory.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from deliverability.baseline import Gate
from deliverability.codes import severity_label
from deliverability.i18n import translator
from deliverability.report import Severity
from deliverability.results import Item
from deliverability.verdict import dns_unavailable

_TOP_CODES = 8


@dataclass
class Summary:
    """Running counts over a batch's items."""

    gate: Gate
    started: float = field(default_factory=time.monotonic)
    targets: int = 0
    """Lines that were diagnosed."""
    invalid: int = 0
    """Lines that are not a domain or an address."""
    failed: int = 0
    """Targets whose diagnosis failed (an error of the tool)."""
    unavailable: int = 0
    """Targets for which DNS answered nothing at all."""
    worst: Counter[Severity] = field(default_factory=Counter)
    """Targets by their worst finding."""
    failing_targets: int = 0
    failures: int = 0
    """Findings that fail the run."""
    known: int = 0
    """Findings at or above ``--fail-on`` that the baseline already had."""
    codes: Counter[str] = field(default_factory=Counter)
    """Findings from ``warning`` up, by code (after ``--ignore``)."""
    dns_queries: int = 0

    def add(self, item: Item) -> None:
        if item.report is None:
            if item.failed:
                self.failed += 1
            else:
                self.invalid += 1
            return
        report = self.gate.apply(item.report)
        self.targets += 1
        self.dns_queries += report.dns_queries
        self.worst[report.worst] += 1
        self.unavailable += dns_unavailable(report)
        failures = self.gate.failures(report)
        self.failures += len(failures)
        self.failing_targets += bool(failures)
        for finding in report.findings:
            if finding.severity >= Severity.WARNING:
                self.codes[finding.code] += 1
            if finding.severity >= self.gate.fail_on and self.gate.known(report, finding):
                self.known += 1

    @property
    def all_unavailable(self) -> bool:
        """DNS answered for no target at all (and there was at least one)."""
        return self.targets > 0 and self.unavailable == self.targets

    def render(self, lang: str) -> str:
        """The table, in ``lang``."""
        _ = translator(lang)
        seconds = max(time.monotonic() - self.started, 1e-6)
        rows = [(severity_label(s, lang), self.worst[s]) for s in sorted(Severity, reverse=True)]
        rows += [
            (_("could not check (DNS)"), self.unavailable),
            (_("not a domain or an address"), self.invalid),
            (_("failed (error of the tool)"), self.failed),
            (_("failing the run"), self.failing_targets),
        ]
        heading, unit = _("worst finding"), _("targets")
        width = max(len(label) for label, _count in [*rows, (heading, 0)])
        out = [
            _(
                "Checked: {targets} targets in {seconds:.1f} s ({rate:.1f}/s); DNS queries: {queries}"
            ).format(
                targets=self.targets,
                seconds=seconds,
                rate=self.targets / seconds,
                queries=self.dns_queries,
            ),
            f"  {heading:<{width}}  {unit:>8}",
            *(f"  {label:<{width}}  {count:>8}" for label, count in rows),
            _(
                "Findings failing the run: {failures} (at or above {severity}, "
                "not ignored, not in the baseline)"
            ).format(failures=self.failures, severity=severity_label(self.gate.fail_on, lang)),
        ]
        if self.gate.baseline is not None:
            out.append(
                _(
                    "Findings known from the baseline: {known}; targets in the baseline: {targets}"
                ).format(known=self.known, targets=self.gate.baseline.targets)
            )
        if self.codes:
            # Ties by code, not by which target finished first: the same list gives the
            # same summary whatever order its results arrived in.
            top = sorted(self.codes.items(), key=lambda count: (-count[1], count[0]))
            top = top[:_TOP_CODES]
            out.append(
                _("Most frequent: {codes}").format(codes=", ".join(f"{c} ×{n}" for c, n in top))
            )
        return "\n".join(out) + "\n"
