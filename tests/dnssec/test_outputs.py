"""DNSSEC in every output: the CLI's JSON and French text, and the dashboard's report page."""

from __future__ import annotations

import html

from deliverability.cli import main
from deliverability.codes import check_title
from deliverability.report import Report
from deliverability.testing import DnsServer
from webui import create_app

from .conftest import SIGNED


def _check(server: DnsServer, *args: str) -> list[str]:
    return ["check", "--nameserver", server.address, "--timeout", "2", *args]


def test_json_has_the_finding_and_the_facts(validating_server: DnsServer, capsys) -> None:
    main(_check(validating_server, SIGNED, "--format", "json"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert "dnssec.ok" in report.codes()
    assert report.facts.dnssec is not None
    assert report.facts.dnssec.domain.apex == SIGNED
    assert report.facts.dnssec.domain.authenticated
    assert report.facts.dane is None  # DANE only with --smtp


def test_text_in_french_says_the_resolver_does_not_validate(
    dnssec_server: DnsServer, capsys
) -> None:
    main(_check(dnssec_server, SIGNED, "--lang", "fr", "--verbose"))  # an info's detail
    out = capsys.readouterr().out
    assert "[dnssec.not_validated]" in out
    assert f"La zone {SIGNED} est signée, mais les signatures n'ont pas été vérifiées" in out


def test_the_dashboard_shows_it_in_both_languages(validating_server: DnsServer) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "NAMESERVERS": [validating_server.address],
            "DNS_TIMEOUT": 2.0,
            "DEADLINE": 10.0,
        }
    )
    client = app.test_client()
    for lang in ("en", "fr"):
        page = html.unescape(
            client.get(f"/report?target={SIGNED}", headers={"Accept-Language": lang}).get_data(
                as_text=True
            )
        )
        assert check_title("dnssec", lang) in page
        assert "dnssec.ok" in page
    assert check_title("dnssec", "fr") != check_title("dnssec", "en")
