"""The form, the report page, its permalink and the JSON API, through Flask's test client."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from deliverability.report import Report
from webui import create_app
from webui.checker import Checker

HOSTILE = "<script>alert(1)</script>"


def _library_report(app: Flask, target: str) -> Report:
    """The report the library gives for ``target`` with the dashboard's own settings."""
    checker: Checker = app.extensions["checker"]
    return checker.report(target, lang="en")


def test_the_home_page_is_a_form_with_a_labelled_field(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert '<form class="check" action="/report" method="get"' in page
    assert '<label for="target">' in page
    assert 'id="target" name="target"' in page


def test_the_report_shows_the_verdict_first_then_every_finding(
    app: Flask, client: FlaskClient
) -> None:
    response = client.get("/report?target=webui-customer.test")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    expected = _library_report(app, "webui-customer.test")
    verdict = page.index('id="verdict"')
    assert verdict < page.index('class="check"'), "the verdict comes before the checks"
    assert expected.findings, "the customer zone should give findings"
    for item in expected.findings:
        assert str(escape(item.title)) in page
        assert f'<code class="code">{item.code}</code>' in page
        assert f'class="finding sev-{item.severity.value}"' in page


def test_severity_is_said_in_words_not_only_in_colour(client: FlaskClient) -> None:
    page = client.get("/report?target=webui-customer.test").get_data(as_text=True)
    badges = re.findall(
        r'<span class="badge sev-(\w+)"><span aria-hidden="true">.</span> ([^<]+)</span>', page
    )
    assert badges
    assert all(word.strip() for _, word in badges)


def test_dns_data_is_escaped(client: FlaskClient) -> None:
    page = client.get("/report?target=webui-hostile.test").get_data(as_text=True)
    assert HOSTILE not in page
    assert str(escape(HOSTILE)) in page, "the hostile record is shown, escaped, as evidence"


def test_pages_carry_no_inline_script_or_style(client: FlaskClient) -> None:
    for path in ("/", "/report?target=webui-customer.test", "/smtp-test", "/report?target=a..b"):
        page = client.get(path).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == [], path
        assert " style=" not in page and "<style" not in page, path
        assert re.search(r"\bon[a-z]+=", page) is None, path


def test_an_empty_target_goes_back_to_the_form(client: FlaskClient) -> None:
    response = client.get("/report?target=+")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    (
        "not a domain",
        "example",
        "a..b",
        "x@[192.0.2.1]",
        "192.0.2.1",
        "@example.com",
        "-bad-.example",
        "a" * 300 + ".example",
        HOSTILE,
        "exa\x00mple.com",
        "x" * 70 + "@example.com",
    ),
)
def test_a_garbage_target_gets_a_friendly_400_page(client: FlaskClient, target: str) -> None:
    response = client.get("/report", query_string={"target": target})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This is not a domain or an e-mail address" in page
    assert 'role="alert"' in page
    assert HOSTILE not in page


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.text(max_size=80))
def test_any_text_as_target_never_gets_a_server_error(client: FlaskClient, target: str) -> None:
    # Valid names are looked up on the loopback server (which knows none of them): quick answers.
    response = client.get("/report", query_string={"target": target})
    assert response.status_code in (200, 302, 400)
    assert HOSTILE not in response.get_data(as_text=True)


def test_the_permalink_shows_the_same_report_without_checking_again(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/report?target=webui-customer.test").get_data(as_text=True)
    link = re.search(r'class="permalink" href="(/r/[\w-]+)"', page)
    assert link
    shared = client.get(link.group(1))
    assert shared.status_code == 200
    assert "webui-customer.test" in shared.get_data(as_text=True)
    assert (
        client.get(link.group(1).replace("/r/", "/api/r/")).json["target"] == "webui-customer.test"
    )


def test_a_permalink_in_another_language_shows_the_findings_in_that_language(
    client: FlaskClient,
) -> None:
    page = client.get("/report?target=webui-customer.test&lang=en").get_data(as_text=True)
    link = re.search(r'class="permalink" href="(/r/[\w-]+)"', page)
    assert link
    french = client.get(link.group(1) + "?lang=fr").get_data(as_text=True)
    english = client.get(link.group(1) + "?lang=en").get_data(as_text=True)
    titles = re.compile(r'<span class="title">([^<]+)</span>')
    assert titles.findall(french) != titles.findall(english)
    assert '<html lang="fr">' in french


def test_an_expired_permalink_says_so_and_offers_the_form(client: FlaskClient) -> None:
    response = client.get("/r/this-link-has-expired")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This report has expired" in page
    assert 'name="target"' in page


def test_the_api_returns_the_report_as_json(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/report?target=webui-customer.test")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    report = Report.model_validate_json(response.get_data())
    assert report.target == "webui-customer.test"
    assert report.codes() == _library_report(app, "webui-customer.test").codes()


def test_the_api_answers_errors_in_json(client: FlaskClient) -> None:
    bad = client.get("/api/report", query_string={"target": "a..b"})
    assert bad.status_code == 400
    assert bad.json["error"] == "bad_target"
    assert client.get("/api/report").json["error"] == "missing_target"
    missing = client.get("/api/nothing-here")
    assert missing.status_code == 404
    assert missing.json["error"] == "not_found"


def test_a_free_mail_sender_gets_the_provider_settings_ready_to_copy_and_test(
    client: FlaskClient,
) -> None:
    page = client.get("/report", query_string={"target": "artisan@wanadoo.fr"}).get_data(
        as_text=True
    )
    assert '<code class="code">sender.freemail</code>' in page
    assert '<code class="proposed" data-copy>smtp.orange.fr</code>' in page
    link = re.search(r'<a class="action" href="([^"]+)">', page)
    assert link, "a link fills the SMTP test with the provider's settings"
    form = client.get(html.unescape(link.group(1)) + "&password=from-a-link").get_data(as_text=True)
    assert 'value="ssl://smtp.orange.fr"' in form
    assert 'value="465"' in form
    assert 'value="artisan@wanadoo.fr"' in form
    assert "from-a-link" not in form, "a password is never taken from a URL"


def test_changes_made_for_one_reason_are_one_step(client: FlaskClient) -> None:
    page = client.get("/report", query_string={"target": "artisan@wanadoo.fr"}).get_data(
        as_text=True
    )
    steps = re.findall(r'<li class="change">\s*<p class="why">([^<]+)</p>', page)
    assert steps and len(steps) == len(set(steps))


def test_dns_that_does_not_answer_gives_a_report_not_an_error(config: dict[str, Any]) -> None:
    client = create_app({**config, "DEADLINE": 1.0}).test_client()
    response = client.get("/report?target=customer.timeout.test")
    assert response.status_code == 200
    assert '<code class="code">dns.unavailable</code>' in response.get_data(as_text=True)


def _shown_link(client: FlaskClient, **headers: str) -> str:
    page = client.get("/report?target=webui-customer.test", headers=headers).get_data(as_text=True)
    found = re.search(r'class="permalink" href="([^"]+)">([^<]+)</a>', page)
    assert found is not None and found.group(1) == found.group(2)
    return found.group(1)


def test_the_link_shown_never_comes_from_the_host_header(client: FlaskClient) -> None:
    link = _shown_link(client, Host="attacker.example")
    assert re.fullmatch(r"/r/[\w-]+", link), link


@pytest.mark.parametrize(
    ("setting", "base"),
    (
        (
            {"PUBLIC_URL": "https://deliverability.example.com/"},
            "https://deliverability.example.com",
        ),
        ({"SERVER_NAME": "dash.example.com"}, "http://dash.example.com"),
    ),
)
def test_the_link_shown_uses_the_configured_address(
    config: dict[str, Any], setting: dict[str, str], base: str
) -> None:
    client = create_app({**config, **setting}).test_client()
    link = _shown_link(client, Host=setting.get("SERVER_NAME", "attacker.example"))
    assert re.fullmatch(re.escape(base) + r"/r/[\w-]+", link), link


def test_the_session_cookie_is_samesite_lax(client: FlaskClient) -> None:
    cookie = client.get("/smtp-test").headers.get("Set-Cookie", "")
    assert cookie.startswith("session=") and "SameSite=Lax" in cookie


def test_the_page_opens_with_the_reports_sentence_and_folds_what_can_wait(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/report?target=webui-customer.test").get_data(as_text=True)
    expected = _library_report(app, "webui-customer.test")
    assert expected.summary.startswith("webui-customer.test: ")
    assert f'<h1 id="verdict">{escape(expected.summary)}</h1>' in page
    requirements = page[page.index('id="check-requirements"') :]
    assert '<details class="detail">' in requirements, (
        "a receiver's detail waits behind a disclosure"
    )
    problem = next(f for f in expected.findings if f.check == "spf" and f.severity.rank >= 2)
    assert f'<p class="detail">{escape(problem.detail)}</p>' in page, "a problem's detail is shown"


def test_a_long_evidence_value_shows_folded_and_whole_behind_a_disclosure(
    app: Flask, client: FlaskClient
) -> None:
    page = client.get("/report?target=webui-longkey.test").get_data(as_text=True)
    expected = _library_report(app, "webui-longkey.test")
    long = [line for f in expected.findings for line in f.evidence if len(line) > 100]
    assert long, "the zone's DKIM key is a long evidence line"
    assert '<details class="long"><summary>' in page
    assert re.search(r"… \(\d+ characters\)</summary>", page)
    assert str(escape(long[0])) in page, "the whole value is still there"
