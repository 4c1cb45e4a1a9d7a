"""The submission test's probe: connect with a customer's own SMTP settings and record what happened.

I/O only: the host is resolved and checked against the address policy, and one session
runs (TLS with certificate verification, EHLO, AUTH, and a test message when a recipient
is given). What it returns are facts, the dialogue with the credentials hidden; the
verdict is a rule (:mod:`deliverability.checks.smtp`) and the report is assembled by the
pipeline (:func:`deliverability.submission.test_submission`).
"""

from __future__ import annotations

import email.policy
import ssl
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from deliverability.dns import Resolver
from deliverability.facts.smtp import Session, SubmissionFacts
from deliverability.i18n import N_, translator
from deliverability.smtp._policy import AddressPolicy
from deliverability.smtp._session import Envelope, Login, run_session, tls_context
from deliverability.smtp._settings import SubmissionSettings

DEFAULT_TIMEOUT = 15.0
"""Seconds each step (connection, reply, TLS handshake) may take."""
DEFAULT_DEADLINE = 30.0
"""Seconds the whole test may take (lookups, every address tried, every step)."""
MAX_TRIES = 3
"""Addresses of the host tried when the first cannot be connected to."""

SUBJECT = N_("Test message from deliverability")
BODY = N_(
    "This message was sent by deliverability to test the settings of {username} on {host}, "
    "port {port}. If you can read it, sending through this mailbox works. No reply is needed."
)


async def probe_submission(
    settings: SubmissionSettings,
    *,
    policy: AddressPolicy,
    resolver: Resolver,
    timeout: float,
    deadline: float,
    ca_file: str | None = None,
    lang: str = "en",
) -> SubmissionFacts:
    """Try ``settings``; never raises for network or server reasons.

    Raises ValueError (before connecting) for an empty or over-long password or a
    ``ca_file`` that cannot be read. ``timeout`` bounds each step, ``deadline`` the whole
    probe (the caller bounds the DNS lookups with the resolver's budget).
    """
    password, spaces_removed = settings.secret()
    context = _context(ca_file)
    started = time.monotonic()
    host = settings.hostname
    known = SubmissionFacts.model_construct(
        host=host,
        port=settings.port,
        scheme=settings.scheme,
        tls_mode=settings.tls_mode,
        expected_mode=settings.expected_mode,
        username=settings.username,
        password_spaces_removed=spaces_removed,
        send_to=settings.send_to,
        deadline=deadline,
    )
    if settings.expected_mode is not None:
        return known
    resolution = await policy.resolve(host, resolver=resolver)
    envelope = _envelope(settings, lang) if settings.send_to else None
    session: Session | None = None
    if resolution.refused is not None:
        address, kind = resolution.refused
        session = Session.model_construct(
            host=host,
            address=address,
            port=settings.port,
            outcome="address_refused",
            address_kind=kind,
        )
    for address in resolution.addresses[:MAX_TRIES]:
        left = deadline - (time.monotonic() - started)
        if session is not None and left <= 0:
            break
        session = await run_session(
            host,
            address,
            settings.port,
            mode=settings.tls_mode,
            context=context,
            timeout=timeout,
            login=Login(settings.username, password),
            envelope=envelope,
            deadline=max(left, 0.0),
        )
        if session.outcome != "unreachable":
            break
    sent = envelope is not None and session is not None and session.outcome == "ok"
    message_id = str(envelope.message["Message-ID"]) if sent and envelope is not None else None
    return known.model_copy(
        update={"lookups": list(resolution.lookups), "session": session, "message_id": message_id}
    )


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
