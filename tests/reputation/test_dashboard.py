"""The dashboard: the new checks render through the generic finding macro, the blocklist box is
opt-in, and the Spamhaus key from the configuration shows nowhere."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from deliverability.report import Report
from webui import create_app

KEY = "abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def client(dns_server) -> FlaskClient:  # noqa: ANN001
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "NAMESERVERS": [dns_server.address],
        "DNS_TIMEOUT": 3.0,
        "DEADLINE": 20.0,
        "CHECK_RATE_LIMIT": "1000 per minute",
        "BLOCKLISTS_MIRROR": "bl.test",
        "SPAMHAUS_KEY": KEY,
    }
    return create_app(config).test_client()


def test_the_form_offers_blocklists_unticked(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'name="blocklists" value="1">' in page  # not checked


def test_new_checks_render_as_findings(client: FlaskClient) -> None:
    page = client.get("/report?target=nothing.sts.test").get_data(as_text=True)
    for code in ("mta_sts.missing", "tls_rpt.missing", "bimi.missing"):
        assert f'<code class="code">{code}</code>' in page
    assert "TLS policy (MTA-STS)" in page and "Brand logo (BIMI)" in page
    assert "blocklist." not in page  # off unless asked


def test_blocklists_on_request_and_the_key_nowhere(client: FlaskClient) -> None:
    response = client.get("/report?target=rep-listed.test&blocklists=1")
    page = response.get_data(as_text=True)
    assert '<code class="code">blocklist.listed</code>' in page
    assert 'name="blocklists" value="1" checked' in page
    assert KEY not in page
    api = client.get("/api/report?target=rep-listed.test&blocklists=1").get_data(as_text=True)
    report = Report.model_validate_json(api)
    assert report.facts.blocklist is not None and report.facts.blocklist.dqs
    assert "blocklist.listed" in report.codes() and KEY not in api


def test_french_page(client: FlaskClient) -> None:
    page = client.get("/report?target=rep-listed.test&blocklists=1&lang=fr").get_data(as_text=True)
    assert "Listes de blocage" in page
