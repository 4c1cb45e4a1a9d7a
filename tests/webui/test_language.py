"""French and English: from Accept-Language, a switch remembered in a cookie, ``<html lang>``."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from flask import Flask
from flask.testing import FlaskClient

from deliverability.codes import check_title
from deliverability.i18n import catalogue, translator
from webui import create_app


def _lang(page: str) -> str:
    found = re.search(r'<html lang="(\w+)">', page)
    assert found
    return found.group(1)


@pytest.mark.parametrize(
    ("accept", "lang"),
    (
        ("fr-FR,fr;q=0.9,en;q=0.5", "fr"),
        ("fr-CA", "fr"),
        ("en-GB,en;q=0.8", "en"),
        ("de-DE", "en"),
        ("", "en"),
    ),
)
def test_the_language_follows_accept_language(client: FlaskClient, accept: str, lang: str) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    assert _lang(client.get("/", headers=headers).get_data(as_text=True)) == lang


def test_the_french_page_is_in_french(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "fr"})
    page = response.get_data(as_text=True)
    assert translator("fr")("Domain or e-mail address") != "Domain or e-mail address"
    assert translator("fr")("Domain or e-mail address") in page
    assert "Accept-Language" in response.headers["Vary"]


def test_the_report_findings_come_in_french(client: FlaskClient) -> None:
    page = client.get(
        "/report?target=webui-customer.test", headers={"Accept-Language": "fr"}
    ).get_data(as_text=True)
    assert check_title("mx", "fr") != check_title("mx", "en")
    assert check_title("mx", "fr") in page
    assert check_title("mx", "en") not in page


def test_the_switch_is_remembered_and_beats_the_browser(client: FlaskClient) -> None:
    switched = client.get("/?lang=fr", headers={"Accept-Language": "en"})
    assert _lang(switched.get_data(as_text=True)) == "fr"
    assert "lang=fr" in switched.headers["Set-Cookie"]
    later = client.get("/", headers={"Accept-Language": "en"})
    assert _lang(later.get_data(as_text=True)) == "fr"


def test_the_switch_links_keep_the_page_and_its_target(client: FlaskClient) -> None:
    page = client.get("/report?target=webui-customer.test&lang=en").get_data(as_text=True)
    assert 'href="/report?target=webui-customer.test&amp;lang=fr" hreflang="fr"' in page


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    response = client.get("/?lang=xx", headers={"Accept-Language": "fr"})
    assert _lang(response.get_data(as_text=True)) == "fr"
    assert "Set-Cookie" not in response.headers


def test_the_default_language_serves_browsers_that_state_none(config: dict[str, object]) -> None:
    client = create_app({**config, "DEFAULT_LANGUAGE": "fr"}).test_client()
    assert _lang(client.get("/").get_data(as_text=True)) == "fr"


def test_an_unsupported_default_language_fails_at_start(config: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        create_app({**config, "DEFAULT_LANGUAGE": "de"})


def test_every_string_of_the_templates_has_a_french_translation(app: Flask) -> None:
    untranslated = [
        message
        for _, _, message, _, _ in extract_from_dir(
            app.root_path,
            method_map=[("templates/**.html", "jinja2"), ("**.py", "python")],
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords={**DEFAULT_KEYWORDS, "N_": None},
        )
        if message not in catalogue("fr")
    ]
    assert untranslated == []


def test_a_bad_target_is_explained_in_french(client: FlaskClient) -> None:
    response = client.get("/report?target=exa%20mple.fr", headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert "il contient une espace" in response.get_data(as_text=True)


def test_the_french_report_names_every_setting_in_french(client: FlaskClient) -> None:
    page = client.get(
        "/report", query_string={"target": "artisan@wanadoo.fr", "lang": "fr"}
    ).get_data(as_text=True)
    settings = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert "Serveur SMTP" in settings and "Expéditeur (From)" in settings
    assert not {"SMTP server", "SMTP login", "SMTP port", "SMTP security", "From"} & set(settings)


@pytest.mark.parametrize(
    "target",
    (
        "artisan@wanadoo.fr",
        "webui-customer.test",
        "webui-lookups.test",
        "webui-healthy.test",
        "https://webui-platform.test/contact",
    ),
)
def test_the_french_report_has_no_english_sentence(client: FlaskClient, target: str) -> None:
    """Evidence (records and traces as received, in <pre>) is left out: the rest is ours."""
    from tests.test_french import english_in

    def words(lang: str) -> str:
        page = client.get("/report", query_string={"target": target, "lang": lang})
        text = re.sub(r"<pre>.*?</pre>", " ", page.get_data(as_text=True), flags=re.DOTALL)
        return html.unescape(re.sub(r"<[^>]+>", " ", text))

    assert english_in(words("en")), "the search finds English where there is some"
    assert not english_in(words("fr"))
