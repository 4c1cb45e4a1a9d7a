"""The BIMI assertion record (``v=BIMI1; l=…; a=…``), parsed without I/O.

checkdmarc's ``parse_bimi_record`` fetches the logo and the certificate itself; this one only
reads the tags, so the probe fetches under the address policy and the rules stay pure.
"""

from __future__ import annotations

from typing import NamedTuple


class BimiSyntaxError(ValueError):
    """The record cannot be read; the message (English) is evidence for the finding."""


class BimiRecord(NamedTuple):
    logo: str
    """``l=``: the HTTPS URL of the SVG logo (empty: the domain declines to show a logo)."""
    authority: str
    """``a=``: the HTTPS URL of the mark certificate (VMC or CMC), empty when absent."""


def is_bimi_record(text: str) -> bool:
    return text.replace(" ", "").lower().startswith("v=bimi1")


def parse_record(text: str) -> BimiRecord:
    tags: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, equals, value = part.partition("=")
        name = name.strip().lower()
        if not equals or not name:
            raise BimiSyntaxError(f"{part.strip()[:80]!r} is not a tag=value pair")
        if name in tags:
            raise BimiSyntaxError(f"the {name}= tag appears twice")
        tags[name] = value.strip()
    if tags.get("v") != "BIMI1":
        raise BimiSyntaxError("the record must start with v=BIMI1")
    if "l" not in tags:
        raise BimiSyntaxError("the l= tag (the logo's URL) is missing")
    for tag in ("l", "a"):
        value = tags.get(tag, "")
        if value and not value.lower().startswith("https://"):
            raise BimiSyntaxError(f"the {tag}= URL must start with https://")
    return BimiRecord(logo=tags["l"], authority=tags.get("a", ""))
