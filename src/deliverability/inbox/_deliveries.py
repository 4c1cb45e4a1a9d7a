"""Test deliveries in the store: a one-time address, then what arrived at it and its report.

A delivery is one row of the store's ``deliveries`` table, found by two secrets: the local
part of its address (given to the customer, who sends to it) and its token (kept by the
support agent, who reads the result with it). An address takes one message within its
lifetime; the result is kept for a day after it arrived, then purged with the row.
"""

from __future__ import annotations

import math
import secrets
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from deliverability.facts.reception import Reception
from deliverability.report import Lang, Report
from deliverability.storage import Store, pack, unpack

State = Literal["waiting", "received", "analysed", "failed"]
"""waiting: the address takes a message; received: a message arrived and is being analysed;
analysed: its report is ready; failed: the analysis could not be made (``error`` says why)."""

ADDRESS_TTL = 3600.0
"""Seconds a test address takes a message."""
RESULT_TTL = 24 * 3600.0
"""Seconds a received message and its report are kept after arrival."""

LOCAL_PREFIX = "t-"
_LOCAL_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: the customer may type it
_LOCAL_LENGTH = 16
"""16 characters of a 32-letter alphabet: 80 random bits, so addresses cannot be guessed."""
_TOKEN_BYTES = 16


@dataclass(frozen=True, slots=True)
class Delivery:
    """One test delivery as the store holds it."""

    token: str
    """The agent's handle on the result (``/api/inbox/<token>``); never shown to the customer."""
    address: str
    """The one-time address to send the test message to."""
    lang: Lang
    """The language the report is written in."""
    state: State
    expires_at: datetime
    """When the address stops taking mail (waiting) or the result is purged (received)."""
    reception: Reception | None = None
    """What the listener saw of the session, once a message arrived."""
    report: Report | None = None
    """The analysis of the message, once made."""
    error: str | None = None
    """Why the analysis failed (state ``failed``)."""


class Deliveries:
    """The test deliveries of the inbox domain ``domain`` in ``store``."""

    def __init__(
        self,
        store: Store,
        domain: str,
        *,
        address_ttl: float = ADDRESS_TTL,
        result_ttl: float = RESULT_TTL,
    ) -> None:
        for name, value in (("address_ttl", address_ttl), ("result_ttl", result_ttl)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number of seconds, got {value}")
        self.store = store
        self.domain = domain.lower().rstrip(".")
        self.address_ttl = address_ttl
        self.result_ttl = result_ttl

    def create(self, lang: Lang = "en") -> Delivery:
        """A fresh test address, taking one message for :attr:`address_ttl` seconds."""
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        local = LOCAL_PREFIX + "".join(
            secrets.choice(_LOCAL_ALPHABET) for _ in range(_LOCAL_LENGTH)
        )
        now = self.store.clock()
        with self.store.transaction() as connection:
            self.store.purge(connection)
            connection.execute(
                "INSERT INTO deliveries (token, local_part, domain, lang, created, expires, state)"
                " VALUES (?, ?, ?, ?, ?, ?, 'waiting')",
                (token, local, self.domain, lang, now, now + self.address_ttl),
            )
        return Delivery(
            token, f"{local}@{self.domain}", lang, "waiting", _time(now + self.address_ttl)
        )

    def accepts(self, address: str) -> bool:
        """Whether ``address`` is a live test address still waiting for its message."""
        local = self._local_part(address)
        if local is None:
            return False
        row = (
            self.store.connection()
            .execute(
                "SELECT 1 FROM deliveries WHERE local_part = ? AND domain = ?"
                " AND state = 'waiting' AND expires > ?",
                (local, self.domain, self.store.clock()),
            )
            .fetchone()
        )
        return row is not None

    def receive(self, reception: Reception, raw: bytes) -> Delivery | None:
        """Take the message for ``reception.recipient``; None when that address no longer
        waits (expired, or another message took it first)."""
        local = self._local_part(reception.recipient)
        if local is None:
            return None
        now = self.store.clock()
        with self.store.transaction() as connection:
            row = connection.execute(
                "UPDATE deliveries SET state = 'received', received = ?, expires = ?,"
                " reception = ?, message = ?"
                " WHERE local_part = ? AND domain = ? AND state = 'waiting' AND expires > ?"
                " RETURNING token",
                (
                    now,
                    now + self.result_ttl,
                    reception.model_dump_json(),
                    zlib.compress(raw),
                    local,
                    self.domain,
                    now,
                ),
            ).fetchone()
        return None if row is None else self.get(str(row[0]))

    def message(self, token: str) -> bytes | None:
        """The message as received (DKIM needs the exact bytes), while it is kept."""
        row = self._row(token, "message")
        return None if row is None or row[0] is None else zlib.decompress(row[0])

    def finish(self, token: str, report: Report) -> None:
        """Keep the analysis of the received message."""
        self._update(token, "UPDATE deliveries SET state = 'analysed', report = ?", pack(report))

    def fail(self, token: str, error: str) -> None:
        """Record why the analysis could not be made."""
        self._update(token, "UPDATE deliveries SET state = 'failed', error = ?", error[:500])

    def get(self, token: str) -> Delivery | None:
        """The delivery ``token`` names, or None when unknown or purged."""
        row = self._row(token, "local_part, domain, lang, state, expires, reception, report, error")
        if row is None:
            return None
        local, domain, lang, state, expires, reception, report, error = row
        return Delivery(
            token=token,
            address=f"{local}@{domain}",
            lang=lang,
            state=state,
            expires_at=_time(expires),
            reception=Reception.model_validate_json(reception) if reception else None,
            report=unpack(report) if report else None,
            error=error,
        )

    def _row(self, token: str, columns: str) -> tuple[Any, ...] | None:
        # SQLite hands back untyped values; the columns' types are the schema's.
        row: tuple[Any, ...] | None = (
            self.store.connection()
            .execute(
                f"SELECT {columns} FROM deliveries WHERE token = ? AND expires > ?",  # noqa: S608
                (token, self.store.clock()),
            )
            .fetchone()
        )
        return row

    def _update(self, token: str, statement: str, value: object) -> None:
        with self.store.transaction() as connection:
            connection.execute(
                f"{statement} WHERE token = ? AND state = 'received'", (value, token)
            )

    def _local_part(self, address: str) -> str | None:
        local, at, domain = address.strip().strip("<>").rpartition("@")
        if not at or domain.lower().rstrip(".") != self.domain:
            return None
        local = local.lower()
        return local if local.startswith(LOCAL_PREFIX) and len(local) <= 64 else None


def _time(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
