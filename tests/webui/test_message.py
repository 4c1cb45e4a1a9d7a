"""/message (paste or .eml upload, CSRF, its own 10 MB limit) and /api/message (raw body)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

from flask.testing import FlaskClient
from werkzeug.test import EnvironBuilder

from deliverability.report import Report
from webui import create_app

MESSAGE = (
    b"Received: from out.msg-sender.test (out.msg-sender.test [192.0.2.10]) by mx.google.com"
    b" with ESMTPS id a1; Mon, 30 Nov 2026 09:00:01 +0000\r\n"
    b"From: Artisan <devis@msg-sender.test>\r\nTo: client@example.org\r\n"
    b"Subject: Votre devis\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n"
    b"Message-ID: <1@msg-sender.test>\r\n\r\nBonjour <script>alert(1)</script>\r\n"
)


def csrf_token(client: FlaskClient) -> str:
    page = client.get("/message").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def test_the_form_offers_a_paste_box_and_an_upload(client: FlaskClient) -> None:
    response = client.get("/message")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="message"' in page and 'type="file"' in page
    assert response.headers["Cache-Control"] == "no-store"


def test_a_pasted_message_gives_its_report(client: FlaskClient) -> None:
    response = client.post(
        "/message", data={"csrf_token": csrf_token(client), "message": MESSAGE.decode()}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "devis@msg-sender.test" in page
    assert "mx.google.com" in page  # the path table
    assert "/r/" not in page  # no link unless asked for


def test_an_uploaded_eml_with_a_link_on_request(client: FlaskClient) -> None:
    response = client.post(
        "/message",
        data={
            "csrf_token": csrf_token(client),
            "eml": (io.BytesIO(MESSAGE), "devis.eml"),
            "share": "1",
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    link = re.search(r'class="permalink" href="[^"]*/r/([^"]+)"', page)
    assert link, "a shareable link when asked for"
    shared = client.get(f"/api/r/{link.group(1)}")
    report = Report.model_validate_json(shared.get_data())
    assert report.target == "devis@msg-sender.test"
    assert "alert(1)" not in shared.get_data(as_text=True)  # the body is not kept


def test_a_post_without_csrf_is_refused(client: FlaskClient) -> None:
    assert client.post("/message", data={"message": MESSAGE.decode()}).status_code == 400


def test_the_message_route_has_its_own_body_limit(client: FlaskClient) -> None:
    # Bodies given as bytes: a form dict this large would be spooled to a temporary file.
    big = "x" * (2 * 1024 * 1024)  # over the app's 16 KB, under the route's 10 MB
    form = "application/x-www-form-urlencoded"
    body = urlencode({"csrf_token": csrf_token(client), "message": big}).encode()
    assert client.post("/message", data=body, content_type=form).status_code == 200
    too_big = b"x" * (10 * 1024 * 1024 + 1)
    assert client.post("/api/message", data=too_big).status_code == 413
    other = urlencode({"host": big}).encode()
    assert client.post("/smtp-test", data=other, content_type=form).status_code == 413


def test_an_empty_paste_is_a_400_with_a_reason(client: FlaskClient) -> None:
    response = client.post("/message", data={"csrf_token": csrf_token(client), "message": " "})
    assert response.status_code == 400
    assert "Paste a message" in response.get_data(as_text=True)


def test_the_api_takes_the_raw_message_without_csrf(client: FlaskClient) -> None:
    response = client.post("/api/message?bulk=1", data=MESSAGE)
    assert response.status_code == 200
    report = Report.model_validate_json(response.get_data())
    assert "message.bulk" in report.codes()
    assert report.facts.message.connecting.ip == "192.0.2.10"


def test_the_api_says_what_is_missing(client: FlaskClient) -> None:
    response = client.post("/api/message", data=b"")
    assert response.status_code == 400
    assert response.get_json()["error"] == "missing_message"


def test_the_api_counts_in_the_rate_limit(config) -> None:
    app = create_app({**config, "CHECK_RATE_LIMIT": "1 per minute"})
    client = app.test_client()
    assert client.post("/api/message", data=MESSAGE).status_code == 200
    assert client.post("/api/message", data=MESSAGE).status_code == 429


def test_an_uploaded_message_is_never_spooled_to_disk(app) -> None:
    # werkzeug writes uploads over 500 KB to a temporary file; the dashboard keeps them in memory.
    builder = EnvironBuilder(
        method="POST", data={"eml": (io.BytesIO(b"x" * (600 * 1024)), "big.eml")}
    )
    environ = builder.get_environ()
    try:
        request = app.request_class(environ)
        assert isinstance(request.files["eml"].stream, io.BytesIO)
    finally:
        environ["wsgi.input"].close()  # the test's own encoded body, spooled by werkzeug
        builder.close()
