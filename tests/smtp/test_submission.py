"""The submission test against real aiosmtpd servers on loopback, with real TLS (trustme)."""

from __future__ import annotations

import email.policy
from email import message_from_bytes

import pytest
import trustme

from deliverability.smtp import SubmissionSettings

from .smtp_peers import APP_USER, HOST, PASSWORD, USER


def only(report, code: str):
    assert report.codes() == {code}, [(f.code, f.evidence) for f in report.findings]
    return report.findings[0]


def test_implicit_tls_and_auth_plain(submit, implicit_server) -> None:
    report = submit(implicit_server.port, host=f"ssl://{HOST}")
    ok = only(report, "smtp.ok")
    session = report.facts.submission.session
    assert session.tls.version == "TLSv1.3" and session.tls.verified
    assert session.starttls is None  # implicit TLS: no STARTTLS step
    assert "AUTH PLAIN" in session.steps
    assert "C: AUTH PLAIN [credentials hidden]" in session.transcript
    assert ok.params["host"] == HOST and ok.params["port"] == implicit_server.port


def test_starttls_and_auth_login(submit, login_only_server) -> None:
    report = submit(login_only_server.port, host=f"tls://{HOST}")
    only(report, "smtp.ok")
    session = report.facts.submission.session
    assert session.steps[:3] == ["EHLO", "STARTTLS", "EHLO"]
    assert session.auth_mechanisms == ["LOGIN"]
    assert "AUTH LOGIN" in session.steps


def test_bare_host_on_an_unknown_port_uses_starttls(submit, starttls_server) -> None:
    report = submit(starttls_server.port)
    only(report, "smtp.ok")
    assert report.facts.submission.tls_mode == "starttls"


def test_wrong_password(submit, starttls_server) -> None:
    finding = only(submit(starttls_server.port, password="not the password"), "smtp.auth_failed")
    assert finding.params["reply"].startswith("535 5.7.8")


def test_gmail_wants_an_app_password(submit, gmail_server) -> None:
    finding = only(submit(gmail_server.port), "smtp.app_password_required")
    assert finding.params["provider"] == "Gmail"
    assert finding.params["reply"] == "534 5.7.9"
    assert any("support.google.com/a/answer/3726730" in ref for ref in finding.references)
    assert "2-step verification" in finding.fix


def test_outlook_refuses_basic_authentication(submit, outlook_server) -> None:
    finding = only(submit(outlook_server.port), "smtp.oauth_required")
    assert finding.params["provider"] == "Outlook.com"
    assert "16 September 2024" in finding.detail


def test_server_offering_only_oauth(submit, oauth_only_server) -> None:
    finding = only(submit(oauth_only_server.port), "smtp.oauth_required")
    assert finding.params["reply"] == "AUTH XOAUTH2"


def test_expired_certificate_stops_before_the_login(submit, expired_server) -> None:
    report = submit(expired_server.port)
    finding = only(report, "smtp.cert_invalid")
    session = report.facts.submission.session
    assert session.tls.problem == "expired"
    assert "expired" in finding.params["reason"]
    assert not any(line.startswith("C: AUTH") for line in session.transcript)


def test_certificate_for_another_name(submit, wrong_name_server) -> None:
    report = submit(wrong_name_server.port)
    finding = only(report, "smtp.cert_invalid")
    assert report.facts.submission.session.tls.problem == "wrong_name"
    assert HOST in finding.params["reason"]


def test_untrusted_certificate(submit, starttls_server, tmp_path) -> None:
    unknown = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(unknown))
    report = submit(starttls_server.port, ca_file=str(unknown))
    only(report, "smtp.cert_invalid")
    assert report.facts.submission.session.tls.problem == "untrusted"


def test_certificate_expiring_soon(submit, expiring_server) -> None:
    report = submit(expiring_server.port)
    assert report.codes() == {"smtp.ok", "smtp.cert_expiring"}
    expiring = next(f for f in report.findings if f.code == "smtp.cert_expiring")
    assert expiring.params["days"] == 5


@pytest.mark.parametrize(("host", "step"), ((HOST, "banner"), (f"ssl://{HOST}", "TLS")))
def test_server_that_never_speaks_is_bounded_by_the_timeout(
    submit, silent_server, host: str, step: str
) -> None:
    finding = only(submit(silent_server.port, host=host, timeout=0.3), "smtp.timeout")
    assert finding.params["step"] == step
    assert finding.params["seconds"] == "0.3"


def test_ssl_against_a_starttls_port(submit, starttls_server) -> None:
    report = submit(starttls_server.port, host=f"ssl://{HOST}")
    finding = only(report, "smtp.tls_mode_mismatch")
    assert finding.params["mode"] == "ssl://"
    assert "WRONG_VERSION_NUMBER" in report.facts.submission.session.error


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    (
        (f"ssl://{HOST}", 587, "starttls"),
        (f"ssl://{HOST}", 25, "starttls"),
        (f"tls://{HOST}", 465, "implicit"),
    ),
)
def test_mismatch_is_caught_before_connecting(submit, host: str, port: int, expected: str) -> None:
    report = submit(port, host=host)
    only(report, "smtp.tls_mode_mismatch")
    assert report.facts.submission.expected_mode == expected
    assert report.facts.submission.session is None
    assert report.dns_queries == 0


def test_no_starttls_means_no_password_sent(submit, plain_server) -> None:
    report = submit(plain_server.port)
    only(report, "smtp.no_starttls")
    assert not any(
        line.startswith("C: AUTH") for line in report.facts.submission.session.transcript
    )


def test_refusal_at_the_greeting(submit, refusing_server) -> None:
    finding = only(submit(refusing_server.port), "smtp.rejected")
    assert finding.params["step"] == "banner"
    assert finding.params["reply"].startswith("554 5.7.1")


def test_nothing_listening(submit, closed_port) -> None:
    finding = only(submit(closed_port), "smtp.unreachable")
    assert finding.params["address"] == "127.0.0.1"


def test_host_that_does_not_exist(submit) -> None:
    finding = only(submit(587, host="tls://nowhere.smtp-submit.test"), "smtp.host_unknown")
    assert finding.params["host"] == "nowhere.smtp-submit.test"


def test_dns_failure_is_could_not_check(submit) -> None:
    finding = only(submit(587, host="smtp.timeout.test"), "dns.unavailable")
    assert finding.check == "smtp"


def test_app_password_spaces_are_removed(submit, starttls_server) -> None:
    report = submit(starttls_server.port, username=APP_USER, password="abcd efgh ijkl mnop")
    only(report, "smtp.ok")
    assert report.facts.submission.password_spaces_removed


def test_test_message_is_received_with_its_headers(submit, starttls_server) -> None:
    before = len(starttls_server.received)
    report = submit(starttls_server.port, send_to="client@smtp-submit.test", lang="fr")
    assert report.codes() == {"smtp.ok"}
    assert report.findings[0].title == f"{HOST} port {starttls_server.port} fonctionne"
    received = starttls_server.received[before:]
    assert len(received) == 1
    assert received[0].mail_from == USER and received[0].rcpt_tos == ("client@smtp-submit.test",)
    raw = received[0].content
    assert raw.isascii()  # quoted-printable and RFC 2047: safe through any server
    message = message_from_bytes(raw, policy=email.policy.default)
    assert message["From"] == USER and message["To"] == "client@smtp-submit.test"
    assert message["Subject"] == "Message de test envoyé par deliverability"
    assert message["Message-ID"] == report.facts.submission.message_id
    assert message["Message-ID"].endswith("@smtp-submit.test>")
    assert message["Date"].datetime is not None
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "Ce message a été envoyé par deliverability" in body and USER in body


def test_message_refused_with_gmail_daily_limit(submit, limit_server) -> None:
    report = submit(limit_server.port, send_to="client@smtp-submit.test")
    finding = only(report, "smtp.sending_limit")
    assert finding.check == "smtp" and finding.params["provider"] == "Gmail"
    assert report.facts.submission.session.reply.step == "DATA"
    assert report.facts.submission.message_id is None


def test_loopback_refused_without_allow_private(submit, starttls_server) -> None:
    before = starttls_server.connections
    finding = only(submit(starttls_server.port, allow_private=False), "smtp.address_refused")
    assert finding.params["kind"] == "loopback" and finding.params["address"] == "127.0.0.1"
    assert starttls_server.connections == before


def test_report_in_french(submit, gmail_server) -> None:
    finding = only(submit(gmail_server.port, lang="fr"), "smtp.app_password_required")
    assert finding.title == "Gmail exige un mot de passe d'application"


def test_settings_never_show_the_password() -> None:
    settings = SubmissionSettings(host=HOST, port=587, username=USER, password=PASSWORD)
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert PASSWORD not in text
