"""Provider data files: every file loads, every fact has a dated source, broken ones are refused."""

from __future__ import annotations

import datetime
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from deliverability import providers
from deliverability.codes import requirements as requirement_codes
from deliverability.providers import ProviderDataError, load_provider
from deliverability.providers._catalogue import _check_unique

CONSUMER = {"gmail", "yahoo", "aol", "outlook", "orange", "sfr", "free", "laposte", "bouygues"}
HOSTING = {
    "google-workspace",
    "microsoft-365",
    "ovh",
    "gandi",
    "ionos",
    "infomaniak",
    "zoho",
    "proton",
    "fastmail",
    "o2switch",
}


def test_every_provider_of_the_issue_loads() -> None:
    loaded = {provider.id: provider.kind for provider in providers.all_providers()}
    assert loaded == {**dict.fromkeys(CONSUMER, "consumer"), **dict.fromkeys(HOSTING, "hosting")}


def test_the_json_copy_is_up_to_date() -> None:
    # The package reads providers.json and special_addresses.json, written by the tool.
    tool = Path(__file__).resolve().parents[2] / "tools" / "data_json.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_json_copy_gives_what_the_toml_files_give() -> None:
    folder = resources.files("deliverability.providers") / "data"
    from_toml = {
        entry.name: load_provider(entry.read_text(encoding="utf-8"), file=entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }
    assert {f"{provider.id}.toml": provider for provider in providers.all_providers()} == from_toml


@pytest.mark.parametrize("provider", providers.all_providers(), ids=lambda provider: provider.id)
def test_every_fact_cites_a_dated_source(provider: providers.Provider) -> None:
    facts = provider.facts()
    assert facts
    for fact in facts:
        assert fact.sources
        for tag in fact.sources:
            source = provider.sources[tag]
            assert source.url.startswith(("https://", "http://"))
            assert datetime.date(2017, 1, 1) <= source.date <= datetime.date.today()
    for line in provider.cite(facts[0]):
        assert "://" in line and "20" in line


@pytest.mark.parametrize("provider", providers.all_providers(), ids=lambda provider: provider.id)
def test_app_passwords_say_where_to_create_them(provider: providers.Provider) -> None:
    for submission in provider.submission:
        assert (submission.auth == "app_password") == (submission.account_url is not None)


def test_receivers_with_requirements_have_their_finding_code() -> None:
    receivers = {provider.id for provider in providers.all_providers() if provider.requirements}
    assert receivers == set(requirement_codes.GENERATED)
    assert receivers >= {"gmail", "yahoo", "outlook", "orange"}
    assert all(
        code.code == f"requirements.{id}" for id, code in requirement_codes.GENERATED.items()
    )


@pytest.mark.parametrize(
    ("provider_id", "host", "port", "tls", "username", "auth", "since"),
    (
        (
            "gmail",
            "smtp.gmail.com",
            465,
            "ssl",
            "address",
            "app_password",
            datetime.date(2022, 5, 30),
        ),
        ("yahoo", "smtp.mail.yahoo.com", 465, "ssl", "address", "app_password", None),
        (
            "outlook",
            "smtp-mail.outlook.com",
            587,
            "starttls",
            "address",
            "oauth2",
            datetime.date(2024, 9, 16),
        ),
        ("orange", "smtp.orange.fr", 465, "ssl", "address", "password", None),
        ("free", "smtp.free.fr", 465, "ssl", "local_part", "password", None),
        ("laposte", "smtp.laposte.net", 465, "ssl", "local_part", "password", None),
        ("sfr", "smtp.sfr.fr", 465, "ssl", "address", "password", None),
    ),
)
def test_recommended_submission_settings(
    provider_id: str,
    host: str,
    port: int,
    tls: str,
    username: str,
    auth: str,
    since: datetime.date | None,
) -> None:
    provider = providers.by_id(provider_id)
    assert provider is not None
    first = provider.submission[0]
    assert (first.host, first.port, first.tls, first.username, first.auth, first.since) == (
        host,
        port,
        tls,
        username,
        auth,
        since,
    )
    assert first.two_step is (provider_id == "gmail")


def test_gmail_bulk_requirements_and_dates() -> None:
    gmail = providers.by_id("gmail")
    assert gmail is not None and gmail.requirements is not None
    assert gmail.requirements.bulk_threshold == 5000
    by_scope = {(item.need, item.scope) for item in gmail.requirements.items}
    assert {("spf_or_dkim", "all"), ("ptr", "all"), ("tls", "all")} <= by_scope
    assert {("spf", "bulk"), ("dkim", "bulk"), ("dmarc", "bulk"), ("alignment", "bulk")} <= by_scope
    assert {item.since for item in gmail.requirements.items} == {datetime.date(2024, 2, 1)}


def test_outlook_rejects_high_volume_senders_from_5_may_2025() -> None:
    outlook = providers.by_id("outlook")
    assert outlook is not None and outlook.requirements is not None
    assert outlook.requirements.bulk_threshold == 5000
    assert {item.since for item in outlook.requirements.items if item.scope == "bulk"} == {
        datetime.date(2025, 5, 5)
    }


def test_yahoo_publishes_no_threshold() -> None:
    yahoo = providers.by_id("yahoo")
    assert yahoo is not None and yahoo.requirements is not None
    assert yahoo.requirements.bulk_threshold is None


GOOD = """
name = "Example Mail"
kind = "consumer"

[address_domains]
domains = ["mail.example"]
sources = ["S1"]

[sources.S1]
url = "https://mail.example/help"
title = "Example help"
date = 2025-01-01
confidence = "official"
"""


def test_a_minimal_file_loads() -> None:
    provider = load_provider(GOOD, file="example.toml")
    assert provider.id == "example"
    assert provider.cite(provider.facts()[0]) == [
        "Example help (https://mail.example/help, 2025-01-01)"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    (
        ("name = ", "not valid TOML"),
        (GOOD.replace('sources = ["S1"]', 'sources = ["S2"]'), "undeclared sources: S2"),
        (GOOD.replace('sources = ["S1"]', "sources = []"), "address_domains.sources"),
        (
            GOOD
            + '\n[sources.S9]\nurl = "https://x.example"\ntitle = "x"\ndate = 2025-01-01\nconfidence = "official"\n',
            "cited by no fact: S9",
        ),
        (GOOD.replace("date = 2025-01-01\n", ""), "sources.S1.date"),
        (GOOD.replace('"https://mail.example/help"', '"mail.example/help"'), "sources.S1.url"),
        (GOOD.replace('confidence = "official"', 'confidence = "sure"'), "sources.S1.confidence"),
        (GOOD.replace('kind = "consumer"', 'kind = "hosting"'), "only one, lists address_domains"),
        (GOOD.replace('["mail.example"]', '["Mail.Example"]'), "not a lower-case host name"),
        (
            GOOD + '\n[mx]\npatterns = ["*mail.example"]\nsources = ["S1"]\n',
            "not a lower-case host name",
        ),
        (
            GOOD + '\n[mx]\npatterns = ["*.*.example"]\nsources = ["S1"]\n',
            "not a lower-case host name",
        ),
        (
            GOOD.replace('name = "Example Mail"', 'id = "other"\nname = "Example Mail"'),
            "differs from the file name",
        ),
        (GOOD.replace('kind = "consumer"', 'kind = "consumer"\nwebsite = "x"'), "website"),
    ),
)
def test_a_broken_file_is_refused_with_its_reason(text: str, problem: str) -> None:
    with pytest.raises(ProviderDataError, match="example.toml") as raised:
        load_provider(text, file="example.toml")
    assert problem in raised.value.reason


def test_a_domain_claimed_twice_is_refused() -> None:
    first = load_provider(GOOD, file="example.toml")
    second = load_provider(GOOD, file="other.toml")
    with pytest.raises(ProviderDataError, match="mail.example is already claimed by example.toml"):
        _check_unique([first, second])
