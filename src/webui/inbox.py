"""The deliverability test: give the customer a one-time address, watch their message arrive,
read how it arrived and what to change.

    /test-inbox              a button that makes a test address (a form: CSRF)
    /test-inbox/<token>      the address while it waits (refreshes itself), then the report
    /api/inbox               POST: a test address for a script (JSON, no CSRF token)
    /api/inbox/<token>       its state: waiting, then received with the report
    /healthz                 the store and the SMTP listener

The token in these URLs is the agent's handle on the result; the customer only ever sees
the address. The SMTP listener runs beside the dashboard (``serve --smtp-listen``) or alone
(``deliverability inbox``) on the same store.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, url_for
from flask.wrappers import Response

from deliverability.codes import localize
from deliverability.inbox import Deliveries, Delivery, listening
from deliverability.score import score
from deliverability.storage import Store
from webui import language
from webui.errors import json_error
from webui.security import counted, json_api, runs_check

bp = Blueprint("inbox", __name__)

polled = counted("POLL_RATE_LIMIT")
"""The result pages and the status API are polled (every few seconds, or twice a second by a
script): a quota of their own, larger than the checks'."""

REFRESH_SECONDS = 5
"""How often the waiting page reloads itself without JavaScript."""


def deliveries() -> Deliveries:
    """The inbox's deliveries; 404 when the dashboard has no inbox domain configured."""
    found: Deliveries | None = current_app.extensions.get("deliveries")
    if found is None:
        abort(404)
    return found


@bp.get("/test-inbox")
def start() -> str:
    return render_template("inbox/start.html", configured="deliveries" in current_app.extensions)


@bp.post("/test-inbox")
@runs_check
def create() -> Response:
    test = deliveries().create(lang=language.current())
    return redirect(url_for("inbox.result", token=test.token), code=303)  # type: ignore[return-value]


@bp.get("/test-inbox/<token>")
@polled
def result(token: str) -> str | tuple[str, int]:
    delivery = deliveries().get(token)
    if delivery is None:
        return render_template("inbox/expired.html"), 404
    report = delivery.report
    lang = language.current()
    if report is not None and report.lang != lang:
        report = localize(report, lang)
    if report is None:
        waiting = delivery.state in ("waiting", "received")
        return render_template(
            "inbox/waiting.html", delivery=delivery, refresh=REFRESH_SECONDS if waiting else None
        )
    return render_template(
        "inbox/result.html", delivery=delivery, report=report, score=score(report), link=None
    )


@bp.post("/api/inbox")
@json_api
@runs_check
def api_create() -> Response:
    test = deliveries().create(lang=language.current())
    return jsonify(
        address=test.address,
        expires_at=test.expires_at.isoformat(),
        result_url=url_for("inbox.api_result", token=test.token),
    )


@bp.get("/api/inbox/<token>")
@polled
def api_result(token: str) -> Response:
    delivery = deliveries().get(token)
    if delivery is None:
        return json_error(404, "unknown_test", "no such test address, or it has expired")
    return jsonify(status_of(delivery))


def status_of(delivery: Delivery) -> dict[str, Any]:
    """The pinned JSON state: ``waiting`` until the report is ready, then ``received`` with
    what the listener saw and the report; ``failed`` when the analysis could not be made."""
    if delivery.state in ("waiting", "received"):
        # Arrived but not analysed yet: still waiting for the report, and saying so.
        return {"status": "waiting", "arrived": delivery.state == "received"}
    received = delivery.reception.model_dump(mode="json") if delivery.reception else None
    if delivery.state == "failed" or delivery.report is None:
        return {"status": "failed", "received": received, "error": delivery.error}
    report = delivery.report.model_dump(mode="json")
    return {"status": "received", "received": received, "report": report}


@bp.get("/healthz")
@polled
def health() -> tuple[Response, int]:
    store: Store = current_app.extensions["store"]
    try:
        store.connection().execute("SELECT 1").fetchone()
        stored = "ok"
    except Exception as exc:  # any failure of the store is what this page reports
        stored = f"error: {type(exc).__name__}"
    inbox: dict[str, Any] = {"configured": "deliveries" in current_app.extensions}
    if inbox["configured"]:
        inbox["listener"] = "ok" if stored == "ok" and listening(store) else "not listening"
    healthy = stored == "ok" and inbox.get("listener", "ok") == "ok"
    return jsonify(store=stored, inbox=inbox), 200 if healthy else 503
