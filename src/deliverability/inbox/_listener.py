"""The test inbox's SMTP listener: takes mail for live test addresses only, and records what
only a receiving server sees (the connecting address, HELO, MAIL FROM, TLS).

Everything a client sends is hostile: a message over :data:`MAX_MESSAGE_BYTES` is refused
with 552, connections beyond :data:`MAX_CONNECTIONS` get 421, an idle session is closed
after :data:`IDLE_TIMEOUT` seconds, and a recipient that is not a live test address gets
550 5.1.1 before any data is read. The analysis of an accepted message runs after the
reply, in the listener's own event loop, so the sender is never kept waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

from deliverability._background import BackgroundServer
from deliverability.addresses import address_kind
from deliverability.facts.reception import Reception
from deliverability.inbox._deliveries import Deliveries, Delivery
from deliverability.inbox._health import BEAT_EVERY, beat

MAX_MESSAGE_BYTES = 10 * 1024 * 1024
"""A test message larger than this is refused (552): no real message needs more to be judged."""
MAX_CONNECTIONS = 32
"""Sessions at once; each may hold up to :data:`MAX_MESSAGE_BYTES` while it sends DATA, so
the listener's memory stays under about 320 MB whatever the clients do."""
IDLE_TIMEOUT = 60.0
"""Seconds a session may stay silent before it is closed."""
MAX_RECIPIENTS = 5
"""Recipients one message may name (a test message has one)."""

Analyse = Callable[[Delivery, bytes], Awaitable[None]]
"""What to do with an accepted message: analyse it and keep the result in the store."""

log = logging.getLogger(__name__)


class InboxListener(BackgroundServer):
    """An SMTP server for the test addresses of ``deliveries``, serving in its own thread.

    ``certificate`` and ``key`` (PEM files) make it offer STARTTLS; ``analyse`` is called
    for each accepted message.
    """

    def __init__(
        self,
        deliveries: Deliveries,
        analyse: Analyse,
        *,
        host: str = "127.0.0.1",
        port: int = 25,
        certificate: str | Path | None = None,
        key: str | Path | None = None,
        max_connections: int = MAX_CONNECTIONS,
        max_message_bytes: int = MAX_MESSAGE_BYTES,
    ) -> None:
        super().__init__(host=host, port=port)
        self.deliveries = deliveries
        self.analyse = analyse
        self.max_connections = max_connections
        self.max_message_bytes = max_message_bytes
        self.tls_context = _tls_context(certificate, key) if certificate else None
        self.active = 0
        """Sessions open now."""
        self.accepted = 0
        """Messages accepted since the start."""
        self._server: asyncio.base_events.Server | None = None
        self._analyses: set[asyncio.Task[None]] = set()
        self._heart: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the listener is serving (for the dashboard's health check)."""
        return self._server is not None and self._server.is_serving()

    async def _open(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._session, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        self._heart = loop.create_task(self._beat())

    async def _beat(self) -> None:
        while True:
            beat(self.deliveries.store)
            await asyncio.sleep(BEAT_EVERY)

    async def _close(self) -> None:
        if self._heart is not None:
            self._heart.cancel()
            self._heart = None
        if self._server is not None:
            self._server.close()
            self._server = None

    def _session(self) -> asyncio.Protocol:
        if self.active >= self.max_connections:
            return _Busy()
        return _Session(self)

    def take(self, delivery: Delivery, raw: bytes) -> None:
        """Count an accepted message and start its analysis."""
        self.accepted += 1
        task = asyncio.get_running_loop().create_task(self._analyse(delivery, raw))
        self._analyses.add(task)  # the loop keeps tasks weakly
        task.add_done_callback(self._analyses.discard)

    async def _analyse(self, delivery: Delivery, raw: bytes) -> None:
        try:
            await self.analyse(delivery, raw)
        except Exception as exc:  # one message's failure must not stop the listener
            log.exception("analysis of test delivery failed")
            self.deliveries.fail(delivery.token, type(exc).__name__)


class _Session(SMTP):
    """One SMTP session: counts itself, checks recipients, records the delivery."""

    def __init__(self, listener: InboxListener) -> None:
        super().__init__(
            _Handler(listener),
            data_size_limit=listener.max_message_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=listener.deliveries.domain,
            tls_context=listener.tls_context,
            require_starttls=False,
            timeout=IDLE_TIMEOUT,
        )
        self.listener = listener

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.listener.active += 1
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        self.listener.active -= 1
        super().connection_lost(error)


class _Busy(asyncio.Protocol):
    """What a client over the connection limit gets: a temporary refusal, then the door."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(b"421 4.7.0 Too many connections, try again later\r\n")
        transport.close()


class _Handler:
    def __init__(self, listener: InboxListener) -> None:
        self.listener = listener

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        if not self.listener.deliveries.accepts(address):
            return "550 5.1.1 No such test address (it may have expired or been used)"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        taken = 0
        for recipient in envelope.rcpt_tos:
            delivery = self.listener.deliveries.receive(
                _reception(session, envelope, recipient, raw, self.listener.tls_context), raw
            )
            if delivery is not None:
                taken += 1
                self.listener.take(delivery, raw)
        if not taken:  # every address expired or was used while the message was sent
            return "550 5.1.1 No such test address (it may have expired or been used)"
        return "250 2.0.0 Test message received"


def _reception(
    session: Session,
    envelope: Envelope,
    recipient: str,
    raw: bytes,
    offered: ssl.SSLContext | None,
) -> Reception:
    peer = session.peer
    address = str(peer[0]) if isinstance(peer, tuple) else str(peer)
    tls = session.ssl.get("ssl_object") if session.ssl else None
    encrypted = tls if isinstance(tls, ssl.SSLObject) else None
    cipher = encrypted.cipher() if encrypted else None
    return Reception.model_construct(
        client_address=address,
        client_kind=address_kind(address),
        helo=session.host_name,
        mail_from=envelope.mail_from or "",
        recipient=recipient,
        tls_version=encrypted.version() if encrypted else None,
        tls_cipher=cipher[0] if cipher else None,
        starttls_offered=offered is not None,
        size=len(raw),
        received_at=datetime.now(UTC),
    )


def _tls_context(certificate: str | Path, key: str | Path | None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate), str(key) if key else None)
    return context
