"""The password never leaves the login: not in logs, reports, output, errors or transcripts."""

from __future__ import annotations

import base64
import json
import logging

import pytest
from pydantic import ValidationError

from deliverability.cli import ExitCode, main
from deliverability.smtp import SubmissionSettings

from .smtp_peers import HOST, LOGIN_ARGS, PASSWORD, USER

WRONG = "Wr0ng but still secret!"


def forms(password: str) -> list[str]:
    """The password as typed and as AUTH PLAIN and AUTH LOGIN carry it on the wire."""
    plain = base64.b64encode(f"\0{USER}\0{password}".encode()).decode()
    login = base64.b64encode(password.encode()).decode()
    return [password, plain, plain.rstrip("="), login, login.rstrip("=")]


@pytest.fixture
def captured_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("aiosmtplib", "asyncio", "mail.log", "deliverability"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out + err


def test_password_appears_nowhere(
    captured_logs, capsys, monkeypatch, dns_server, ca_file, starttls_server, login_only_server
) -> None:
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD)
    monkeypatch.setenv("DELIVERABILITY_TEST_WRONG", WRONG)
    common = ["--ca-file", ca_file, "--allow-private", "--nameserver", dns_server.address]
    common += ["--send-to", "client@smtp-submit.test"]
    seen = []
    for server in (starttls_server, login_only_server):
        for fmt in ("json", "text"):
            argv = [
                "--port",
                str(server.port),
                "--password-env",
                "DELIVERABILITY_TEST_PASSWORD",
                "--format",
                fmt,
            ]
            code, output = run([*LOGIN_ARGS, *argv, *common], capsys)
            assert code == ExitCode.OK, output  # the login really happened with these credentials
            seen.append(output)
        argv = [
            "--port",
            str(server.port),
            "--password-env",
            "DELIVERABILITY_TEST_WRONG",
            "--format",
            "json",
        ]
        code, output = run([*LOGIN_ARGS, *argv, *common], capsys)
        assert code == ExitCode.FINDINGS
        seen.append(output)
    reports = [json.loads(text) for text in seen if text.startswith("{")]
    assert any(
        "C: AUTH LOGIN [credentials hidden]" in r["facts"]["submission"]["session"]["transcript"]
        for r in reports
    )
    assert any(
        "C: AUTH PLAIN [credentials hidden]" in r["facts"]["submission"]["session"]["transcript"]
        for r in reports
    )
    everything = "\n".join(
        [*seen, captured_logs.text, *(str(record.args) for record in captured_logs.records)]
    )
    for secret in forms(PASSWORD) + forms(WRONG):
        assert secret not in everything


def test_validation_errors_do_not_echo_the_password() -> None:
    with pytest.raises(ValidationError) as caught:
        SubmissionSettings(host="ftp://example.test", port=0, username="", password=PASSWORD)
    assert {error["loc"][0] for error in caught.value.errors()} == {"host", "port", "username"}
    assert PASSWORD not in str(caught.value) and PASSWORD not in repr(caught.value.errors())


@pytest.mark.parametrize("password", ("", "\r\n", PASSWORD * 100))
def test_unusable_password_is_refused_without_echo(password: str) -> None:
    settings = SubmissionSettings(host=HOST, port=587, username=USER, password=password)
    with pytest.raises(ValueError, match="password") as caught:
        settings.secret()
    assert PASSWORD not in str(caught.value)


def test_cli_usage_error_does_not_echo_the_password(capsys, monkeypatch) -> None:
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD * 100)
    code, output = run(
        [*LOGIN_ARGS, "--port", "587", "--password-env", "DELIVERABILITY_TEST_PASSWORD"], capsys
    )
    assert code == ExitCode.USAGE
    assert "password" in output and PASSWORD not in output
