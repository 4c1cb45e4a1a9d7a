"""Refresh the message catalogues: extract every marked message, update the .po files.

    python tools/i18n.py           # extract + update; lists French entries still untranslated
    python tools/i18n.py --check   # exit 1 if a marked message is missing from the catalogue

Run it after adding or changing a message, then translate the new French entries in
src/deliverability/locale/fr/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "deliverability" / "locale"
TEMPLATE = LOCALE / "messages.pot"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = ("-k", "N_", "-k", "_", "-k", "ngettext:1,2")


def pybabel(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", *args], cwd=ROOT, check=True
    )


def extract(template: Path) -> None:
    pybabel(
        "extract", "-F", "babel.cfg", *KEYWORDS, "--no-location", "--sort-output",
        "--omit-header", "-o", str(template), "src",
    )  # fmt: skip


def message_ids(path: Path) -> set[str]:
    """The msgids of a catalogue (the singular, for plural messages)."""
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def check() -> int:
    with tempfile.TemporaryDirectory() as folder:
        extracted = Path(folder) / "messages.pot"
        extract(extracted)
        missing = sorted(message_ids(extracted) - message_ids(FRENCH))
    for message in missing:
        print(f"not in the catalogue: {message!r}")
    if missing:
        print("run python tools/i18n.py, then translate the new entries", file=sys.stderr)
    return 1 if missing else 0


def update() -> int:
    before = FRENCH.read_text(encoding="utf-8") if FRENCH.exists() else None
    extract(TEMPLATE)
    if before is not None:
        pybabel(
            "update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", "fr",
            "--no-fuzzy-matching", "--ignore-obsolete",
        )  # fmt: skip
        if _undated(FRENCH.read_text(encoding="utf-8")) == _undated(before):
            # Nothing changed but pybabel's header dates: keep the file as it was.
            FRENCH.write_text(before, encoding="utf-8")
    else:
        pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", "fr")
    with FRENCH.open("rb") as handle:
        for message in read_po(handle):
            if message.id and not message.string:
                print(f"untranslated: {message.id!r}")
    return 0


_DATE_LINE = re.compile(r'^"(?:POT-Creation-Date|PO-Revision-Date): .*"\n', re.MULTILINE)


def _undated(catalogue: str) -> str:
    """The catalogue without the header dates pybabel rewrites on every run."""
    return _DATE_LINE.sub("", catalogue)


if __name__ == "__main__":
    raise SystemExit(check() if "--check" in sys.argv[1:] else update())
