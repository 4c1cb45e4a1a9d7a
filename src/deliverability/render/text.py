"""Reports as text for a support agent: verdict first, then each check, evidence and fix.

Colour only when asked (the CLI asks when stdout is a terminal); severity is always in
words too. Everything from DNS, a server or the user goes through :func:`safe` first
(:mod:`deliverability.render._escape`), so a hostile TXT record cannot start a line of its
own, move the cursor, recolour the terminal or reorder the text.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence

from deliverability.codes import change_kind_label, check_title, severity_label
from deliverability.i18n import N_, translator
from deliverability.render import zone
from deliverability.render._escape import safe
from deliverability.report import Change, Finding, Report, Severity
from deliverability.verdict import summarize

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
_INDENT = " " * 14
_LONG_VALUE = 40
_KEPT = 10
_LONG_TOKEN = re.compile(rf"(\b[\w-]{{1,20}}=)?([^\s;|,]{{{_LONG_VALUE},}})")


def render(reports: Sequence[Report], *, color: bool = False, verbose: bool = False) -> str:
    return (
        "\n\n".join(render_report(report, color=color, verbose=verbose) for report in reports)
        + "\n"
    )


def render_report(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """The report: its opening sentence, then each check. Compact by default: a problem (warning
    and up) shows its severity, title, code and fix; a check's ok and info findings share one
    line with their severity, titles and codes. ``verbose`` adds every finding's detail, evidence
    (long values folded) and the fixes of info findings."""
    _ = translator(report.lang)
    lines = _wrapped(safe(report.summary or summarize(report)), "")
    lines[0] = _paint(lines[0], report.worst, color, bold=True)
    lines.append(
        _("checked {when} · {queries} DNS queries · {ms} ms").format(
            when=report.checked_at.strftime("%Y-%m-%d %H:%M UTC"),
            queries=report.dns_queries,
            ms=report.duration_ms,
        )
    )
    for check, findings in _by_check(report.findings):
        lines.extend(_check(check, findings, report.lang, color, verbose))
    if report.changes:
        lines.append("")
        lines.append(_paint(_("Recommended changes"), None, color, bold=True))
        for number, (why, group) in enumerate(change_groups(report.changes), 1):
            lines.extend(_changes(number, why, group, report.lang, verbose))
        records = zone.lines(report.changes)
        if records:
            lines.append("  " + _("The DNS changes as zone-file lines, ready to paste:"))
            lines.extend(f"    {record}" for record in records)
    return "\n".join(lines)


def folded(line: str) -> str:
    """A line longer than the page with each value of 40 characters or more shortened, its length said:
    ``p=MIIBIjANBg… (392 characters)``. The whole value stays in JSON and on the dashboard."""

    def fold(match: re.Match[str]) -> str:
        tag, value = match.group(1) or "", match.group(2)
        return f"{tag}{value[:_KEPT]}… ({len(value)} characters)"

    return _LONG_TOKEN.sub(fold, line) if len(line) > _WIDTH else line


def change_groups(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    """(why, changes): consecutive changes of one kind made for the same reason, explained once
    (the four SMTP settings of a mailbox, the From and Reply-To of the platform)."""
    groups: list[tuple[str, list[Change]]] = []
    for change in changes:
        if groups and groups[-1][0] == change.why and groups[-1][1][-1].kind == change.kind:
            groups[-1][1].append(change)
        else:
            groups.append((change.why, [change]))
    return groups


def _by_check(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for item in findings:
        groups.setdefault(item.check, []).append(item)
    return [
        (check, sorted(items, key=lambda f: -f.severity.rank)) for check, items in groups.items()
    ]


def _check(check: str, findings: list[Finding], lang: str, color: bool, verbose: bool) -> list[str]:
    """A check's heading and findings. Compact, its ok and info findings share one line (their
    fixes, optional by definition, wait for ``verbose``), and a check made only of those is that
    one line, after its name."""
    title = check_title(check, lang)
    quiet = [] if verbose else [f for f in findings if f.severity <= Severity.INFO]
    loud = [f for f in findings if f not in quiet]
    folded_line = (
        f"{_label(max(f.severity for f in quiet), lang, color, pad=False)} {_listed(quiet)}"
        if quiet
        else ""
    )
    if not loud:
        line = _t(N_("{check}: {findings}"), lang).format(
            check=_paint(title, None, color, bold=True), findings=folded_line
        )
        return _wrapped(line, "", _INDENT)
    lines = [_paint(title, None, color, bold=True)]
    for position, item in enumerate(loud):
        lines.extend(_finding(item, lang, color, verbose))
        shared = position + 1 < len(loud) and loud[position + 1].fix == item.fix
        if item.fix and (verbose or not shared):
            lines.extend(_wrapped(_t(N_("Fix:"), lang) + " " + safe(item.fix), _INDENT))
    if folded_line:
        lines.extend(_wrapped(folded_line, "  ", _INDENT))
    return lines


def _t(message: str, lang: str) -> str:
    return translator(lang)(message)


def _label(severity: Severity, lang: str, color: bool, *, pad: bool = True) -> str:
    word = severity_label(severity, lang).upper()
    return _paint(
        f"{_MARKS[severity]} {word:<9}" if pad else f"{_MARKS[severity]} {word}", severity, color
    )


def _listed(findings: list[Finding]) -> str:
    """``title [code] · title [code]`` (a mark before each but the first when severities differ)."""
    first = findings[0].severity
    return " · ".join(
        ("" if f.severity is first else _MARKS[f.severity] + " ") + f"{safe(f.title)}  [{f.code}]"
        for f in findings
    )


def _finding(item: Finding, lang: str, color: bool, verbose: bool) -> list[str]:
    lines = _wrapped(
        f"{_label(item.severity, lang, color)} {safe(item.title)}  [{item.code}]", "  ", _INDENT
    )
    if not verbose:
        return lines
    lines.extend(_wrapped(safe(item.detail), _INDENT))
    if item.evidence:
        lines.append(_INDENT + _t(N_("Evidence:"), lang))
        lines.extend(f"{_INDENT}  {folded(safe(line))}" for line in item.evidence)
    return lines


def _changes(number: int, why: str, group: list[Change], lang: str, verbose: bool) -> list[str]:
    """One step: its changes, then why. Compact, a DNS change's proposed value is left to its
    zone-file line below (the same value, ready to paste)."""
    lines: list[str] = []
    for position, change in enumerate(group):
        mark = f"{number}." if position == 0 else "  "
        if change.kind == "dns":
            lines.append(f"  {mark} DNS  {safe(change.name)}  {safe(change.type)}")
        else:  # a setting: its name in the reader's language, and where it is made
            where = change_kind_label(change.kind, lang).upper()
            lines.append(f"  {mark} {where}  {safe(change.label or change.name)}")
        now, proposed = _t(N_("now:"), lang), _t(N_("proposed:"), lang)
        width = max(len(now), len(proposed)) + 1  # the values line up in every language
        if change.current:
            lines.append("     " + now.ljust(width) + safe(change.current))
        if verbose or zone.zone_line(change) is None:
            lines.append("     " + proposed.ljust(width) + safe(change.proposed))
    lines.extend(_wrapped(_t(N_("why:"), lang) + " " + safe(why), "     "))
    return lines


def _wrapped(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
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
