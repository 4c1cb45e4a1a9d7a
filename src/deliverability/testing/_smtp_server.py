"""Real SMTP servers on loopback (aiosmtpd) with real TLS (trustme certificates).

For tests, demos and users' own CI: each server runs its own event loop in a daemon
thread, so sync tests, async tests and the CLI talk to it the same way::

    ca = trustme.CA()
    leaf = ca.issue_cert("smtp.example.test")
    with SmtpServer(certificate=leaf, users={"a@example.test": "pw"}) as server:
        ...  # connect to 127.0.0.1:server.port, trust ca.cert_pem

A server can be told to behave like the providers do when things go wrong: refuse every
login with a given reply (Gmail's ``534 5.7.9``, Outlook.com's ``535 5.7.139``), refuse
the message at the end of DATA, offer no STARTTLS, or offer only some AUTH mechanisms.
:class:`SilentServer` accepts connections and never says a word.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Literal

import trustme
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from deliverability._background import BackgroundServer

TlsMode = Literal["starttls", "implicit", "none"]
"""starttls: plain greeting, STARTTLS required before anything else (port 587 style);
implicit: TLS from the first byte (port 465 style); none: no TLS at all."""

MECHANISMS = frozenset({"PLAIN", "LOGIN", "XOAUTH2"})
"""AUTH mechanisms a test server can offer; XOAUTH2 always refuses (no token is ever valid)."""


@dataclass(frozen=True, slots=True)
class Received:
    """A message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes
    """The message as received (headers and body, CRLF line ends)."""

    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)


class _StreamServer(BackgroundServer):
    """A stream listener on loopback; subclasses say how to listen."""

    def __init__(self, *, host: str, port: int) -> None:
        super().__init__(host=host, port=port)
        self._server: asyncio.base_events.Server | None = None
        self.connections = 0
        """Connections accepted so far (a test can check that nothing was connected)."""

    async def _open(self) -> None:
        self._server = await self._listen(asyncio.get_running_loop())
        self.port = self._server.sockets[0].getsockname()[1]

    async def _listen(self, loop: asyncio.AbstractEventLoop) -> asyncio.base_events.Server:
        raise NotImplementedError

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


class SmtpServer(_StreamServer):
    """An SMTP submission server on loopback with real TLS and AUTH PLAIN/LOGIN.

    ``users`` maps logins to passwords. ``auth_reply`` makes every login fail with that
    reply instead (lines separated by CRLF for a multi-line reply); given as a function of
    the mechanism, login and password, it makes the reply (a 2xx one accepts the login):
    a careless server that quotes the credentials back, say. ``data_reply`` refuses
    every message at the end of DATA with that reply. ``mechanisms`` chooses the AUTH
    mechanisms offered (an empty set offers no AUTH at all).
    """

    def __init__(
        self,
        *,
        certificate: trustme.LeafCert | None = None,
        tls: TlsMode = "starttls",
        users: Mapping[str, str] | None = None,
        auth_reply: str | Callable[[str, str, str], str] | None = None,
        data_reply: str | None = None,
        mechanisms: Collection[str] = ("PLAIN", "LOGIN"),
        hostname: str = "smtp.example.test",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host=host, port=port)
        if tls != "none" and certificate is None:
            raise ValueError(f"a server with {tls} TLS needs a certificate")
        if unknown := set(mechanisms) - MECHANISMS:
            raise ValueError(
                f"unknown AUTH mechanisms {sorted(unknown)}; choose among {sorted(MECHANISMS)}"
            )
        self.tls = tls
        self.hostname = hostname
        self.users = dict(users or {})
        self.auth_reply = auth_reply
        self.data_reply = data_reply
        self.mechanisms = frozenset(mechanisms)
        self._context: ssl.SSLContext | None = None
        if certificate is not None:
            self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            certificate.configure_cert(self._context)
        self._received: list[Received] = []
        self._lock = threading.Lock()

    @property
    def received(self) -> list[Received]:
        """Messages accepted so far, oldest first."""
        with self._lock:
            return list(self._received)

    async def _listen(self, loop: asyncio.AbstractEventLoop) -> asyncio.base_events.Server:
        return await loop.create_server(
            self._protocol,
            self.host,
            self.port,
            ssl=self._context if self.tls == "implicit" else None,
        )

    def _protocol(self) -> SMTP:
        self.connections += 1
        return SMTP(
            _Handler(self),
            hostname=self.hostname,
            tls_context=self._context if self.tls == "starttls" else None,
            require_starttls=self.tls == "starttls",
            # Over implicit TLS aiosmtpd does not know the connection is encrypted.
            auth_require_tls=self.tls == "starttls",
            authenticator=self._authenticate,
            auth_exclude_mechanism=sorted(MECHANISMS - self.mechanisms),
            enable_SMTPUTF8=True,
            loop=asyncio.get_running_loop(),
        )

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
    ) -> AuthResult:
        if isinstance(self.auth_reply, str):
            return AuthResult(success=False, handled=False, message=self.auth_reply)
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            if self.auth_reply is not None:
                reply = self.auth_reply(mechanism, login, password)
                accepted = reply.startswith("2")
                return AuthResult(success=accepted, handled=False, message=reply, auth_data=login)
            if login in self.users and self.users[login] == password:
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    def _store(self, envelope: Envelope) -> None:
        content = envelope.original_content or b""
        with self._lock:
            self._received.append(
                Received(envelope.mail_from or "", tuple(envelope.rcpt_tos), content)
            )


class _Handler:
    """aiosmtpd hooks: keep accepted messages, refuse them when told to."""

    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self._server.data_reply is not None:
            return self._server.data_reply
        self._server._store(envelope)
        return "250 2.0.0 OK: queued"

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        return AuthResult(
            success=False, handled=False, message="535 5.7.3 Authentication unsuccessful"
        )


class SilentServer(_StreamServer):
    """Accepts TCP connections and never answers: a hung or misrouted server.

    With a ``greeting`` it sends that one line first (a refusal such as ``554 5.7.1 …``),
    then stays silent.
    """

    def __init__(
        self, *, greeting: str | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        super().__init__(host=host, port=port)
        self.greeting = greeting

    async def _listen(self, loop: asyncio.AbstractEventLoop) -> asyncio.base_events.Server:
        return await asyncio.start_server(self._hold, self.host, self.port)

    async def _hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            if self.greeting is not None:
                writer.write(self.greeting.encode() + b"\r\n")
            while await reader.read(4096):
                pass  # swallow whatever the client says; answer nothing
        finally:
            writer.close()
