"""The SMTP test page against a real aiosmtpd server with real TLS (trustme), on loopback.

The password must never come back: not in the page, not in the logs, not in a stored report.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
import trustme
from flask import Flask
from flask.testing import FlaskClient

from deliverability.testing import SilentServer, SmtpServer
from webui import create_app

LOGIN = "agent@webui-mail.test"
PASSWORD = "Correct-Horse-42"
WRONG = "Wrong-Battery-17"


@pytest.fixture(scope="session")
def mail_server(ca: trustme.CA) -> Iterator[SmtpServer]:
    """The customer's mailbox: implicit TLS, one login."""
    certificate = ca.issue_cert("smtp.webui-mail.test")
    with SmtpServer(certificate=certificate, tls="implicit", users={LOGIN: PASSWORD}) as server:
        yield server


@pytest.fixture
def smtp_client(config: dict[str, Any], ca_file: str) -> FlaskClient:
    """The dashboard allowed to reach loopback (the test server) and trusting the test CA."""
    return create_app({**config, "SMTP_ALLOW_PRIVATE": True, "SMTP_CA_FILE": ca_file}).test_client()


def csrf_token(client: FlaskClient) -> str:
    """The CSRF token of the form, as a browser would submit it."""
    page = client.get("/smtp-test").get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def _submit(
    client: FlaskClient, server: SmtpServer, *, password: str, **fields: str
) -> tuple[int, str]:
    data = {
        "csrf_token": csrf_token(client),
        "host": "ssl://smtp.webui-mail.test",
        "port": str(server.port),
        "username": LOGIN,
        "password": password,
        **fields,
    }
    response = client.post("/smtp-test", data=data)
    return response.status_code, response.get_data(as_text=True)


def _codes(page: str) -> set[str]:
    return set(re.findall(r'<code class="code">([\w.]+)</code>', page))


def _password_value(page: str) -> str:
    """What the page puts back in the password field (it must be nothing)."""
    field = re.search(r'<input[^>]*type="password"[^>]*>', page)
    assert field is not None
    value = re.search(r'value="([^"]*)"', field.group(0))
    return value.group(1) if value else ""


def _secrets(password: str) -> list[str]:
    """The password and the forms it takes on the wire (AUTH PLAIN and LOGIN are base64)."""
    return [
        password,
        base64.b64encode(f"\0{LOGIN}\0{password}".encode()).decode(),
        base64.b64encode(password.encode()).decode(),
    ]


def test_the_form_has_a_csrf_token_and_an_empty_password_field(client: FlaskClient) -> None:
    page = client.get("/smtp-test").get_data(as_text=True)
    assert 'name="csrf_token" type="hidden"' in page
    assert _password_value(page) == ""
    for label in ("host", "port", "username", "password", "send_to"):
        assert f'<label for="{label}">' in page


def test_working_settings_are_confirmed(smtp_client: FlaskClient, mail_server: SmtpServer) -> None:
    status, page = _submit(smtp_client, mail_server, password=PASSWORD)
    assert status == 200
    assert "smtp.ok" in _codes(page)
    assert 'class="verdict sev-ok"' in page


def test_a_test_message_reaches_the_recipient(
    smtp_client: FlaskClient, mail_server: SmtpServer
) -> None:
    before = len(mail_server.received)
    status, page = _submit(
        smtp_client, mail_server, password=PASSWORD, send_to="support@webui-mail.test"
    )
    assert status == 200 and "smtp.ok" in _codes(page)
    assert [m.rcpt_tos for m in mail_server.received[before:]] == [("support@webui-mail.test",)]


def test_a_wrong_password_is_explained_and_never_echoed_logged_or_kept(
    app: Flask, smtp_client: FlaskClient, mail_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    status, page = _submit(smtp_client, mail_server, password=WRONG)
    assert status == 200
    assert "smtp.auth_failed" in _codes(page)
    for secret in _secrets(WRONG):
        assert secret not in page
        assert secret not in caplog.text
    assert _password_value(page) == ""
    assert LOGIN in page, "the other fields are kept, so the agent can correct and retry"


def test_the_result_page_is_not_cached(smtp_client: FlaskClient, mail_server: SmtpServer) -> None:
    data = {
        "csrf_token": csrf_token(smtp_client),
        "host": "ssl://smtp.webui-mail.test",
        "port": str(mail_server.port),
        "username": LOGIN,
        "password": PASSWORD,
    }
    assert smtp_client.post("/smtp-test", data=data).headers["Cache-Control"] == "no-store"


def test_the_address_policy_refuses_private_addresses(
    client: FlaskClient, mail_server: SmtpServer
) -> None:
    status, page = _submit(client, mail_server, password=PASSWORD)
    assert status == 200
    assert "smtp.address_refused" in _codes(page)
    assert PASSWORD not in page


@pytest.mark.parametrize(
    ("fields", "field"),
    (
        ({"host": "smtp example com"}, "host"),
        ({"host": "gopher://smtp.webui-mail.test"}, "host"),
        ({"send_to": "not-an-address.example"}, "send_to"),
        ({"port": "0"}, "port"),
        ({"username": ""}, "username"),
        ({"password": ""}, "password"),
        ({"password": "\r\n"}, "password"),
        ({"password": "x" * 1025}, "password"),
    ),
)
def test_invalid_settings_are_explained_beside_their_field(
    smtp_client: FlaskClient, mail_server: SmtpServer, fields: dict[str, str], field: str
) -> None:
    password = fields.pop("password", PASSWORD)
    status, page = _submit(smtp_client, mail_server, password=password, **fields)
    assert status == 400
    assert f'id="{field}-error"' in page
    assert 'aria-invalid="true"' in page
    assert PASSWORD not in page
    assert 'class="verdict' not in page, "nothing was connected"


def _echo(mechanism: str, login: str, password: str) -> str:
    """A careless server's refusal: the credentials quoted back, encoded and decoded."""
    encoded = base64.b64encode(f"\0{login}\0{password}".encode()).decode()
    return f"535-5.7.8 AUTH {mechanism} {encoded} refused\r\n535 password was {password}"


@pytest.fixture(scope="module", params=("PLAIN", "LOGIN"))
def echo_server(request: pytest.FixtureRequest, ca: trustme.CA) -> Iterator[SmtpServer]:
    """Implicit TLS; refuses the login with a reply that quotes the AUTH line and the password."""
    certificate = ca.issue_cert("smtp.webui-mail.test")
    with SmtpServer(
        certificate=certificate, tls="implicit", auth_reply=_echo, mechanisms=(request.param,)
    ) as server:
        yield server


def test_a_password_the_server_echoes_is_not_on_the_page(
    smtp_client: FlaskClient, echo_server: SmtpServer
) -> None:
    status, page = _submit(smtp_client, echo_server, password=WRONG)
    assert status == 200 and "smtp.auth_failed" in _codes(page)
    assert "password was [credentials hidden]" in page
    for secret in _secrets(WRONG):
        assert secret not in page


def test_the_smtp_test_ends_at_the_request_deadline(
    config: dict[str, Any], ca_file: str, ca: trustme.CA
) -> None:
    # The server greets, then never answers EHLO: only the deadline ends the test.
    app = create_app(
        {**config, "SMTP_ALLOW_PRIVATE": True, "SMTP_CA_FILE": ca_file, "DEADLINE": 0.5}
    )
    with SilentServer(greeting="220 smtp.webui-mail.test ESMTP") as server:
        client = app.test_client()
        data = {
            "csrf_token": csrf_token(client),
            "host": "tls://127.0.0.1",  # no DNS lookup inside the short deadline
            "port": str(server.port),
            "username": LOGIN,
            "password": PASSWORD,
        }
        page = client.post("/smtp-test", data=data).get_data(as_text=True)
    assert "smtp.deadline" in _codes(page)


@pytest.mark.parametrize(
    ("field", "typed"),
    (
        ("host", "x%y.example.com"),
        ("host", "%(a)s.example.com"),
        ("send_to", "x%y.example.com"),
        ("send_to", "%(a)s.example.com"),
    ),
)
@pytest.mark.parametrize("lang", ("en", "fr"))
def test_a_percent_sign_typed_is_shown_back_not_a_500(
    smtp_client: FlaskClient, mail_server: SmtpServer, field: str, typed: str, lang: str
) -> None:
    smtp_client.set_cookie("lang", lang)
    status, page = _submit(smtp_client, mail_server, password=PASSWORD, **{field: typed})
    assert status == 400
    assert html.escape(typed, quote=True) in page or typed in page


def test_the_test_message_can_go_to_a_fresh_test_address(
    config: dict[str, Any], ca_file: str, mail_server: SmtpServer
) -> None:
    """Settings accepted, message sent, and a link to how it arrived: the seed's "Tester"."""
    client = create_app(
        {
            **config,
            "SMTP_ALLOW_PRIVATE": True,
            "SMTP_CA_FILE": ca_file,
            "INBOX_DOMAIN": "inbox.example.com",
        }
    ).test_client()
    status, page = _submit(client, mail_server, password=PASSWORD, to_inbox="y")
    assert status == 200
    sent = re.search(r"The test message was sent to (t-[a-z2-9]{16}@inbox\.example\.com)\.", page)
    assert sent, "the page names the test address"
    assert sent.group(1) in [to for message in mail_server.received for to in message.rcpt_tos]
    link = re.search(r'href="(/test-inbox/[\w-]+)"', page)
    assert link and "Waiting for the message" in client.get(link.group(1)).get_data(as_text=True)
    status, page = _submit(
        client, mail_server, password=PASSWORD, to_inbox="y", send_to="me@example.net"
    )
    assert status == 400 and "not both" in page


def test_without_a_test_inbox_the_box_is_not_offered(smtp_client: FlaskClient) -> None:
    assert 'name="to_inbox"' not in smtp_client.get("/smtp-test").get_data(as_text=True)
