"""Template helpers: how a Report is laid out on a page (grouping, labels), never verdicts."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from deliverability.codes import check_title, severity_label
from deliverability.render.text import verdict
from deliverability.render.zone import lines as zone_lines
from deliverability.render.zone import zone_line
from deliverability.report import Finding, Severity
from webui import language

MARKS = {
    Severity.OK: "✔",
    Severity.INFO: "i",
    Severity.WARNING: "!",
    Severity.ERROR: "✖",
    Severity.CRITICAL: "‼",
}
"""A shape per severity beside its colour and word, for readers who cannot tell colours apart."""


def init_app(app: Flask) -> None:
    app.add_template_global(sections)
    app.add_template_global(MARKS, "severity_marks")
    app.add_template_global(
        lambda severity: severity_label(severity, language.current()), "severity_label"
    )
    app.add_template_global(lambda check: check_title(check, language.current()), "check_title")
    app.add_template_global(verdict)
    app.add_template_global(zone_line)
    app.add_template_global(zone_lines, "zone_lines")


def sections(findings: Iterable[Finding]) -> list[tuple[str, list[Finding], Severity]]:
    """(check, its findings worst first, their worst severity), checks in order of appearance."""
    groups: dict[str, list[Finding]] = {}
    for item in findings:
        groups.setdefault(item.check, []).append(item)
    return [
        (
            check,
            sorted(items, key=lambda item: -item.severity.rank),
            max(item.severity for item in items),
        )
        for check, items in groups.items()
    ]
