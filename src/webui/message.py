"""One message analysed: a paste box and an .eml upload, the same report as for a domain.

The message is hostile and private: it is read in the request and dropped with it, never
stored or logged. Its report gets a shareable link only when the agent asks for one, and
the link keeps the report (headers it quotes as evidence, never the body). This route
alone accepts a large body (``MESSAGE_MAX_BYTES``, 10 MB by default); every other form
keeps the application's small limit.
"""

from __future__ import annotations

import io
from typing import IO

from flask import Blueprint, Request, current_app, make_response, render_template, request
from flask.wrappers import Response

from deliverability.errors import InputError
from webui import language
from webui.checker import Checker, message_blocklists
from webui.permalinks import Permalinks
from webui.report import render_report
from webui.security import runs_check

bp = Blueprint("message", __name__)

FIELD = "message"
UPLOAD = "eml"


class MemoryRequest(Request):
    """Uploads stay in memory: werkzeug would spool a large one to a temporary file, and a
    message is never to be written anywhere (the body limit bounds the memory)."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()


MESSAGE_ENDPOINTS = frozenset({"message.run", "api.message"})
"""The views that take a whole message as their body."""


@bp.before_app_request
def allow_message_body() -> None:
    """Raise the body limits to ``MESSAGE_MAX_BYTES`` for the message views only. Registered on
    the app before CSRF protection is installed, so it runs before the token check reads the form."""
    if request.endpoint in MESSAGE_ENDPOINTS:
        limit = int(current_app.config["MESSAGE_MAX_BYTES"])
        request.max_content_length = limit
        request.max_form_memory_size = limit


@bp.get("/message")
def form() -> Response:
    return _page(error=None, status=200)


@bp.post("/message")
@runs_check
def run() -> Response:
    raw = _submitted()
    if not raw.strip():
        return _page(error="empty", status=400)
    checker: Checker = current_app.extensions["checker"]
    try:
        report = checker.message(
            raw,
            lang=language.current(),
            bulk="bulk" in request.form,
            blocklists=message_blocklists(request.form),
        )
    except InputError as error:
        return _page(error=error.message(language.current()), status=400)
    link = None
    if "share" in request.form:
        permalinks: Permalinks = current_app.extensions["permalinks"]
        link = permalinks.add(report)
    response = make_response(render_report(report, link=link))
    response.headers["Cache-Control"] = "no-store"
    return response


def _submitted() -> bytes:
    upload = request.files.get(UPLOAD)
    if upload is not None and upload.filename:
        return bytes(upload.read())
    return request.form.get(FIELD, "").encode("utf-8", "surrogateescape")


def _page(*, error: str | None, status: int) -> Response:
    limit_mb = int(current_app.config["MESSAGE_MAX_BYTES"]) // (1024 * 1024)
    response = make_response(
        render_template("message/form.html", error=error, limit_mb=limit_mb), status
    )
    response.headers["Cache-Control"] = "no-store"
    return response
