"""The listener's heartbeat in the store, so a dashboard worker in another process can tell
whether the test inbox is listening (``/healthz``)."""

from __future__ import annotations

from deliverability.storage import Store

BEAT_EVERY = 15.0
"""Seconds between two heartbeats of a running listener."""
STALE_AFTER = 3 * BEAT_EVERY
"""A heartbeat older than this means the listener has stopped."""

_SETTING = "inbox_heartbeat"


def beat(store: Store) -> None:
    """Record that the listener is alive now."""
    with store.transaction() as connection:
        connection.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)",
            (_SETTING, repr(store.clock())),
        )


def listening(store: Store) -> bool:
    """Whether a listener on this store beat recently."""
    row = store.connection().execute("SELECT value FROM settings WHERE name = ?", (_SETTING,))
    found = row.fetchone()
    return found is not None and store.clock() - float(found[0]) < STALE_AFTER
