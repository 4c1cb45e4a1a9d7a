"""The message views ask the DNS blocklists by default (the form's box and ``blocklists=0``
turn them off), through the dashboard's mirror and Spamhaus key, which shows nowhere."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from deliverability.report import Report
from webui import create_app

KEY = "abcdefghijklmnopqrstuvwxyz"
MESSAGE = (
    b"Received: from out.msg-sender.test (out.msg-sender.test [192.0.2.2]) by mx.google.com"
    b" with ESMTPS id a1; Mon, 30 Nov 2026 09:00:01 +0000\r\n"
    b"From: Artisan <devis@msg-sender.test>\r\nTo: client@example.org\r\n"
    b"Subject: Votre devis\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n"
    b"Message-ID: <1@msg-sender.test>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    b'<p>Bonjour, <a href="https://www.grey.example/devis">votre devis</a></p>\r\n'
)


@pytest.fixture
def client(config: dict[str, Any]) -> FlaskClient:
    config.update({"BLOCKLISTS_MIRROR": "bl.test", "SPAMHAUS_KEY": KEY, "DNS_TIMEOUT": 3.0})
    return create_app(config).test_client()


def csrf_token(client: FlaskClient) -> str:
    page = client.get("/message").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_form_asks_by_default_and_the_key_shows_nowhere(client: FlaskClient, lang: str) -> None:
    form = client.get("/message").get_data(as_text=True)
    assert 'name="no_blocklists" value="1">' in form  # unticked: the lists are asked
    response = client.post(
        f"/message?lang={lang}",
        data={"csrf_token": csrf_token(client), "message": MESSAGE.decode()},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<code class="code">blocklist.listed</code>' in page
    assert "grey.example" in page and "192.0.2.2" in page
    assert KEY not in page


def test_the_form_box_turns_them_off(client: FlaskClient) -> None:
    page = client.post(
        "/message",
        data={"csrf_token": csrf_token(client), "message": MESSAGE.decode(), "no_blocklists": "1"},
    ).get_data(as_text=True)
    assert "blocklist." not in page


def test_the_api_asks_through_the_key_and_never_returns_it(client: FlaskClient) -> None:
    body = client.post("/api/message", data=MESSAGE).get_data(as_text=True)
    report = Report.model_validate_json(body)
    assert report.facts.blocklist is not None and report.facts.blocklist.dqs
    listed = {
        (f.params["list_id"], f.params["role"])
        for f in report.findings
        if f.code == "blocklist.listed"
    }
    assert listed == {("spamhaus-zen", "connecting"), ("uribl", "linked")}
    assert KEY not in body
    off = Report.model_validate_json(
        client.post("/api/message?blocklists=0", data=MESSAGE).get_data(as_text=True)
    )
    assert off.facts.blocklist is None and not off.codes("blocklist")
