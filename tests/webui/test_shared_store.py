"""Several dashboard workers on one store: the same links, each other's forms, across restarts."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from flask.testing import FlaskClient

from deliverability.report import Report
from webui import create_app


def _shared_link(client: FlaskClient) -> str:
    page = client.get("/report?target=webui-customer.test").get_data(as_text=True)
    link = re.search(r'class="permalink" href="/r/([\w-]+)"', page)
    assert link, "the report offers no link"
    return link.group(1)


def test_a_link_made_by_one_worker_is_served_by_another_process(config: dict[str, Any]) -> None:
    link = _shared_link(create_app(config).test_client())
    child = (
        "import json, sys\n"
        "from webui import create_app\n"
        "client = create_app({'DB': sys.argv[1], 'TESTING': True}).test_client()\n"
        "response = client.get('/api/r/' + sys.argv[2])\n"
        "print(response.status_code, response.json['target'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child, config["DB"], link],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["200", "webui-customer.test"]


def test_a_restarted_app_keeps_the_links(config: dict[str, Any]) -> None:
    link = _shared_link(create_app(config).test_client())
    restarted = create_app(config).test_client()
    assert restarted.get(f"/r/{link}").status_code == 200
    assert restarted.get(f"/api/r/{link}").json["target"] == "webui-customer.test"


def test_a_form_from_one_worker_is_accepted_by_another(config: dict[str, Any]) -> None:
    del config["SECRET_KEY"]  # as deployed without one: the store's key is shared
    first, second = create_app(config).test_client(), create_app(config).test_client()
    page = first.get("/smtp-test").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    session = first.get_cookie("session")
    assert session is not None
    second.set_cookie("session", session.value)
    answer = second.post(
        "/smtp-test",
        data={
            "csrf_token": token.group(1),
            "host": "192.0.2.1",  # refused by the address policy: nothing is connected
            "port": "587",
            "username": "artisan@example.com",
            "password": "not-a-real-password",
        },
    )
    assert answer.status_code == 200
    assert "smtp.address_refused" in answer.get_data(as_text=True)


def test_a_cut_report_says_so_in_the_reader_s_language(config: dict[str, Any]) -> None:
    app = create_app(config)
    report = Report(
        target="cut.example",
        domain="cut.example",
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1,
        dns_queries=1,
        truncated=["facts.spf.tree.root.lookup.records"],
    )
    link = app.extensions["permalinks"].add(report)
    client = app.test_client()
    english = client.get(f"/r/{link}?lang=en").get_data(as_text=True)
    assert "This report was cut" in english
    assert "facts.spf.tree.root.lookup.records" in english
    assert "Ce rapport a été raccourci" in client.get(f"/r/{link}?lang=fr").get_data(as_text=True)
