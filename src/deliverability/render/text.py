"""Reports as text for a support agent: verdict first, then each check, evidence and fix.

Colour only when asked (the CLI asks when stdout is a terminal); severity is always in
words too. Everything from DNS, a server or the user goes through :func:`safe` first
(:mod:`deliverability.render._escape`), so a hostile TXT record cannot start a line of its
own, move the cursor, recolour the terminal or reorder the text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from deliverability.codes import check_title, severity_label
from deliverability.i18n import N_, ngettext, translator
from deliverability.render import zone
from deliverability.render._escape import safe
from deliverability.report import Change, Finding, Report, Severity

_COLOURS = {
    Severity.OK: "32",
    Severity.INFO: "36",
    Severity.WARNING: "33",
    Severity.ERROR: "31",
    Severity.CRITICAL: "1;31",
}
_MARKS = {
    Severity.OK: "✔",
    Severity.INFO: "i",
    Severity.WARNING: "!",
    Severity.ERROR: "✖",
    Severity.CRITICAL: "‼",
}
_WIDTH = 100


def render(reports: Sequence[Report], *, color: bool = False) -> str:
    return "\n\n".join(render_report(report, color=color) for report in reports) + "\n"


def render_report(report: Report, *, color: bool = False) -> str:
    _ = translator(report.lang)
    lines = [_paint(verdict(report), report.worst, color, bold=True)]
    lines.append(
        _("checked {when} · {queries} DNS queries · {ms} ms").format(
            when=report.checked_at.strftime("%Y-%m-%d %H:%M UTC"),
            queries=report.dns_queries,
            ms=report.duration_ms,
        )
    )
    for check, findings in _by_check(report.findings):
        lines.append("")
        lines.append(_paint(check_title(check, report.lang), None, color, bold=True))
        for item in findings:
            lines.extend(_finding(item, report.lang, color))
    if report.changes:
        lines.append("")
        lines.append(_paint(_("Recommended changes"), None, color, bold=True))
        for number, change in enumerate(report.changes, 1):
            lines.extend(_change(number, change, report.lang))
        records = zone.lines(report.changes)
        if records:
            lines.append("")
            lines.append("  " + _("The DNS changes as zone-file lines, ready to paste:"))
            lines.extend(f"    {record}" for record in records)
    return "\n".join(lines)


_MESSAGE_REASONS = 3


def verdict(report: Report) -> str:
    """One line: the target and how bad it is, in the report's language."""
    _ = translator(report.lang)
    problems = [f for f in report.findings if f.severity >= Severity.WARNING]
    if not problems:
        return _(N_("{target}: no problem found")).format(target=safe(report.target))
    template = ngettext(
        "{target}: {count} problem, {severity}",
        "{target}: {count} problems, the worst {severity}",
        len(problems),
        report.lang,
    )
    line = template.format(
        target=safe(report.target),
        count=len(problems),
        severity=severity_label(report.worst, report.lang),
    )
    if report.facts.message is None:
        return line
    # A message's verdict says why it went where it went, the most consequential reason first.
    reasons = sorted(problems, key=lambda f: -f.severity.rank)[:_MESSAGE_REASONS]
    return line + " — " + safe("; ".join(f.title for f in reasons))


def _by_check(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for item in findings:
        groups.setdefault(item.check, []).append(item)
    return [
        (check, sorted(items, key=lambda f: -f.severity.rank)) for check, items in groups.items()
    ]


def _finding(item: Finding, lang: str, color: bool) -> list[str]:
    _ = translator(lang)
    label = f"{_MARKS[item.severity]} {severity_label(item.severity, lang).upper():<9}"
    lines = [f"  {_paint(label, item.severity, color)} {safe(item.title)}  [{item.code}]"]
    lines.extend(_wrapped(safe(item.detail), "              "))
    if item.evidence and item.severity > Severity.OK:
        lines.append("              " + _("Evidence:"))
        lines.extend(f"                {safe(line)}" for line in item.evidence)
    if item.fix:
        lines.extend(_wrapped(_("Fix:") + " " + safe(item.fix), "              "))
    return lines


def _change(number: int, change: Change, lang: str) -> list[str]:
    _ = translator(lang)
    lines = [f"  {number}. {change.kind.upper()}  {safe(change.name)}  {safe(change.type)}"]
    if change.current:
        lines.append("     " + _("now:") + "      " + safe(change.current))
    lines.append("     " + _("proposed:") + " " + safe(change.proposed))
    lines.extend(_wrapped(_("why:") + " " + safe(change.why), "     "))
    return lines


def _wrapped(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


def _paint(text: str, severity: Severity | None, color: bool, *, bold: bool = False) -> str:
    if not color:
        return text
    code = _COLOURS[severity] if severity else ""
    if bold:
        code = f"1;{code}" if code else "1"
    return f"\x1b[{code}m{text}\x1b[0m"
