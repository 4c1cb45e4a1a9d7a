"""Refresh the message catalogues: extract every marked message, update the .po files.

    python tools/i18n.py          # extract + update (French entries missing a translation are listed)

Run it after adding or changing a message, then translate the new French entries in
src/deliverability/locale/fr/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "deliverability" / "locale"
TEMPLATE = LOCALE / "messages.pot"


def pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", *args], cwd=ROOT, check=True
    )


def main() -> int:
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "N_",
        "-k",
        "_",
        "-k",
        "ngettext:1,2",
        "--no-location",
        "--sort-output",
        "--omit-header",
        "-o",
        str(TEMPLATE),
        "src",
    )
    po = LOCALE / "fr" / "LC_MESSAGES" / "messages.po"
    if po.exists():
        pybabel(
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALE),
            "-l",
            "fr",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
    else:
        pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", "fr")
    with po.open("rb") as handle:
        missing = [m.id for m in read_po(handle) if m.id and not m.string]
    for message in missing:
        print(f"untranslated: {message!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
