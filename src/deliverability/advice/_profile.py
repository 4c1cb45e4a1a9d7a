"""Reading a platform profile from TOML: its layout, and problems worded for the person who wrote it.

pydantic says ``sending_ips.0.lax-or-strict[…]: Input is not a valid IPv4 address``; the
person who typed the file needs ``sending_ips: '51.38.10' is not an IPv4 or IPv6 address
(line 4)``: the setting, the value as typed, the line, and no internals. Each problem is a
:class:`Phrase`, so it is worded in either language.

Values are shown only for settings that are not secret (:data:`SECRET_SETTINGS`, empty
today: a profile names public things only), so a future password never reaches a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from deliverability.facts.phrase import Phrase, PhraseValue
from deliverability.i18n import N_

SECRET_SETTINGS: frozenset[str] = frozenset()
"""Settings whose value is never repeated in a message (add any credential here)."""

_MAX_SHOWN = 60
_EXPECTED = {
    "string_type": N_("{field}: {value} should be text in quotes"),
    "list_type": N_('{field}: {value} should be a list in brackets, ["…"]'),
    "missing": N_("{field} is missing"),
    "extra_forbidden": N_("{field} is not a setting of a profile (the settings are {settings})"),
    "string_too_short": N_("{field} is empty"),
    "too_short": N_("{field} needs at least one value"),
    "string_too_long": N_("{field} is longer than {limit} characters"),
    "too_long": N_("{field} has more than {limit} values"),
    "ip": N_("{field}: {value} is not an IPv4 or IPv6 address"),
    "domain": N_("{field}: {value} is not a domain name: {reason}"),
    "selector": N_(
        "{field}: {value} is not a DKIM selector (letters, digits, '-', '_' and '.', up to 63)"
    ),
}
_OTHER = N_("{field}: {value} is not a valid value here")


def settings_table(data: Mapping[str, Any], fields: Sequence[str]) -> Mapping[str, Any] | Phrase:
    """The profile's settings: the ``[platform]`` table, or the top level when it is flat.

    Any other layout (another table name, ``[platform]`` beside other keys) is a Phrase
    saying what is expected.
    """
    table = data.get("platform")
    if isinstance(table, dict) and len(data) == 1:
        return table
    if "platform" not in data and any(key in fields for key in data):
        return data
    return Phrase.model_construct(
        template=N_(
            "expected the settings ({settings}) at the top of the file or under a [platform] "
            "table, and nothing else; found {found}"
        ),
        values={
            "settings": ", ".join(fields),
            "found": ", ".join(_describe_key(key, value) for key, value in data.items())
            or Phrase.model_construct(template=N_("nothing")),
        },
    )


def problems(
    error: ValidationError,
    text: str | None,
    fields: Sequence[str],
    *,
    secret: frozenset[str] = SECRET_SETTINGS,
) -> list[Phrase]:
    """One phrase per setting that is wrong, with the line where it is written; the values
    of ``secret`` settings are never shown."""
    seen: set[tuple[object, ...]] = set()
    found = []
    for item in error.errors(include_url=False):
        where = _where(item["loc"])
        if where in seen:
            continue  # the IPv4 and the IPv6 reading of one value: one problem
        seen.add(where)
        phrase = _phrase(item, str(where[0]) if where else "", fields, secret)
        value = (item.get("ctx") or {}).get("value", item.get("input"))
        line = _line(text, str(where[0]), value) if text and where else None
        if line is not None and item["type"] != "missing":
            phrase = Phrase.model_construct(
                template=N_("{problem} (line {line})"), values={"problem": phrase, "line": line}
            )
        found.append(phrase)
    return found


def _where(loc: tuple[int | str, ...]) -> tuple[object, ...]:
    """The setting and, in a list, the position: pydantic adds the inner validator's name."""
    return tuple(loc[:2]) if len(loc) > 1 and isinstance(loc[1], int) else tuple(loc[:1])


def _phrase(
    item: ErrorDetails, field: str, fields: Sequence[str], secret: frozenset[str]
) -> Phrase:
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind.startswith(("ip_v4", "ip_v6", "ip_any")):
        kind = "ip"
    values: dict[str, PhraseValue] = {
        "field": field,
        "value": "…" if field in secret else _shown(context.get("value", item.get("input"))),
    }
    if kind == "extra_forbidden":
        values["settings"] = ", ".join(fields)
    if "max_length" in context:
        values["limit"] = int(context["max_length"])
    if isinstance(context.get("reason"), Phrase):
        values["reason"] = context["reason"]
    return Phrase.model_construct(template=_EXPECTED.get(kind, _OTHER), values=values)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _describe_key(key: str, value: object) -> str:
    return f"[{key}]" if isinstance(value, dict) else key


def _line(text: str, field: str, value: object) -> int | None:
    """The line of ``field = …``, or of the bad value inside a list spread over lines."""
    lines = text.splitlines()
    key = re.compile(rf"^\s*(?:{re.escape(field)}|\"{re.escape(field)}\")\s*=")
    start = next((number for number, line in enumerate(lines) if key.match(line)), None)
    if start is None:
        return None
    if isinstance(value, str) and value:
        for number in _until_next_key(lines, start):
            if f'"{value}"' in lines[number] or f"'{value}'" in lines[number]:
                return number + 1
    return start + 1


def _until_next_key(lines: list[str], start: int) -> Iterator[int]:
    yield start
    for number in range(start + 1, len(lines)):
        if re.match(r"^\s*(\[|[A-Za-z0-9_\"'-]+\s*=)", lines[number]):
            return
        yield number
