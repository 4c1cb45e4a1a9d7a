"""Every message exists in French, with the same placeholders, and the catalogue is current."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from deliverability.i18n import LOCALE_DIR, default_language, ngettext, translator

ROOT = Path(__file__).resolve().parents[1]
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _french():
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return [m for m in read_po(handle, locale="fr") if m.id]


def test_catalogue_matches_the_sources() -> None:
    """Fails when a marked message was added or changed without running tools/i18n.py."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_refreshing_an_up_to_date_catalogue_changes_no_byte(tmp_path: Path) -> None:
    """tools/i18n.py on a copy of the tree: nothing changed, so no new POT-Creation-Date."""
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    french = tmp_path / "src" / "deliverability" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    before = french.read_bytes()
    subprocess.run(
        [sys.executable, str(tmp_path / "tools" / "i18n.py")], check=True, capture_output=True
    )
    assert french.read_bytes() == before


@pytest.mark.parametrize(
    "message", _french(), ids=lambda m: (m.id if isinstance(m.id, str) else m.id[0])[:60]
)
def test_message_has_a_french_translation(message) -> None:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    assert all(strings), "no French translation"
    assert not message.fuzzy, "translation marked fuzzy: check it and remove the flag"
    wanted = set(_PLACEHOLDER.findall(ids[-1]))
    for string in strings:
        assert set(_PLACEHOLDER.findall(string)) == wanted, f"placeholders differ: {string!r}"


def test_translation_and_fallback() -> None:
    assert translator("fr")("Recommended changes") == "Modifications recommandées"
    assert translator("fr")("a message nobody wrote") == "a message nobody wrote"
    assert translator("en")("Recommended changes") == "Recommended changes"


def test_plural_forms() -> None:
    singular, plural = ("and {count} more problem", "and {count} more problems")
    assert ngettext(singular, plural, 1, "fr") == "et {count} autre problème"
    assert ngettext(singular, plural, 3, "fr") == "et {count} autres problèmes"
    assert ngettext(singular, plural, 2, "en") == plural


@pytest.mark.parametrize(
    ("environ", "lang"),
    (
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR"}, "en"),
        ({}, "en"),
    ),
)
def test_default_language(environ: dict[str, str], lang: str) -> None:
    assert default_language(environ) == lang


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        translator("de")
