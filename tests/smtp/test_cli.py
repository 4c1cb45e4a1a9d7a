"""`deliverability smtp-test` and `deliverability explain`: output and exit codes."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from deliverability.cli import ExitCode, main
from deliverability.report import Report
from deliverability.testing import SmtpServer

from .smtp_peers import HOST, LOGIN_ARGS, PASSWORD, USER

PASSWORD_ENV = ("--password-env", "DELIVERABILITY_TEST_PASSWORD")


@pytest.fixture
def smtp_test(dns_server, ca_file, monkeypatch, capsys):
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD)

    def run(port: int, *extra: str, host: str = HOST) -> tuple[int, str, str]:
        code = main(
            ["smtp-test", "--host", host, "--user", USER, "--port", str(port), *PASSWORD_ENV]
            + ["--ca-file", ca_file, "--nameserver", dns_server.address, *extra]
        )
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_working_settings_exit_0_with_a_json_report(smtp_test, starttls_server) -> None:
    code, out, _ = smtp_test(starttls_server.port, "--allow-private", "--format", "json")
    assert code == ExitCode.OK
    report = Report.model_validate_json(out)
    assert report.codes() == {"smtp.ok"}
    assert report.facts.submission.username == USER
    assert report.summary.endswith(": nothing is wrong.")


def test_text_report_in_french(smtp_test, gmail_server) -> None:
    code, out, _ = smtp_test(gmail_server.port, "--allow-private", "--lang", "fr")
    assert code == ExitCode.FINDINGS
    assert "Gmail exige un mot de passe d'application" in out
    assert "[smtp.app_password_required]" in out
    assert "C: AUTH PLAIN [credentials hidden]" in out


def test_loopback_is_refused_without_allow_private(smtp_test, starttls_server) -> None:
    code, out, _ = smtp_test(starttls_server.port, "--format", "json")
    assert code == ExitCode.FINDINGS
    assert Report.model_validate_json(out).codes() == {"smtp.address_refused"}


def test_silent_server_is_bounded_by_timeout(smtp_test, silent_server) -> None:
    code, out, _ = smtp_test(
        silent_server.port, "--allow-private", "--timeout", "0.3", "--format", "json"
    )
    assert code == ExitCode.FINDINGS
    assert Report.model_validate_json(out).codes() == {"smtp.timeout"}


def test_dns_failure_exits_3(smtp_test) -> None:
    code, out, _ = smtp_test(587, "--timeout", "0.5", "--format", "json", host="smtp.servfail.test")
    assert code == ExitCode.DNS_UNAVAILABLE
    assert Report.model_validate_json(out).codes() == {"dns.unavailable"}


@pytest.mark.parametrize(
    ("extra", "message"),
    (
        (("--host", "ftp://smtp.example.test"), "unknown prefix"),
        (("--host", "smtp.example.test:587"), "port field"),
        (("--port", "70000"), "port"),
        (("--send-to", "example.test"), "send_to"),
        (("--ca-file", "/nonexistent/ca.pem"), "CA file"),
    ),
)
def test_bad_input_exits_2(smtp_test, extra: tuple[str, ...], message: str) -> None:
    code, out, err = smtp_test(587, *extra)
    assert code == ExitCode.USAGE
    assert message in err and out == ""


def test_missing_password_variable_exits_2(capsys) -> None:
    code = main([*LOGIN_ARGS, "--port", "587", "--password-env", "DELIVERABILITY_UNSET"])
    assert code == ExitCode.USAGE
    assert "DELIVERABILITY_UNSET" in capsys.readouterr().err


def test_password_is_never_read_from_a_pipe(capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main([*LOGIN_ARGS, "--port", "587"])
    assert code == ExitCode.USAGE
    assert "--password-env" in capsys.readouterr().err


def test_there_is_no_password_option(capsys) -> None:
    assert main([*LOGIN_ARGS, "--port", "587", "--password", PASSWORD]) == ExitCode.USAGE
    capsys.readouterr()


GMAIL_BOUNCE = """\
<client@gmail.example>: host gmail-smtp-in.l.google.com[192.0.2.27] said:
    550-5.7.26 This mail has been blocked because the sender is
    550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with
    550-5.7.26 either SPF or DKIM.
    550 5.7.26 Learn more at https://support.google.com/mail/answer/81126 - gsmtp (in reply to end of DATA command)
"""


def test_explain_text(capsys) -> None:
    assert main(["explain", GMAIL_BOUNCE, "--lang", "en"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("550 5.7.26: refused: the sender is not authenticated.\n")
    assert "[bounce.unauthenticated]" in out and "Gmail" in out


def test_explain_json_from_stdin_in_french(capsys, monkeypatch) -> None:
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO("421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. OFR_999 [999]"),
    )
    assert main(["explain", "-", "--format", "json", "--lang", "fr"]) == ExitCode.OK
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.codes() == {"bounce.rate_limited"}
    assert report.findings[0].title == "Ralenti par le destinataire"
    assert report.findings[0].severity == "warning"
    assert report.summary.endswith(" : ralenti par le destinataire.")


def test_explain_empty_text_exits_2(capsys) -> None:
    assert main(["explain", "  "]) == ExitCode.USAGE
    assert "empty" in capsys.readouterr().err


@pytest.fixture(scope="module")
def localhost_server(ca) -> Iterator[SmtpServer]:
    with SmtpServer(certificate=ca.issue_cert("localhost"), users={USER: PASSWORD}) as server:
        yield server


def test_a_single_label_host_is_tested_with_allow_private(
    localhost_server, capsys, monkeypatch, dns_server, ca_file
) -> None:
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD)
    args = [
        "smtp-test",
        "--host",
        "localhost",
        "--user",
        USER,
        "--port",
        str(localhost_server.port),
    ]
    args += ["--password-env", "DELIVERABILITY_TEST_PASSWORD", "--ca-file", ca_file]
    args += ["--nameserver", dns_server.address, "--format", "json"]
    assert main([*args, "--allow-private"]) == ExitCode.OK, capsys.readouterr().err
    assert Report.model_validate_json(capsys.readouterr().out).codes() == {"smtp.ok"}
    assert main(args) == ExitCode.FINDINGS  # without it, loopback stays refused
    assert "smtp.address_refused" in capsys.readouterr().out
