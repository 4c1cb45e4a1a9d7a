"""One SMTP session with one address: greeting, EHLO, TLS, then optionally AUTH and a message.

The TCP connection is opened here, to the address the policy checked, and handed to
aiosmtplib; TLS is verified against the host *name* (SNI and certificate), with the
system's trust store plus an optional extra CA. Each step's outcome is recorded as
facts, and the dialogue as a transcript in which credentials never appear: the AUTH
line is written by this module as ``AUTH PLAIN [credentials hidden]``, never copied
from the wire, and whatever the server sends (a reply that quotes the AUTH line, the
decoded login and password, or the password alone) is redacted of the password in
every form the session sent it before it is kept.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
import ssl
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Literal

import aiosmtplib
from aiosmtplib.protocol import MAX_LINE_LENGTH
from aiosmtplib.typing import SMTPStatus

from deliverability.facts.smtp import (
    CertProblem,
    Outcome,
    Reply,
    Session,
    Step,
    TlsFact,
)

SessionMode = Literal["implicit", "starttls"]
"""implicit: TLS from the first byte; starttls: a plain greeting, then STARTTLS. A server
that offers no STARTTLS ends the session (``no_starttls``): nothing goes on in clear text."""

_MAX_TRANSCRIPT = 80
_MAX_LINE = 500
_MAX_EXTENSIONS = 40
_HIDDEN = "[credentials hidden]"
_TOO_LONG = "Response too long"
"""aiosmtplib's message (with the non-reply code -1) when a reply outgrows its buffer."""
_MAX_CHAIN = 4
_MAX_CERTIFICATE = 8192
_ENCODING_DER = 2  # _ssl.ENCODING_DER

# OpenSSL verification codes (x509_vfy.h) that name a certificate problem.
_CERT_PROBLEMS: dict[int, CertProblem] = {
    9: "not_yet_valid",
    10: "expired",
    62: "wrong_name",  # X509_V_ERR_HOSTNAME_MISMATCH
    64: "wrong_name",  # X509_V_ERR_IP_ADDRESS_MISMATCH
    2: "untrusted",  # unable to get issuer certificate
    18: "untrusted",  # self-signed leaf
    19: "untrusted",  # self-signed certificate in the chain
    20: "untrusted",  # unable to get local issuer certificate
    21: "untrusted",  # unable to verify the first certificate
}


@dataclass(frozen=True, slots=True)
class Login:
    """Credentials for AUTH; the password is a plain str only for the duration of the session."""

    username: str
    password: str = field(repr=False)

    def forms(self) -> tuple[str, ...]:
        """Every form of the password a server could echo back, longest first: the decoded AUTH
        PLAIN credentials, their base64 (with and without padding), the password's base64 as
        AUTH LOGIN sends it, and the password itself."""
        pair = f"\0{self.username}\0{self.password}"
        encoded = [_base64(pair), _base64(self.password)]
        found = {pair, self.password, *encoded, *(text.rstrip("=") for text in encoded)}
        return tuple(sorted((text for text in found if text), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Envelope:
    """A test message and where it goes."""

    sender: str
    recipient: str
    message: EmailMessage = field(repr=False)


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """Certificate and host-name verification with the system's CAs, plus ``ca_file`` if given."""
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def unverified_context() -> ssl.SSLContext:
    """No verification at all: only to read the chain of a certificate already refused."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class _Client(aiosmtplib.SMTP):
    """aiosmtplib's client, remembering whether a reply had begun when the connection closed.

    A read that times out is the same error whether the server said nothing or kept sending
    continuation lines of a reply that never ends; only the bytes waiting in the protocol's
    buffer (a private attribute, hence the guarded read) tell them apart.
    """

    unfinished = 0
    """Bytes of a reply received but never completed, when the connection closed."""

    def close(self) -> None:
        self.unfinished = max(self.unfinished, len(getattr(self.protocol, "_buffer", b"")))
        super().close()


class _Interrupted(Exception):
    """Ends a session early with its outcome (the recorder holds the details)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome)
        self.outcome = outcome


@dataclass
class _Recorder:
    """Gathers a session's facts as its steps happen."""

    host: str
    address: str
    port: int
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Forms of the password to redact from whatever the server says (see :meth:`Login.forms`)."""
    step: Step = "connect"
    latency_ms: int | None = None
    banner: str = ""
    extensions: list[str] = field(default_factory=list)
    starttls: bool | None = None
    tls: TlsFact | None = None
    auth_mechanisms: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    reply: Reply | None = None
    error: str = ""
    timeout: float | None = None
    deadline_reached: bool = False
    reply_limit: int | None = None
    transcript: list[str] = field(default_factory=list)

    def clean(self, text: str) -> str:
        """``text`` from the server or the client library, fit to keep: redacted, then bounded."""
        for secret in self.secrets:
            text = text.replace(secret, _HIDDEN)
        return _bounded(text)

    def said(self, message: str) -> str:
        """A server reply on one line, redacted as received and once its lines are joined."""
        return self.clean(_joined(self.clean(message)))

    def client(self, line: str) -> None:
        self._line(f"C: {line}")

    def server(self, response: aiosmtplib.SMTPResponse) -> None:
        self._line(f"S: {response.code} {self.said(response.message)}")

    def refused(self, step: Step, code: int, message: str, outcome: Outcome) -> _Interrupted:
        if code == SMTPStatus.invalid_response:
            return self.unreadable(message)
        text = self.said(message)
        self._line(f"S: {code} {text}")
        self.reply = Reply.model_construct(step=step, code=code, text=text)
        return _Interrupted(outcome)

    def unreadable(self, message: str) -> _Interrupted:
        """What aiosmtplib reports with the code -1 is no reply: a reply too long, or garbage."""
        if message == _TOO_LONG:
            self.reply_limit = MAX_LINE_LENGTH
            return _Interrupted("reply_too_long")
        return self.failed("rejected", message)

    def failed(self, outcome: Outcome, error: str) -> _Interrupted:
        self.error = self.clean(error)
        return _Interrupted(outcome)

    def session(self, outcome: Outcome) -> Session:
        gathered = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "secrets"}
        return Session(outcome=outcome, **gathered)

    def _line(self, line: str) -> None:
        # Server text comes here already redacted; the client's own lines never hold a secret.
        if len(self.transcript) < _MAX_TRANSCRIPT:
            self.transcript.append(_bounded(line))


async def run_session(
    host: str,
    address: str,
    port: int,
    *,
    mode: SessionMode,
    context: ssl.SSLContext,
    timeout: float,
    helo: str | None = None,
    login: Login | None = None,
    envelope: Envelope | None = None,
    deadline: float | None = None,
) -> Session:
    """Talk to ``address`` as ``host``: never raises for network or protocol reasons.

    ``timeout`` bounds each step (the connection, each reply, the TLS handshake);
    ``deadline``, if given, the whole session.
    """
    record = _Recorder(host, address, port, login.forms() if login is not None else ())
    client = _Client(
        hostname=host,
        use_tls=mode == "implicit",
        start_tls=False,
        tls_context=context,
        timeout=timeout,
    )
    outcome: Outcome = "ok"
    transports: list[asyncio.Transport] = []
    try:
        async with asyncio.timeout(deadline):
            sock = await _connect(record, address, port, timeout)
            await _greet(record, client, sock, mode, helo)
            transports.append(client.transport)  # type: ignore[arg-type]
            if mode != "implicit":
                await _starttls(record, client, host, context)
                transports.append(client.transport)  # type: ignore[arg-type]
            if login is not None:
                await _authenticate(record, client, login)
            if envelope is not None:
                await _send(record, client, envelope)
            await _quit(record, client)
    except _Interrupted as stop:
        outcome = stop.outcome
    except aiosmtplib.SMTPTimeoutError:
        record.timeout = timeout
        outcome = "reply_endless" if client.unfinished else "timeout"
    except TimeoutError:  # the whole session's deadline
        record.timeout = deadline
        record.deadline_reached = True
        outcome = "timeout"
    except aiosmtplib.SMTPServerDisconnected as exc:
        record.error = record.clean(f"the server closed the connection ({exc.message})")
        outcome = "tls_failed" if record.step in ("TLS", "STARTTLS") else "rejected"
    except ssl.SSLError as exc:
        outcome = _tls_error(record, exc)
    except aiosmtplib.SMTPResponseException as exc:
        # A reply no step expects (a 4xx to STARTTLS's EHLO …), or one too long to read.
        outcome = record.refused(record.step, exc.code, exc.message, "rejected").outcome
    except (aiosmtplib.SMTPException, OSError) as exc:
        # SMTPUTF8 not offered for an international address, a connection reset …
        record.error = record.clean(str(exc) or type(exc).__name__)
        outcome = "send_failed" if record.step in ("MAIL", "RCPT", "DATA") else "rejected"
    finally:
        _close(client, transports)
    return record.session(outcome)


async def _connect(record: _Recorder, address: str, port: int, timeout: float) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    started = time.monotonic()
    try:
        await asyncio.wait_for(
            asyncio.get_running_loop().sock_connect(sock, (address, port)), timeout
        )
    except TimeoutError:
        sock.close()
        raise record.failed(
            "unreachable", f"no answer to the connection attempt in {timeout:g} s"
        ) from None
    except OSError as exc:
        sock.close()
        raise record.failed("unreachable", exc.strerror or type(exc).__name__) from None
    record.latency_ms = round((time.monotonic() - started) * 1000)
    return sock


async def _greet(
    record: _Recorder,
    client: aiosmtplib.SMTP,
    sock: socket.socket,
    mode: SessionMode,
    helo: str | None,
) -> None:
    record.step = "TLS" if mode == "implicit" else "banner"
    try:
        banner = await client.connect(sock=sock, local_hostname=helo or _address_literal(sock))
    except aiosmtplib.SMTPConnectResponseError as exc:
        raise record.refused("banner", exc.code, exc.message, "rejected") from None
    except aiosmtplib.SMTPConnectTimeoutError as exc:
        # aiosmtplib reports a silent handshake and a silent greeting alike; the cause differs.
        record.step = (
            "banner" if isinstance(exc.__cause__, aiosmtplib.SMTPTimeoutError) else record.step
        )
        raise
    except aiosmtplib.SMTPConnectError as exc:
        if isinstance(exc.__cause__, ssl.SSLError):
            raise _Interrupted(_tls_error(record, exc.__cause__)) from None
        raise record.failed("rejected", str(exc.__cause__ or exc.message)) from None
    if mode == "implicit":
        record.tls = _tls_fact(client)
        record.steps.append("TLS")
    record.step = "banner"
    record.banner = record.said(banner.message)
    record.server(banner)
    await _ehlo(record, client)


async def _ehlo(record: _Recorder, client: aiosmtplib.SMTP) -> None:
    record.step = "EHLO"
    record.client(f"EHLO {client.local_hostname}")
    try:
        response = await client.ehlo()
    except aiosmtplib.SMTPHeloError as exc:
        raise record.refused("EHLO", exc.code, exc.message, "rejected") from None
    record.server(response)
    record.extensions = sorted(name.upper() for name in client.esmtp_extensions)[:_MAX_EXTENSIONS]
    record.steps.append("EHLO")


async def _starttls(
    record: _Recorder, client: aiosmtplib.SMTP, host: str, context: ssl.SSLContext
) -> None:
    record.starttls = client.supports_extension("starttls")
    if not record.starttls:
        raise _Interrupted("no_starttls")
    record.step = "STARTTLS"
    record.client("STARTTLS")
    try:
        response = await client.starttls(server_hostname=host, tls_context=context)
    except aiosmtplib.SMTPResponseException as exc:
        raise record.refused("STARTTLS", exc.code, exc.message, "tls_failed") from None
    record.server(response)
    record.tls = _tls_fact(client)
    record.steps.append("STARTTLS")
    await _ehlo(record, client)


async def _authenticate(record: _Recorder, client: aiosmtplib.SMTP, login: Login) -> None:
    record.step = "AUTH"
    record.auth_mechanisms = [name.upper() for name in client.server_auth_methods][:_MAX_EXTENSIONS]
    mechanism = next((m for m in ("PLAIN", "LOGIN") if m in record.auth_mechanisms), None)
    if mechanism is None:
        raise _Interrupted("auth_not_offered")
    record.client(f"AUTH {mechanism} {_HIDDEN}")
    try:
        if mechanism == "PLAIN":
            response = await client.auth_plain(login.username, login.password)
        else:
            response = await client.auth_login(login.username, login.password)
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise record.refused("AUTH", exc.code, exc.message, "auth_failed") from None
    record.server(response)
    record.steps.append(f"AUTH {mechanism}")


async def _send(record: _Recorder, client: aiosmtplib.SMTP, envelope: Envelope) -> None:
    international = not (envelope.sender.isascii() and envelope.recipient.isascii())
    options = ["SMTPUTF8"] if international else []
    record.step = "MAIL"
    record.client(f"MAIL FROM:<{envelope.sender}>")
    try:
        record.server(await client.mail(envelope.sender, options=options))
        record.steps.append("MAIL")
        record.step = "RCPT"
        record.client(f"RCPT TO:<{envelope.recipient}>")
        record.server(await client.rcpt(envelope.recipient))
        record.steps.append("RCPT")
        record.step = "DATA"
        record.client("DATA")
        record.server(await client.data(envelope.message.as_bytes()))
        record.steps.append("DATA")
    except aiosmtplib.SMTPResponseException as exc:
        raise record.refused(record.step, exc.code, exc.message, "send_failed") from None


async def _quit(record: _Recorder, client: aiosmtplib.SMTP) -> None:
    record.client("QUIT")
    # The test is over: a server that answers QUIT badly changes nothing.
    with contextlib.suppress(aiosmtplib.SMTPException):
        record.server(await client.execute_command(b"QUIT"))


def _close(client: aiosmtplib.SMTP, transports: list[asyncio.Transport]) -> None:
    """Close at once: a polite TLS shutdown waits for the peer and could outlive the event loop."""
    for transport in transports:
        transport.abort()
    client.close()


def _tls_error(record: _Recorder, exc: ssl.SSLError) -> Outcome:
    """Classify a failed handshake: a refused certificate, TLS spoken to plain text, or other."""
    record.error = _bounded(getattr(exc, "verify_message", "") or exc.reason or str(exc))
    if isinstance(exc, ssl.SSLCertVerificationError):
        record.tls = TlsFact.model_construct(
            problem=_CERT_PROBLEMS.get(exc.verify_code, "other"), error=record.error
        )
        return "cert_invalid"
    record.tls = TlsFact.model_construct(error=record.error)
    # A plain-text greeting read as a TLS record: "220 …" is no TLS version OpenSSL knows.
    if exc.reason == "WRONG_VERSION_NUMBER" and record.step == "TLS":
        return "mode_mismatch"
    return "tls_failed"


def _tls_fact(client: aiosmtplib.SMTP) -> TlsFact:
    ssl_object = client.get_transport_info("ssl_object")
    certificate = ssl_object.getpeercert() or {}
    names = [
        value
        for kind, value in certificate.get("subjectAltName", ())
        if kind in ("DNS", "IP Address")
    ]
    not_after = None
    days_left = None
    if "notAfter" in certificate:
        not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(certificate["notAfter"]), UTC)
        days_left = (not_after - datetime.now(UTC)).days
    cipher = ssl_object.cipher()
    return TlsFact.model_construct(
        version=ssl_object.version() or "",
        cipher=cipher[0] if cipher else "",
        verified=True,
        names=names[:20],
        not_after=not_after,
        days_left=days_left,
        chain=_chain(ssl_object),
    )


def _chain(ssl_object: ssl.SSLObject) -> list[str]:
    """The certificates the server sent, DER in base64, bounded: what DANE matches (RFC 7672).

    Python 3.13 names it ``get_unverified_chain()``; 3.11 and 3.12 have the same method on the
    private ``_sslobj`` only. Without either, the leaf alone (enough for DANE-EE, usage 3).
    """
    getter = getattr(ssl_object, "get_unverified_chain", None) or getattr(
        getattr(ssl_object, "_sslobj", None), "get_unverified_chain", None
    )
    sent = getter() if getter is not None else None
    if sent:
        ders = [c if isinstance(c, bytes) else c.public_bytes(_ENCODING_DER) for c in sent]
    else:
        leaf = ssl_object.getpeercert(binary_form=True)
        ders = [leaf] if leaf else []
    return [
        base64.b64encode(der).decode("ascii")
        for der in ders[:_MAX_CHAIN]
        if len(der) <= _MAX_CERTIFICATE
    ]


def _address_literal(sock: socket.socket) -> str:
    """The EHLO name when none is given: our address as a literal (RFC 5321 §4.1.3), no DNS."""
    local = sock.getsockname()[0]
    return f"[IPv6:{local}]" if ":" in local else f"[{local}]"


def _base64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _joined(message: str) -> str:
    return " / ".join(line.strip() for line in message.splitlines() if line.strip())


def _bounded(text: str) -> str:
    return text if len(text) <= _MAX_LINE else text[:_MAX_LINE] + "…"
