"""One target's result in a run of many: what the batch produces and every writer reads.

Kept apart from :mod:`deliverability.batch` so renderers read results without importing the
pipeline that makes them.
"""

from __future__ import annotations

from typing import NamedTuple

from deliverability.report import Report


class Listed(NamedTuple):
    """One target as it appears in the input, and where (for messages and annotations)."""

    text: str
    """The target as written (a domain or an address)."""
    source: str
    """The list's file name, ``<stdin>``, or ``argument`` for the command line."""
    line: int
    """Line number in the list (1-based), or the argument's position."""

    @property
    def where(self) -> str:
        """``domains.txt:12``, ``<stdin>:3`` or ``argument 2``."""
        return f"argument {self.line}" if self.source == ARGUMENT else f"{self.source}:{self.line}"


ARGUMENT = "argument"


class Item(NamedTuple):
    """One target's result: its report, or why it could not be diagnosed."""

    listed: Listed
    report: Report | None = None
    error: str | None = None
    """Why the line is not a target, or why its diagnosis failed (set exactly when ``report``
    is None)."""
    failed: bool = False
    """The diagnosis itself failed (an exception in the tool, not a bad line)."""

    @property
    def target(self) -> str:
        """The normalised target when diagnosed, else the text as written."""
        return self.report.target if self.report is not None else self.listed.text
