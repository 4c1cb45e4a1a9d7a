"""The submission test: the support agent's "Test" button for a customer's own SMTP settings.

    report = await test_submission(SubmissionSettings(host="ssl://smtp.example.com", port=465,
                                                      username="a@example.com", password="…"))

Settings that contradict their port are refused before anything is connected; then the
host is resolved and checked against the address policy, and one session runs: TLS with
certificate verification, EHLO, AUTH, and a test message when a recipient is given.
The report's facts hold the dialogue with the credentials hidden.
"""

from __future__ import annotations

import email.policy
import ssl
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from deliverability.checks.smtp import submission_findings
from deliverability.codes import localize
from deliverability.dns import Resolver
from deliverability.facts import Facts
from deliverability.facts.smtp import Session, SubmissionFacts
from deliverability.i18n import N_, check_language, translator
from deliverability.report import Report
from deliverability.smtp._policy import AddressPolicy
from deliverability.smtp._replies import read_reply
from deliverability.smtp._session import Envelope, Login, run_session, tls_context
from deliverability.smtp._settings import SubmissionSettings

DEFAULT_TIMEOUT = 15.0
"""Seconds each step (connection, reply, TLS handshake) may take."""
MAX_TRIES = 3
"""Addresses of the host tried when the first cannot be connected to."""

SUBJECT = N_("Test message from deliverability")
BODY = N_(
    "This message was sent by deliverability to test the settings of {username} on {host}, "
    "port {port}. If you can read it, sending through this mailbox works. No reply is needed."
)


async def test_submission(
    settings: SubmissionSettings,
    *,
    policy: AddressPolicy | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    ca_file: str | None = None,
    lang: str = "en",
    resolver: Resolver | None = None,
) -> Report:
    """Test ``settings``: connect, TLS, EHLO, AUTH, and a message if ``send_to`` is set.

    Never raises for network or server reasons: every outcome is a finding. Raises
    ValueError (before connecting) for an empty or over-long password, a ``ca_file``
    that cannot be read, or an unknown ``lang``. The password appears nowhere in the report.
    """
    check_language(lang)
    password, spaces_removed = settings.secret()
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    context = _context(ca_file)
    policy = policy or AddressPolicy()
    resolver = resolver or Resolver(timeout=min(timeout, DEFAULT_TIMEOUT))
    started_at = datetime.now(UTC)
    started = time.monotonic()
    host = settings.hostname
    known = {
        "host": host,
        "port": settings.port,
        "scheme": settings.scheme,
        "tls_mode": settings.tls_mode,
        "expected_mode": settings.expected_mode,
        "username": settings.username,
        "password_spaces_removed": spaces_removed,
        "send_to": settings.send_to,
    }
    with resolver.budget(timeout) as budget:
        if settings.expected_mode is not None:
            facts = SubmissionFacts(**known)
        else:
            resolution = await policy.resolve(host, resolver=resolver)
            envelope = _envelope(settings, lang) if settings.send_to else None
            session: Session | None = None
            if resolution.refused is not None:
                address, kind = resolution.refused
                session = Session(
                    host=host,
                    address=address,
                    port=settings.port,
                    outcome="address_refused",
                    address_kind=kind,
                )
            for address in resolution.addresses[:MAX_TRIES]:
                session = await run_session(
                    host,
                    address,
                    settings.port,
                    mode=settings.tls_mode,
                    context=context,
                    timeout=timeout,
                    read=read_reply,
                    login=Login(settings.username, password),
                    envelope=envelope,
                )
                if session.outcome != "unreachable":
                    break
            sent = envelope is not None and session is not None and session.outcome == "ok"
            facts = SubmissionFacts(
                **known,
                lookups=list(resolution.lookups),
                session=session,
                message_id=str(envelope.message["Message-ID"])
                if sent and envelope is not None
                else None,
            )
    report = Report(
        target=f"{host}:{settings.port}",
        domain=host,
        checked_at=started_at,
        duration_ms=round((time.monotonic() - started) * 1000),
        dns_queries=budget.queries,
        facts=Facts(submission=facts),
        findings=submission_findings(facts),
    )
    return localize(report, lang) if lang != "en" else report


# pytest would collect a name starting with "test_" imported into a test module.
test_submission.__test__ = False  # type: ignore[attr-defined]


def _context(ca_file: str | None) -> ssl.SSLContext:
    try:
        return tls_context(ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"the CA file {ca_file} cannot be used: {exc.strerror or exc}") from None


def _envelope(settings: SubmissionSettings, lang: str) -> Envelope:
    """The test message: UTF-8 text, Date, Message-ID and MIME headers, in ``lang``."""
    recipient = settings.send_to or ""
    # The login is usually the address; with a local-part login, the recipient is the sender.
    sender = settings.username if "@" in settings.username else recipient
    _ = translator(lang)
    international = not (sender.isascii() and recipient.isascii())
    message = EmailMessage(policy=email.policy.SMTPUTF8 if international else email.policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = _(SUBJECT)
    message["Date"] = format_datetime(datetime.now(UTC))
    # make_msgid would otherwise ask the system for its host name (a DNS lookup).
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "deliverability.invalid")
    body = _(BODY).format(username=settings.username, host=settings.hostname, port=settings.port)
    message.set_content(body + "\n", charset="utf-8", cte="quoted-printable")
    return Envelope(sender=sender, recipient=recipient, message=message)
