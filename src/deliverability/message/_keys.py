"""Fetch, through the project's resolver, every DKIM and ARC key a message's signatures name.

The verifier (dkimpy) then runs on these answers alone, so no lookup happens inside it:
the one resolver's cache, deadline and "could not check" outcomes apply to DKIM too.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from dataclasses import dataclass

from deliverability.dkim import DkimSyntaxError, parse_tags
from deliverability.dns import Lookup, Resolver
from deliverability.message._parse import ParsedMessage

MAX_SIGNATURES = 10
"""DKIM signatures verified per message (real messages carry one to three)."""
MAX_ARC_SETS = 10
"""ARC sets verified (RFC 8617 §4.2.1 allows 50; real chains have a few)."""
SIGNATURE_HEADERS = ("dkim-signature", "arc-seal", "arc-message-signature")

_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,250})$")


@dataclass(frozen=True, slots=True)
class SignatureTags:
    """The tags of one DKIM-Signature (or ARC) header that name its key."""

    header: str
    domain: str
    selector: str
    tags: Mapping[str, str]

    @property
    def key_name(self) -> str:
        return f"{self.selector}._domainkey.{self.domain}"


def signatures(parsed: ParsedMessage, header: str, limit: int) -> list[SignatureTags | None]:
    """The first ``limit`` headers named ``header``, their tags read (None when unreadable)."""
    values = [value for name, value in parsed.headers if name == header][:limit]
    return [_tags(header, value) for value in values]


async def fetch(parsed: ParsedMessage, resolver: Resolver) -> dict[str, Lookup]:
    """Every key the message's signatures name, looked up concurrently, by key name."""
    names: set[str] = set()
    for header in SIGNATURE_HEADERS:
        limit = MAX_SIGNATURES if header == "dkim-signature" else MAX_ARC_SETS
        names.update(tags.key_name for tags in signatures(parsed, header, limit) if tags)
    lookups = await asyncio.gather(*(resolver.lookup(name, "TXT") for name in sorted(names)))
    return {lookup_name: lookup for lookup_name, lookup in zip(sorted(names), lookups, strict=True)}


def key_text(lookups: Mapping[str, Lookup], name: str) -> bytes | None:
    """The key record at ``name`` as the verifier reads it (None when there is none)."""
    lookup = lookups.get(name.rstrip(".").lower())
    if lookup is None or lookup.failed:
        return None
    records = lookup.txt_bytes()
    return next((record for record in records if b"p=" in record), records[0] if records else None)


def _tags(header: str, value: str) -> SignatureTags | None:
    try:
        tags = parse_tags(value)
    except DkimSyntaxError:
        return None
    domain = tags.get("d", "").strip().rstrip(".").lower()
    selector = tags.get("s", "").strip().lower()
    if not _valid(domain) or not _valid(selector):
        return None
    return SignatureTags(header=header, domain=domain, selector=selector, tags=tags)


def _valid(name: str) -> bool:
    return (
        bool(_NAME.match(name))
        and ".." not in name
        and all(0 < len(label) <= 63 for label in name.split("."))
    )
