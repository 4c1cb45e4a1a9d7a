"""A one-line progress bar on stderr, only when stderr is a terminal (never in CI logs)."""

from __future__ import annotations

import time
from typing import TextIO

_WIDTH = 30
_INTERVAL = 0.1
"""Seconds between redraws: a batch finishes hundreds of targets a second."""


class Progress:
    """``  523/1000 [###############···············]  81.2/s``, redrawn in place."""

    def __init__(self, stream: TextIO, *, total: int | None = None, enabled: bool = True) -> None:
        self._stream = stream
        self._total = total
        self._enabled = enabled and stream.isatty()
        self._started = time.monotonic()
        self._drawn = 0.0
        self.done = 0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self._enabled and now - self._drawn >= _INTERVAL:
            self._drawn = now
            self._stream.write("\r" + self.line(now - self._started) + "\x1b[K")
            self._stream.flush()

    def line(self, elapsed: float) -> str:
        rate = f"{self.done / elapsed:.1f}/s" if elapsed > 0 else ""
        if not self._total:
            return f"  {self.done} {rate}"
        filled = min(_WIDTH, _WIDTH * self.done // self._total)
        bar = "#" * filled + "·" * (_WIDTH - filled)
        return f"  {self.done}/{self._total} [{bar}] {rate}"

    def close(self) -> None:
        """Erase the bar so what follows starts on a clean line."""
        if self._enabled and self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
