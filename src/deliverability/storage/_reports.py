"""Reports kept for a while under an unguessable id, bounded in time, count and bytes.

Each report is stored as zlib-compressed JSON; its size is what the byte budget counts.
Expired rows are purged at every write; beyond the store's byte budget (all kinds of
report together) or the kind's ``capacity``, the oldest go first.
"""

from __future__ import annotations

import math
import secrets
import zlib

from deliverability.report import Report
from deliverability.storage._store import Store

_UNBOUNDED = 1 << 62

ID_BYTES = 12
"""96 random bits: ids cannot be guessed or enumerated."""


class Reports:
    """The reports of one ``kind`` (``permalink`` …) in ``store``."""

    def __init__(self, store: Store, kind: str, *, ttl: float, capacity: int | None = None) -> None:
        if not (math.isfinite(ttl) and ttl > 0) or (capacity is not None and capacity <= 0):
            raise ValueError(f"ttl and capacity must be positive, got {ttl} and {capacity}")
        self.store = store
        self.kind = kind
        self.ttl = ttl
        """Seconds a report is kept."""
        self.capacity = capacity
        """Reports of this kind kept at most (None: bounded by bytes only)."""

    def add(self, report: Report) -> str:
        """Keep ``report`` and return its id."""
        report_id = secrets.token_urlsafe(ID_BYTES)
        body = pack(report)
        now = self.store.clock()
        with self.store.transaction() as connection:
            self.store.purge(connection)
            connection.execute(
                "INSERT INTO reports (id, kind, created, expires, size, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (report_id, self.kind, now, now + self.ttl, len(body), body),
            )
            # Newest first: beyond the byte budget (every kind) or the capacity (this kind), delete.
            connection.execute(
                """DELETE FROM reports WHERE id IN (
                       SELECT id FROM (
                           SELECT id, kind,
                                  SUM(size) OVER (ORDER BY created DESC, rowid DESC) AS bytes,
                                  ROW_NUMBER() OVER (
                                      PARTITION BY kind ORDER BY created DESC, rowid DESC
                                  ) AS place
                           FROM reports)
                       WHERE bytes > ? OR (kind = ? AND place > ?))""",
                (self.store.max_bytes, self.kind, self.capacity or _UNBOUNDED),
            )
        return report_id

    def get(self, report_id: str) -> Report | None:
        """The report kept under ``report_id``, or None when unknown, expired or evicted."""
        row = (
            self.store.connection()
            .execute(
                "SELECT body FROM reports WHERE id = ? AND kind = ? AND expires > ?",
                (report_id, self.kind, self.store.clock()),
            )
            .fetchone()
        )
        return None if row is None else unpack(row[0])

    def stored_bytes(self) -> int:
        """Bytes the stored reports of every kind take (what the byte budget counts)."""
        row = self.store.connection().execute("SELECT COALESCE(SUM(size), 0) FROM reports")
        return int(row.fetchone()[0])


def pack(report: Report) -> bytes:
    """A report as the store keeps it: zlib-compressed JSON (what byte budgets count)."""
    return zlib.compress(report.__pydantic_serializer__.to_json(report))


def unpack(body: bytes) -> Report:
    """The report :func:`pack` kept."""
    return Report.model_validate_json(zlib.decompress(body))
