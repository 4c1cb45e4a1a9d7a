"""Languages: English and French message catalogues (gettext .po files kept with Babel).

Message templates are written in English with named ``{placeholders}`` and marked with
:func:`N_` for extraction (``python tools/i18n.py`` runs pybabel extract/update). The
French catalogue is read from its .po file at run time, so there is no compiled artefact
to keep in step.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LANGUAGES = ("en", "fr")
"""Languages every user-facing message exists in."""

LOCALE_DIR = Path(__file__).parent / "locale"

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark a message template for extraction; translation happens when it is rendered."""
    return message


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale (LC_ALL, LC_MESSAGES, LANG), English otherwise."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise ValueError naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def _catalog(lang: str) -> Catalog | None:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not path.exists():
        return None
    # Imported here: English, the source language, needs no catalogue and no Babel.
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """msgid → translation for ``lang`` (empty for English, the source language)."""
    catalog = _catalog(lang)
    if catalog is None:
        return {}
    return {
        message.id: message.string
        for message in catalog
        if isinstance(message.id, str)
        and message.id
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
    }


def translator(lang: str) -> Translate:
    """A gettext function for ``lang``: untranslated messages fall back to English."""
    table = catalogue(check_language(lang))
    return lambda message: table.get(message, message)


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """The form of a message for ``count`` in ``lang`` (marked for extraction as ngettext)."""
    catalog = _catalog(check_language(lang))
    if catalog is not None:
        message = catalog.get((singular, plural))
        forms = message.string if message is not None and not message.fuzzy else None
        if isinstance(forms, (tuple, list)) and all(forms):
            return forms[gettext.c2py(catalog.plural_expr)(count)]
    return singular if count == 1 else plural
