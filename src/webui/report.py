"""The pages of a diagnosis: the form, the report, and the report's shareable link."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from deliverability.codes import localize
from deliverability.report import Report
from webui import language
from webui.checker import Checker, blocklists_requested
from webui.permalinks import Permalinks
from webui.security import reads_store, runs_check

bp = Blueprint("report", __name__)


@bp.get("/")
def index() -> str:
    return render_template("report/index.html", target="")


@bp.get("/report")
@runs_check
def show() -> str | Response:
    target = request.args.get("target", "")
    if not target.strip():
        return redirect(url_for("report.index"))
    checker: Checker = current_app.extensions["checker"]
    report = checker.report(
        target, lang=language.current(), blocklists=blocklists_requested(request.args)
    )
    permalinks: Permalinks = current_app.extensions["permalinks"]
    return _render(report, link=permalinks.add(report))


@bp.get("/r/<link>")
@reads_store
def shared(link: str) -> str | tuple[str, int]:
    permalinks: Permalinks = current_app.extensions["permalinks"]
    report = permalinks.get(link)
    if report is None:
        return render_template("report/expired.html", ttl_minutes=_ttl_minutes()), 404
    return _render(report, link=link)


def render_report(report: Report, *, link: str | None) -> str:
    """The report page; ``link`` is its shareable id (None: not shared)."""
    return _render(report, link=link)


def _render(report: Report, *, link: str | None) -> str:
    lang = language.current()
    if report.lang != lang:
        report = localize(report, lang)
    return render_template(
        "report/report.html",
        report=report,
        target=report.target,
        blocklists=report.facts.blocklist is not None,
        link=link,
        permalink=shareable(link) if link else None,
        ttl_minutes=_ttl_minutes(),
    )


def shareable(link: str) -> str:
    """The address of a report's link as shown to be shared.

    Built from the configured public address (``PUBLIC_URL``, else ``SERVER_NAME``), never
    from the request's Host header, which any client can set: a forged Host would make the
    page show a link to another site. With neither configured, the link is a path.
    """
    path = url_for("report.shared", link=link).removeprefix(request.script_root)
    public = current_app.config.get("PUBLIC_URL")
    if not public and current_app.config.get("SERVER_NAME"):
        scheme = current_app.config["PREFERRED_URL_SCHEME"]
        public = f"{scheme}://{current_app.config['SERVER_NAME']}{request.script_root}"
    return f"{str(public).rstrip('/')}{path}" if public else f"{request.script_root}{path}"


def _ttl_minutes() -> int:
    ttl: float = current_app.extensions["permalinks"].ttl
    return max(1, round(ttl / 60))
