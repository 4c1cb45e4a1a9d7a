"""Template helpers: how a Report is laid out on a page (grouping, labels), never verdicts."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, current_app, url_for

from deliverability import providers
from deliverability.checks.alignment import DmarcPath
from deliverability.checks.alignment import dmarc_path as platform_dmarc_path
from deliverability.codes import check_title, severity_label
from deliverability.context import Context
from deliverability.render import text as text_changes
from deliverability.render.text import folded
from deliverability.render.zone import lines as zone_lines
from deliverability.render.zone import zone_line
from deliverability.report import Change, Finding, Report, Severity
from deliverability.target import TargetError, parse_target
from deliverability.verdict import summarize
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
    app.add_template_global(change_groups)
    app.add_template_global(smtp_test_link)
    app.add_template_global(lookup_cells)
    app.add_template_global(dmarc_path)
    app.jinja_env.globals["severity_marks"] = MARKS
    app.add_template_global(
        lambda severity: severity_label(severity, language.current()), "severity_label"
    )
    app.add_template_global(lambda check: check_title(check, language.current()), "check_title")
    app.add_template_global(summary)
    app.add_template_global(restates)
    app.add_template_global(folded)
    app.add_template_global(zone_line)
    app.add_template_global(zone_lines, "zone_lines")
    app.add_template_filter(
        lambda phrase: phrase.render(language.current()) if phrase else "", "in_language"
    )


def summary(report: Report) -> str:
    """The report's opening sentence (made again for a report saved before it had one)."""
    return report.summary or summarize(report)


def restates(item: Finding) -> bool:
    """True for a finding whose detail can wait behind a disclosure: all is well (ok, info), or
    it restates other findings (what a receiver requires is what the checks above found)."""
    return item.severity < Severity.WARNING or item.check == "requirements"


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


def change_groups(changes: Iterable[Change]) -> list[tuple[str, str, list[Change]]]:
    """(why, kind, changes): consecutive changes made for the same reason, shown as one step
    (the four SMTP settings of a mailbox, the From and Reply-To of the platform)."""
    return [(why, group[0].kind, group) for why, group in text_changes.change_groups(changes)]


def smtp_test_link(report: Report) -> str | None:
    """The SMTP test page filled with the settings of the customer's free-mail provider, when
    the customer could submit through that mailbox with a password (never for OAuth2-only)."""
    sender = report.facts.sender
    provider = providers.by_id(sender.provider) if sender and sender.provider else None
    if sender is None or provider is None or not provider.submission:
        return None
    settings = provider.submission[0]
    if settings.auth == "oauth2":
        return None
    scheme = "ssl" if settings.tls == "ssl" else "tls"
    local_part = (sender.address or "").partition("@")[0]
    username = sender.address if settings.username == "address" else local_part
    return url_for(
        "smtp.form",
        host=f"{scheme}://{settings.host}",
        port=settings.port,
        username=username or None,
    )


LOOKUP_LIMIT = 10
"""Receivers stop after 10 DNS-querying terms (RFC 7208 §4.6.4): the gauge's length."""
_MAX_CELLS = 30


def lookup_cells(count: int) -> list[str]:
    """The gauge of the SPF lookups as cell classes: ``used`` and ``free`` up to the limit, then
    one ``over`` cell per lookup past it (at most 30 cells, so a runaway tree stays on screen)."""
    cells = ["used" if n < count else "free" for n in range(LOOKUP_LIMIT)]
    return cells + ["over"] * min(max(count - LOOKUP_LIMIT, 0), _MAX_CELLS - LOOKUP_LIMIT)


def dmarc_path(report: Report) -> DmarcPath | None:
    """Can the dashboard's platform pass DMARC for this report's domain, and which way; None
    without a platform (the question is the platform's) or for a free-mail provider's domain."""
    platform = current_app.extensions["checker"].platform
    if platform is None:
        return None
    try:
        target = parse_target(report.target)
    except TargetError:  # a report saved by a version that read targets differently
        return None
    return platform_dmarc_path(report.facts, Context(target, platform))
