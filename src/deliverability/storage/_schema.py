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
)

EXPIRING: tuple[str, ...] = ("reports",)
"""Tables with an ``expires`` column, purged of expired rows."""
