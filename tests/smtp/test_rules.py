"""SMTP rules as a pure table over hand-built facts (no network)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deliverability.checks.replies import reading_finding
from deliverability.checks.smtp import EXPIRY_WARNING_DAYS, mx_findings, submission_findings
from deliverability.facts import LookupFact, SmtpFacts, SubmissionFacts
from deliverability.facts.smtp import Reply, ReplyReading, Session, TlsFact
from deliverability.report import Severity

HOST = "smtp.example.test"


def session(outcome: str, **fields: object) -> Session:
    values = {"host": HOST, "address": "192.0.2.25", "port": 587, "outcome": outcome}
    return Session(**(values | fields))  # type: ignore[arg-type]


def submitted(result: Session | None, **fields: object) -> SubmissionFacts:
    values = {
        "host": HOST,
        "port": 587,
        "tls_mode": "starttls",
        "username": "a@example.test",
        "session": result,
    }
    return SubmissionFacts(**(values | fields))  # type: ignore[arg-type]


def reading(finding: str, *, temporary: bool = False) -> ReplyReading:
    return ReplyReading(
        entry="x",
        finding=finding,
        provider="Gmail",
        status="534 5.7.9",
        temporary=temporary,
        references=["Google (https://support.google.com/a/answer/3726730, 2025-04-10)"],
    )


VALID = TlsFact(
    version="TLSv1.3",
    cipher="TLS_AES_256_GCM_SHA384",
    verified=True,
    not_after=datetime.now(UTC) + timedelta(days=90),
    days_left=90,
)


@pytest.mark.parametrize(
    ("result", "code"),
    (
        (session("ok", tls=VALID, steps=["EHLO", "STARTTLS", "EHLO", "AUTH PLAIN"]), "smtp.ok"),
        (
            session("address_refused", address="10.0.0.1", address_kind="private"),
            "smtp.address_refused",
        ),
        (session("unreachable", error="Connection refused"), "smtp.unreachable"),
        (session("timeout", step="banner", timeout=15.0), "smtp.timeout"),
        (
            session(
                "rejected", step="banner", reply=Reply(step="banner", code=554, text="go away")
            ),
            "smtp.rejected",
        ),
        (
            session("mode_mismatch", step="TLS", error="WRONG_VERSION_NUMBER"),
            "smtp.tls_mode_mismatch",
        ),
        (
            session(
                "tls_failed",
                step="STARTTLS",
                reply=Reply(step="STARTTLS", code=454, text="TLS not available"),
            ),
            "smtp.tls_failed",
        ),
        (
            session("tls_failed", step="TLS", error="SSLV3_ALERT_HANDSHAKE_FAILURE"),
            "smtp.tls_failed",
        ),
        (
            session(
                "cert_invalid", tls=TlsFact(problem="expired", error="certificate has expired")
            ),
            "smtp.cert_invalid",
        ),
        (session("no_starttls", starttls=False), "smtp.no_starttls"),
        (session("auth_not_offered", auth_mechanisms=["CRAM-MD5"]), "smtp.auth_not_offered"),
        (session("auth_not_offered", auth_mechanisms=[]), "smtp.auth_not_offered"),
        (
            session("auth_not_offered", auth_mechanisms=["OAUTHBEARER", "XOAUTH2"]),
            "smtp.oauth_required",
        ),
        (session("auth_failed", reply=Reply(step="AUTH", code=535, text="no")), "smtp.auth_failed"),
        (
            session(
                "auth_failed",
                reply=Reply(
                    step="AUTH", code=534, text="5.7.9 Application-specific password required."
                ),
            ),
            "smtp.app_password_required",
        ),
        (
            session(
                "rejected",
                step="EHLO",
                reply=Reply(
                    step="EHLO", code=530, text="5.7.0 Must issue a STARTTLS command first."
                ),
            ),
            "smtp.starttls_required",
        ),
        (
            session(
                "send_failed", step="RCPT", reply=Reply(step="RCPT", code=554, text="no thanks")
            ),
            "smtp.send_failed",
        ),
    ),
)
def test_submission_outcomes(result: Session, code: str) -> None:
    [finding] = submission_findings(submitted(result))
    assert finding.code == code and finding.check == "smtp"


def test_mode_mismatch_before_connecting() -> None:
    [finding] = submission_findings(
        submitted(None, scheme="ssl", tls_mode="implicit", expected_mode="starttls")
    )
    assert (finding.code, finding.params["mode"]) == ("smtp.tls_mode_mismatch", "ssl://")


def test_unresolved_host() -> None:
    lookups = [LookupFact(name=HOST, rdtype=t, outcome="nxdomain") for t in ("A", "AAAA")]
    assert [f.code for f in submission_findings(submitted(None, lookups=lookups))] == [
        "smtp.host_unknown"
    ]
    lookups[1] = LookupFact(name=HOST, rdtype="AAAA", outcome="servfail")
    assert [f.code for f in submission_findings(submitted(None, lookups=lookups))] == [
        "dns.unavailable"
    ]


@pytest.mark.parametrize(
    ("days", "expiring"), ((EXPIRY_WARNING_DAYS, True), (EXPIRY_WARNING_DAYS + 1, False), (0, True))
)
def test_certificate_expiry(days: int, expiring: bool) -> None:
    tls = VALID.model_copy(
        update={"days_left": days, "not_after": datetime.now(UTC) + timedelta(days=days, hours=1)}
    )
    codes = [f.code for f in submission_findings(submitted(session("ok", tls=tls)))]
    assert codes == (["smtp.ok", "smtp.cert_expiring"] if expiring else ["smtp.ok"])


def mx(*sessions: Session) -> SmtpFacts:
    return SmtpFacts(
        lookup=LookupFact(name="example.test", rdtype="MX", outcome="answer"),
        sessions=list(sessions),
    )


@pytest.mark.parametrize(
    ("outcome", "severity"),
    (
        ("unreachable", Severity.WARNING),
        ("timeout", Severity.WARNING),
        ("no_starttls", Severity.WARNING),
        ("cert_invalid", Severity.WARNING),
        ("tls_failed", Severity.WARNING),
        ("rejected", Severity.WARNING),
        ("address_refused", Severity.INFO),
    ),
)
def test_mx_problems_weigh_less(outcome: str, severity: Severity) -> None:
    findings = mx_findings(
        mx(session("ok", tls=VALID), session(outcome, host="mx2.example.test")), "example.test"
    )
    problem = [f for f in findings if f.code != "smtp.ok"]
    assert [f.severity for f in problem] == [severity]


def test_port25_blocked_only_when_nothing_connected() -> None:
    both = mx(session("unreachable"), session("unreachable", host="mx2.example.test"))
    assert [f.code for f in mx_findings(both, "example.test")] == ["smtp.port25_blocked"]
    one = mx(session("unreachable"), session("ok", host="mx2.example.test", tls=VALID))
    assert sorted(f.code for f in mx_findings(one, "example.test")) == [
        "smtp.ok",
        "smtp.unreachable",
    ]
    assert mx_findings(mx(), "example.test") == []


def test_one_ok_per_host_over_its_addresses() -> None:
    v6 = session("ok", address="2001:db8::25", tls=VALID, latency_ms=30)
    [finding] = mx_findings(mx(session("ok", tls=VALID, latency_ms=12), v6), "example.test")
    assert (
        finding.params["address"] == ["192.0.2.25", "2001:db8::25"]
        and finding.params["latency_ms"] == 30
    )


@pytest.mark.parametrize(
    ("temporary", "severity"), ((False, Severity.CRITICAL), (True, Severity.WARNING))
)
def test_reading_severity(temporary: bool, severity: Severity) -> None:
    finding = reading_finding(
        reading("bounce.unauthenticated", temporary=temporary), evidence=["550 5.7.26 …"]
    )
    assert finding.severity == severity
    assert finding.references[-1].startswith("Google")
