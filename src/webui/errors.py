"""Friendly error pages (and JSON errors under /api): a bad target is a 400, never a 500."""

from __future__ import annotations

import json

from flask import Blueprint, render_template, request
from flask.wrappers import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from deliverability.target import TargetError
from webui import language

bp = Blueprint("errors", __name__)


def json_error(status: int, code: str, message: str) -> Response:
    """An API error: ``{"error": code, "message": message}`` (English: it is for programs)."""
    return Response(
        json.dumps({"error": code, "message": message}), status=status, mimetype="application/json"
    )


def _wants_json() -> bool:
    # By path, not blueprint: an unknown /api/ URL matches no blueprint yet deserves JSON.
    return request.path.startswith("/api/")


@bp.app_errorhandler(TargetError)
def bad_target(error: TargetError) -> Response | tuple[str, int]:
    if _wants_json():
        return json_error(400, "bad_target", str(error))
    reason = error.reason_in(language.current())
    return render_template("errors/target.html", target=error.text[:200], reason=reason), 400


@bp.app_errorhandler(CSRFError)
def stale_form(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/error.html", status=400, kind="csrf"), 400


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    response = error.get_response()
    if _wants_json():
        answer = json_error(
            status, (error.name or "error").lower().replace(" ", "_"), error.description or ""
        )
        for name in _KEPT_HEADERS:  # a script retries after a 429 as a browser would
            if name in response.headers:
                answer.headers[name] = response.headers[name]
        return answer
    page = render_template("errors/error.html", status=status, kind=_kind(status))
    # Keep what the exception set on its response (Retry-After of a 429, Allow of a 405).
    response.set_data(page)
    response.mimetype = "text/html"
    return response  # type: ignore[return-value]


@bp.app_errorhandler(InternalServerError)
def server_error(error: InternalServerError) -> Response | tuple[str, int]:
    if _wants_json():
        return json_error(
            500, "internal_error", "the check failed unexpectedly; it has been logged"
        )
    return render_template("errors/error.html", status=500, kind="internal"), 500


_KEPT_HEADERS = ("Retry-After", "Allow")
"""Headers an HTTP error sets that say what to do next (after a 429, after a 405)."""


def _kind(status: int) -> str:
    return {404: "not_found", 405: "method", 413: "too_large", 429: "rate_limited"}.get(
        status, "other"
    )
