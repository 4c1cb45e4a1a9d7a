"""Where the store lives by default: ``DELIVERABILITY_DB``, else the user's data directory.

The platform conventions are three lines each, so no dependency (platformdirs) is needed:
XDG on Linux and other Unixes (``$XDG_DATA_HOME``, else ``~/.local/share``),
``~/Library/Application Support`` on macOS, ``%LOCALAPPDATA%`` on Windows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_VARIABLE = "DELIVERABILITY_DB"
FILE_NAME = "deliverability.sqlite3"


def default_path(environ: Mapping[str, str] | None = None) -> Path:
    """The store's file: ``$DELIVERABILITY_DB``, else ``deliverability/deliverability.sqlite3``
    in the user's data directory."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VARIABLE):
        return Path(environ[ENV_VARIABLE]).expanduser()
    return data_directory(environ) / "deliverability" / FILE_NAME


def data_directory(environ: Mapping[str, str]) -> Path:
    """The user's data directory by the platform's convention."""
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    return Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
