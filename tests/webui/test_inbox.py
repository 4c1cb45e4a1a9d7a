"""The deliverability test on the dashboard, over HTTP: make an address, send to it with real
SMTP, read the state and the report; the listener and the dashboard share only the store."""

from __future__ import annotations

import re
import smtplib
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.inbox import Deliveries, Delivery, InboxListener
from deliverability.storage import Store
from deliverability.testing import DnsServer
from webui import create_app

DOMAIN = "inbox.example.com"


@pytest.fixture
def inbox_config(config: dict[str, Any]) -> dict[str, Any]:
    return {**config, "INBOX_DOMAIN": DOMAIN}


@pytest.fixture
def inbox_app(inbox_config: dict[str, Any]) -> Flask:
    return create_app(inbox_config)


@pytest.fixture
def inbox_client(inbox_app: Flask) -> FlaskClient:
    return inbox_app.test_client()


@pytest.fixture
def listener(inbox_config: dict[str, Any], dns_server: DnsServer) -> Iterator[InboxListener]:
    """The SMTP listener on the dashboard's store, as ``deliverability inbox`` runs it; its
    analysis diagnoses the From domain on the loopback DNS server."""
    store = Store(inbox_config["DB"])
    deliveries = Deliveries(store, DOMAIN)

    async def analyse(delivery: Delivery, raw: bytes) -> None:
        resolver = Resolver([dns_server.address], timeout=2)
        deliveries.finish(delivery.token, await diagnose("webui-healthy.test", resolver=resolver))

    with InboxListener(deliveries, analyse, port=0) as server:
        yield server
    store.close()


def _send(listener: InboxListener, to: str) -> None:
    message = EmailMessage()
    message["From"] = "artisan@webui-healthy.test"
    message["To"] = to
    message["Subject"] = "Devis n° 42"
    message.set_content("Bonjour, voici le devis.")
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client:
        client.send_message(message)


def _poll(client: FlaskClient, url: str, *, until: str, seconds: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        state: dict[str, Any] = client.get(url).get_json()
        if state["status"] == until or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_the_api_gives_an_address_then_the_report(
    inbox_client: FlaskClient, listener: InboxListener
) -> None:
    made = inbox_client.post("/api/inbox")  # a JSON API: no CSRF token, an empty body
    assert made.status_code == 200
    test = made.get_json()
    assert re.fullmatch(r"t-[a-z2-9]{16}@" + re.escape(DOMAIN), test["address"])
    assert test["expires_at"] and test["result_url"].startswith("/api/inbox/")
    assert inbox_client.get(test["result_url"]).get_json() == {
        "status": "waiting",
        "arrived": False,
    }
    _send(listener, test["address"])
    state = _poll(inbox_client, test["result_url"], until="received")
    assert state["status"] == "received"
    assert state["received"]["client_address"] == "127.0.0.1"
    assert state["received"]["tls_version"] is None
    assert state["report"]["target"] == "webui-healthy.test"


def test_an_unknown_test_is_404_in_json(inbox_client: FlaskClient) -> None:
    answer = inbox_client.get("/api/inbox/no-such-token")
    assert answer.status_code == 404 and answer.mimetype == "application/json"


def test_the_page_waits_then_shows_score_and_report(
    inbox_client: FlaskClient, listener: InboxListener
) -> None:
    page = inbox_client.get("/test-inbox").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    made = inbox_client.post("/test-inbox", data={"csrf_token": token.group(1)})
    assert made.status_code == 303
    result_url = made.headers["Location"]
    waiting = inbox_client.get(result_url).get_data(as_text=True)
    address = re.search(r"(t-[a-z2-9]{16}@" + re.escape(DOMAIN) + ")", waiting)
    assert address
    assert '<noscript><meta http-equiv="refresh"' in waiting  # refreshes itself without JS
    _send(listener, address.group(1))
    _poll(inbox_client, "/api/inbox/" + result_url.rsplit("/", 1)[1], until="received")
    done = inbox_client.get(result_url).get_data(as_text=True)
    assert "/ 10" in done and "How it arrived" in done and "127.0.0.1" in done
    assert 'http-equiv="refresh"' not in done


def test_the_form_needs_its_csrf_token(inbox_client: FlaskClient) -> None:
    assert inbox_client.post("/test-inbox").status_code == 400


def test_in_french(inbox_client: FlaskClient) -> None:
    page = inbox_client.get("/test-inbox?lang=fr").get_data(as_text=True)
    assert "Test de délivrabilité" in page


def test_without_an_inbox_domain_the_test_is_not_offered(client: FlaskClient) -> None:
    assert "not set up" in client.get("/test-inbox").get_data(as_text=True)
    assert client.post("/api/inbox").status_code == 404


def test_health_reports_the_store_and_the_listener(
    inbox_client: FlaskClient, inbox_config: dict[str, Any]
) -> None:
    down = inbox_client.get("/healthz")
    assert down.status_code == 503
    assert down.get_json()["inbox"] == {"configured": True, "listener": "not listening"}
    store = Store(inbox_config["DB"])
    with InboxListener(Deliveries(store, DOMAIN), _nothing, port=0):
        up = inbox_client.get("/healthz")
        assert up.status_code == 200
        assert up.get_json() == {"store": "ok", "inbox": {"configured": True, "listener": "ok"}}
    store.close()


def test_polling_has_its_own_larger_quota(inbox_config: dict[str, Any]) -> None:
    client = create_app(
        {**inbox_config, "POLL_RATE_LIMIT": "3 per minute", "CHECK_RATE_LIMIT": "100 per minute"}
    ).test_client()
    url = client.post("/api/inbox").get_json()["result_url"]
    answers = [client.get(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].mimetype == "application/json"
    assert client.post("/api/inbox").status_code == 200  # the checks' quota is apart


async def _nothing(delivery: Delivery, raw: bytes) -> None:
    """An analysis that is never reached: the health test sends nothing."""
