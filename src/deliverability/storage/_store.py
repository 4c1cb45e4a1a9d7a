"""The SQLite file: one connection per thread, WAL, migrations, transactions, purging.

SQLite in WAL mode lets readers go on while one writer writes; writers take the lock at
the start of their transaction (``BEGIN IMMEDIATE``) and wait up to ``busy_timeout`` for
each other, so several worker processes and their threads can share the file. A
``sqlite3.Connection`` must not be used by two threads at once: each thread gets its own.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from deliverability.errors import positive_integer
from deliverability.storage._schema import EXPIRING, MIGRATIONS

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
"""Bytes the stored reports may take in the file (256 MiB), the oldest evicted first."""

MAX_BYTES = 1 << 40

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's transaction before giving up."""


class Store:
    """The embedded store at ``path`` (created with its directory if missing, mode 0600)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.max_bytes = positive_integer("max_bytes", max_bytes, maximum=MAX_BYTES)
        """Bytes the stored reports may take; the oldest go first beyond it."""
        self.clock = clock
        """Seconds since the epoch: a wall clock, since rows outlive the process."""
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Reports and the form key are nobody else's business: owner-only from the start.
        os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        self._migrate()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit: transactions are explicit)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: taken at once (``BEGIN IMMEDIATE``), committed or rolled back."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def purge(self, connection: sqlite3.Connection | None = None) -> int:
        """Delete every expired row of the tables in :data:`EXPIRING`; return how many went."""
        now = self.clock()
        if connection is None:
            with self.transaction() as transaction:
                return self.purge(transaction)
        return sum(
            connection.execute(f"DELETE FROM {table} WHERE expires <= ?", (now,)).rowcount
            for table in EXPIRING
        )

    def setting(self, name: str, make: Callable[[], str]) -> str:
        """The stored setting ``name``; the first process to ask stores ``make()``."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", (name, make())
            )
            row = connection.execute(
                "SELECT value FROM settings WHERE name = ?", (name,)
            ).fetchone()
        return str(row[0])

    def form_key(self) -> str:
        """A random key shared by every process on this store (signs the dashboard's forms)."""
        return self.setting("form_key", lambda: secrets.token_hex(32))

    def close(self) -> None:
        """Close every thread's connection (at shutdown, and in tests)."""
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()

    def _migrate(self) -> None:
        with self.transaction() as connection:
            done = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if done > len(MIGRATIONS):
                raise RuntimeError(
                    f"{self.path} has schema version {done}, newer than this version of "
                    f"deliverability knows ({len(MIGRATIONS)}): upgrade it"
                )
            for version, script in enumerate(MIGRATIONS[done:], start=done + 1):
                for statement in _statements(script):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {version}")


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT the open transaction; the migration must stay inside it.
    return [statement.strip() for statement in script.split(";") if statement.strip()]
