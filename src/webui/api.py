"""The Report as JSON, for scripts and for the support team's other tools."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask.wrappers import Response

from deliverability.errors import InputError
from deliverability.report import Report
from webui import language
from webui.checker import Checker, blocklists_requested, message_blocklists
from webui.errors import json_error
from webui.permalinks import Permalinks
from webui.security import json_api, reads_store, runs_check

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/report")
@runs_check
def report() -> Response:
    target = request.args.get("target", "")
    if not target.strip():
        return json_error(400, "missing_target", "give the domain or address to check as ?target=")
    checker: Checker = current_app.extensions["checker"]
    return _json(
        checker.report(
            target, lang=language.current(), blocklists=blocklists_requested(request.args)
        )
    )


@bp.post("/message")
@json_api
@runs_check
def message() -> Response:
    """The raw message as the request body; the Report as JSON. Nothing is kept."""
    raw = request.get_data(cache=False)
    if not raw.strip():
        return json_error(400, "missing_message", "send the message (RFC 5322) as the request body")
    checker: Checker = current_app.extensions["checker"]
    try:
        found = checker.message(
            raw,
            lang=language.current(),
            bulk=request.args.get("bulk") == "1",
            blocklists=message_blocklists(request.args),
        )
    except InputError as error:
        return json_error(400, "bad_message", str(error))
    return _json(found)


@bp.get("/r/<link>")
@reads_store
def shared(link: str) -> Response:
    permalinks: Permalinks = current_app.extensions["permalinks"]
    found = permalinks.get(link)
    if found is None:
        return json_error(
            404, "expired", "this report has expired or never existed; run the check again"
        )
    return _json(found)


def _json(report: Report) -> Response:
    return Response(report.model_dump_json(), mimetype="application/json")
