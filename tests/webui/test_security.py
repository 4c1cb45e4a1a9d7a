"""Headers, CSRF and the per-client quota on checks."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from webui.security import CONTENT_SECURITY_POLICY

PATHS = (
    "/",
    "/report?target=webui-healthy.test",
    "/api/report?target=webui-healthy.test",
    "/smtp-test",
    "/static/style.css",
    "/no-such-page",
    "/report?target=a..b",
)


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    with client.get(path) as response:  # closed: a static file response holds the file open
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script_no_other_origin_and_no_framing() -> None:
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_jinja_autoescapes_every_template_and_none_opts_out(app: Flask) -> None:
    names = app.jinja_env.list_templates()
    assert names
    for name in names:
        assert app.select_jinja_autoescape(name), name
        source, _, _ = app.jinja_env.loader.get_source(app.jinja_env, name)  # type: ignore[union-attr]
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, name
        assert "Markup" not in source, name


def test_a_post_without_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post(
        "/smtp-test", data={"host": "smtp.example.com", "port": "587", "password": "s3cret-Pw"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form has expired" in page
    assert "s3cret-Pw" not in page


def test_a_post_with_a_forged_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post(
        "/smtp-test", data={"csrf_token": "forged", "host": "smtp.example.com", "port": "587"}
    )
    assert response.status_code == 400


@pytest.fixture
def limited(config: dict[str, Any]) -> FlaskClient:
    return create_app({**config, "CHECK_RATE_LIMIT": "2 per minute"}).test_client()


def test_checks_are_limited_per_client_with_a_friendly_page(limited: FlaskClient) -> None:
    assert limited.get("/report?target=webui-healthy.test").status_code == 200
    assert limited.get("/api/report?target=webui-healthy.test").status_code == 200
    refused = limited.get("/report?target=webui-healthy.test")
    assert refused.status_code == 429
    assert "Too many checks" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0
    api = limited.get("/api/report?target=webui-healthy.test")
    assert api.status_code == 429
    assert api.json["error"] == "too_many_requests"


def test_the_quota_is_per_client(limited: FlaskClient) -> None:
    for _ in range(2):
        limited.get("/report?target=webui-healthy.test", environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert (
        limited.get(
            "/report?target=webui-healthy.test", environ_base={"REMOTE_ADDR": "127.0.0.2"}
        ).status_code
        == 429
    )
    assert (
        limited.get(
            "/report?target=webui-healthy.test", environ_base={"REMOTE_ADDR": "127.0.0.3"}
        ).status_code
        == 200
    )


def test_pages_that_run_no_check_are_not_counted(limited: FlaskClient) -> None:
    for _ in range(5):
        assert limited.get("/").status_code == 200
        assert limited.get("/smtp-test").status_code == 200
        assert limited.get("/r/unknown").status_code == 404
    assert limited.get("/report?target=webui-healthy.test").status_code == 200


def test_a_request_larger_than_a_form_needs_is_refused(client: FlaskClient) -> None:
    response = client.post("/smtp-test", data={"host": "x" * 20_000})
    assert response.status_code == 413
    assert "Too much data" in response.get_data(as_text=True)
