"""The store's schema: one list of migrations, applied in order; ``PRAGMA user_version`` is
how many have run.

To add tables (the test inbox's addresses, messages and their reports), append a migration:
never edit one that has shipped, since files in use have already run it. A table whose rows
expire has an ``expires`` column (seconds since the epoch) and is listed in :data:`EXPIRING`,
so :meth:`Store.purge` removes its expired rows.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: stored reports (permalinks now; the inbox's reports can share the table by kind),
    #    and the settings every process must agree on (the key that signs forms).
    """
    CREATE TABLE reports (
        id      TEXT PRIMARY KEY,
        kind    TEXT NOT NULL,
        created REAL NOT NULL,
        expires REAL NOT NULL,
        size    INTEGER NOT NULL,
        body    BLOB NOT NULL
    );
    CREATE INDEX reports_expires ON reports (expires);
    CREATE INDEX reports_created ON reports (kind, created);
    CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: the test inbox: one row per test address, then what arrived at it and its report.
    #    ``expires`` is the address's end while it waits, the result's end once received.
    """
    CREATE TABLE deliveries (
        token      TEXT PRIMARY KEY,
        local_part TEXT NOT NULL UNIQUE,
        domain     TEXT NOT NULL,
        lang       TEXT NOT NULL,
        created    REAL NOT NULL,
        expires    REAL NOT NULL,
        state      TEXT NOT NULL,
        received   REAL,
        reception  TEXT,
        message    BLOB,
        report     BLOB,
        error      TEXT
    );
    CREATE INDEX deliveries_expires ON deliveries (expires);
    """,
)

EXPIRING: tuple[str, ...] = ("reports", "deliveries")
"""Tables with an ``expires`` column, purged of expired rows."""
