"""The application factory: defaults, the environment, and settings that fail at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deliverability.advice.platform import PlatformError
from deliverability.testing import DnsServer
from webui import create_app


def test_without_a_mapping_the_environment_configures_the_app(
    monkeypatch: pytest.MonkeyPatch, dns_server: DnsServer
) -> None:
    monkeypatch.setenv("DELIVERABILITY_NAMESERVERS", f'["{dns_server.address}"]')
    monkeypatch.setenv("DELIVERABILITY_CHECK_RATE_LIMIT", "7 per hour")
    monkeypatch.setenv("DELIVERABILITY_PERMALINK_TTL", "60")
    app = create_app()
    assert app.config["NAMESERVERS"] == [dns_server.address]
    assert app.config["CHECK_RATE_LIMIT"] == "7 per hour"
    assert app.extensions["permalinks"].ttl == 60
    assert app.extensions["checker"].nameservers == (dns_server.address,)


def test_a_single_nameserver_may_be_a_bare_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELIVERABILITY_NAMESERVERS", "192.0.2.53:5353")
    assert create_app().extensions["checker"].nameservers == ("192.0.2.53:5353",)


def test_a_mapping_replaces_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELIVERABILITY_DEFAULT_LANGUAGE", "fr")
    assert create_app({"TESTING": True}).config["DEFAULT_LANGUAGE"] == "en"


def test_apps_on_one_store_share_a_secret_key_unless_given_one(tmp_path: Path) -> None:
    # Several workers on one store must accept each other's forms (issue 14 item 3).
    one, other = (str(tmp_path / name) for name in ("one.db", "other.db"))
    assert create_app({"DB": one}).secret_key == create_app({"DB": one}).secret_key
    assert create_app({"DB": one}).secret_key != create_app({"DB": other}).secret_key
    assert create_app({"DB": one, "SECRET_KEY": "fixed"}).secret_key == "fixed"


def test_the_secret_key_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DELIVERABILITY_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DELIVERABILITY_DB", str(tmp_path / "env.db"))
    app = create_app()
    assert app.secret_key == "from-the-environment"
    assert app.extensions["store"].path == tmp_path / "env.db"


@pytest.mark.parametrize(
    ("setting", "error"),
    (
        ({"NAMESERVERS": ["not-an-address"]}, ValueError),
        ({"DEFAULT_LANGUAGE": "de"}, ValueError),
        ({"PLATFORM_FILE": "no-such-platform.toml"}, PlatformError),
        ({"SMTP_CA_FILE": "no-such-ca.pem"}, OSError),
    ),
)
def test_a_bad_setting_fails_at_start_up(
    config: dict[str, Any], setting: dict[str, Any], error: type
) -> None:
    with pytest.raises(error):
        create_app({**config, **setting})


def test_behind_trusted_proxies_the_quota_counts_the_forwarded_client(
    config: dict[str, Any],
) -> None:
    client = create_app(
        {**config, "CHECK_RATE_LIMIT": "1 per minute", "TRUSTED_PROXIES": 1}
    ).test_client()

    def check(forwarded_for: str) -> int:
        headers = {"X-Forwarded-For": forwarded_for}
        return client.get("/report?target=webui-healthy.test", headers=headers).status_code

    assert check("198.51.100.7") == 200
    assert check("198.51.100.7") == 429
    assert check("198.51.100.8") == 200


def test_the_platform_file_is_read(config: dict[str, Any]) -> None:
    checker = create_app(config).extensions["checker"]
    assert checker.platform is not None and checker.platform.name == "Devis Test"
