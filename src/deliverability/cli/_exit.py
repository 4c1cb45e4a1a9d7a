"""Exit codes of the ``deliverability`` command: CI scripts branch on them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Nothing at or above ``--fail-on``."""
    FINDINGS = 1
    """Findings at or above ``--fail-on``."""
    USAGE = 2
    """Bad arguments or input (a malformed target, an unreadable platform file …)."""
    DNS_UNAVAILABLE = 3
    """DNS could not be queried for any target: nothing was checked."""
    INTERNAL = 4
    """A failure of the tool itself (a bug): one line on stderr, never a traceback."""
    INTERRUPTED = 130
