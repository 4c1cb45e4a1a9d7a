"""The deliverability test end to end, as a platform runs it: ``deliverability serve`` with its
SMTP listener started from the command line, a test address made over HTTP, a DKIM-signed
message sent with smtplib from 127.0.0.1, the report read over HTTP and in Chromium (with
and without JavaScript); two dashboards on one store, and a restart that keeps the test."""

from __future__ import annotations

import json
import re
import smtplib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dkim
import pytest

from deliverability.testing import DnsServer

DOMAIN = "inbox.example.com"
KEY = Path(__file__).parents[1] / "message" / "keys" / "sender.pem"
"""The test-only key whose public half msg-sender.test publishes at sel1._domainkey."""


class Served:
    """A ``deliverability serve`` process: its dashboard URL and, if asked, its SMTP port."""

    def __init__(self, db: Path, dns: str, *, listen: bool) -> None:
        command = [sys.executable, "-m", "deliverability", "serve", "--port", "0"]
        command += ["--db", str(db), "--nameserver", dns, "--timeout", "2"]
        command += ["--inbox-domain", DOMAIN]
        if listen:
            command += ["--smtp-listen", "127.0.0.1:0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.url, self.smtp_port = "", 0
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if found := re.search(r"dashboard on (http://\S+?)/ ", line):
                self.url = found.group(1)
            if found := re.search(r"test inbox for @\S+ on 127\.0\.0\.1:(\d+)", line):
                self.smtp_port = int(found.group(1))
            if self.url and (self.smtp_port or not listen):
                break
        assert self.url, "the dashboard did not start"

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=10) as answer:
            return json.load(answer)

    def post(self, path: str) -> Any:
        request = urllib.request.Request(self.url + path, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def served(db: Path, dns_server: DnsServer) -> Iterator[Served]:
    server = Served(db, dns_server.address, listen=True)
    yield server
    server.stop()


def signed_message(to: str) -> bytes:
    message = (
        "From: Artisan Dupont <devis@msg-sender.test>\r\n"
        f"To: {to}\r\n"
        "Subject: Votre devis n° 42\r\n"
        "Date: Mon, 30 Nov 2026 09:59:30 +0100\r\n"
        "Message-ID: <42.inbox@msg-sender.test>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Bonjour,\r\n\r\nVeuillez trouver votre devis.\r\n"
    ).encode()
    headers = [b"from", b"to", b"subject", b"date", b"message-id"]
    signature = dkim.sign(
        message, b"sel1", b"msg-sender.test", KEY.read_bytes(), include_headers=headers
    )
    return signature + message


def send(port: int, to: str) -> None:
    """Send with the standard library's blocking client: its socket is closed when the
    ``with`` ends, and it needs no event loop beside the one Playwright keeps running."""
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail("bounce@bounce.msg-sender.test", [to], signed_message(to))


def wait_for_report(server: Served, result_url: str, seconds: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        state: dict[str, Any] = server.get(result_url)
        if state["status"] != "waiting" or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def test_a_signed_message_arrives_and_is_analysed(served: Served) -> None:
    test = served.post("/api/inbox")
    send(served.smtp_port, test["address"])
    state = wait_for_report(served, test["result_url"])
    assert state["status"] == "received", state
    received, report = state["received"], state["report"]
    assert received["client_address"] == "127.0.0.1" and received["client_kind"] == "loopback"
    assert received["mail_from"] == "bounce@bounce.msg-sender.test"
    assert report["target"] == "devis@msg-sender.test"
    codes = {finding["code"] for finding in report["findings"]}
    assert "auth.dkim_ok" in codes  # verified on the bytes as received
    # SPF is evaluated for the address that really connected, loopback included: it fails.
    assert "auth.spf_fail" in codes
    assert report["facts"]["reception"]["client_address"] == "127.0.0.1"
    assert report["facts"]["ptr"]["addresses"][0]["address"] == "127.0.0.1"


def test_two_dashboards_on_one_store_and_a_restart(
    served: Served, db: Path, dns_server: DnsServer
) -> None:
    other = Served(db, dns_server.address, listen=False)
    try:
        test = served.post("/api/inbox")
        assert other.get(test["result_url"]) == {"status": "waiting", "arrived": False}
        other.stop()
        other = Served(db, dns_server.address, listen=False)  # a restart keeps the test
        assert other.get(test["result_url"])["status"] == "waiting"
        send(served.smtp_port, test["address"])
        assert wait_for_report(other, test["result_url"])["status"] == "received"
    finally:
        other.stop()


@pytest.mark.browser
@pytest.mark.parametrize("javascript", (True, False), ids=("javascript", "no-javascript"))
def test_the_page_shows_the_message_arriving(
    served: Served, browser: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(served.url + "/test-inbox")
    page.get_by_role("button", name="Make a test address").click()
    address = page.locator(".test-address").inner_text()
    assert address.endswith("@" + DOMAIN)
    if javascript:
        page.evaluate("window.stayed = true")  # gone if the page were loaded again
    send(served.smtp_port, address)
    # With JavaScript the page updates in place; without, it reloads itself every few seconds.
    page.locator(".score-value").wait_for(timeout=30_000)
    if javascript:
        assert page.evaluate("window.stayed === true")
    assert page.get_by_role("heading", name="How it arrived").is_visible()
    assert "127.0.0.1" in page.locator(".reception").inner_text()
    context.close()
