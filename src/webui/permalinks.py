"""Shareable report links: reports kept in memory for a while under an unguessable id.

A support agent runs a check and pastes ``/r/<id>`` into the ticket; whoever opens it
sees the same report (in their own language) without sending DNS traffic again. The
store lives in the process: after ``ttl`` seconds, when it holds more than ``capacity``
reports, or when the server restarts, the link answers 404 with a page that says the
report has expired and offers to run the check again.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from deliverability.report import Report

ID_BYTES = 12
"""96 random bits: links cannot be guessed or enumerated."""


class Permalinks:
    """A thread-safe, bounded, time-limited store of reports."""

    def __init__(
        self, *, ttl: float, capacity: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if ttl <= 0 or capacity <= 0:
            raise ValueError(f"ttl and capacity must be positive, got {ttl} and {capacity}")
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._reports: OrderedDict[str, tuple[float, Report]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, report: Report) -> str:
        """Keep ``report`` and return its id."""
        link = secrets.token_urlsafe(ID_BYTES)
        now = self._clock()
        with self._lock:
            self._expire(now)
            self._reports[link] = (now + self.ttl, report)
            while len(self._reports) > self.capacity:
                self._reports.popitem(last=False)
        return link

    def get(self, link: str) -> Report | None:
        """The report kept under ``link``, or None when it never existed or has expired."""
        with self._lock:
            self._expire(self._clock())
            entry = self._reports.get(link)
        return None if entry is None else entry[1]

    def _expire(self, now: float) -> None:
        # Entries are in insertion order with one ttl, so the expired ones are at the front.
        while self._reports:
            expires, _ = next(iter(self._reports.values()))
            if expires > now:
                break
            self._reports.popitem(last=False)
