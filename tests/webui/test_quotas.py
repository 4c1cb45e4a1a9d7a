"""Every route that serves computed or stored data counts against a per-client quota."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from webui import create_app, security

FREE = frozenset({"report.index", "smtp.form", "message.form", "inbox.start", "static"})
"""Endpoints that serve only a form or a file: no quota."""


def test_every_route_but_the_forms_counts_against_a_quota(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    uncounted = {
        endpoint
        for endpoint in endpoints - FREE
        if security.quota_of(app.view_functions[endpoint].__wrapped__) is None  # type: ignore[attr-defined]
    }
    assert uncounted == set(), "a new route must choose its quota (webui.security)"


def _link(client: FlaskClient) -> str:
    page = client.get("/report?target=webui-healthy.test").get_data(as_text=True)
    found = re.search(r'class="permalink" href="/r/([\w-]+)"', page)
    assert found
    return found.group(1)


def test_shared_reports_are_counted_and_a_json_refusal_is_json(config: dict[str, Any]) -> None:
    client = create_app({**config, "READ_RATE_LIMIT": "2 per minute"}).test_client()
    link = _link(client)
    assert client.get(f"/r/{link}").status_code == 200
    assert client.get(f"/api/r/{link}").status_code == 200
    page = client.get(f"/r/{link}")
    assert page.status_code == 429 and page.mimetype == "text/html"
    api = client.get(f"/api/r/{link}")
    assert api.status_code == 429
    assert api.mimetype == "application/json"
    assert api.json["error"] == "too_many_requests"
    assert int(api.headers["Retry-After"]) > 0
    assert client.get("/api/r/unknown-link").status_code == 429  # unknown ids count too


def test_reading_and_checking_are_separate_quotas(config: dict[str, Any]) -> None:
    client = create_app(
        {**config, "READ_RATE_LIMIT": "1 per minute", "CHECK_RATE_LIMIT": "2 per minute"}
    ).test_client()
    link = _link(client)
    assert client.get(f"/api/r/{link}").status_code == 200
    assert client.get(f"/api/r/{link}").status_code == 429
    assert client.get("/api/report?target=webui-healthy.test").status_code == 200
    assert client.get("/api/report?target=webui-healthy.test").status_code == 429


def test_a_polled_route_can_have_a_quota_of_its_own() -> None:
    app = Flask(__name__)
    app.config.update(
        CHECK_RATE_LIMIT="1 per minute",
        POLL_RATE_LIMIT="5 per minute",
        RATELIMIT_STORAGE_URI="memory://",
        SECRET_KEY="test",
    )

    @app.get("/status")
    @security.counted("POLL_RATE_LIMIT")
    def status() -> str:
        return "waiting"

    @app.get("/check")
    @security.runs_check
    def check() -> str:
        return "checked"

    security.init_app(app)
    client = app.test_client()
    assert [client.get("/status").status_code for _ in range(6)] == [200] * 5 + [429]
    assert [client.get("/check").status_code for _ in range(2)] == [200, 429]
