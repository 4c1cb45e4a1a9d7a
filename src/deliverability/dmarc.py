"""DMARC records: parse and validate one ``v=DMARC1`` record (RFC 7489, RFC 9989). Pure.

checkdmarc is not used here: its record parser queries DNS on its own, and importing the
package for its report-URI parser alone cost a quarter of a second at every start (more
than a third of the command's import time) for what two regular expressions say.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from deliverability.errors import RecordSyntaxError
from deliverability.i18n import N_

MIN_URIS_HONOURED = 2
"""Receivers may ignore report URIs past this many per tag (RFC 7489 §6.2): more is no error."""
_MAX_INVALID_KEPT = 20

_ASCII_NOCASE = re.IGNORECASE | re.ASCII
"""How every pattern of a record is matched: letters of either case, ASCII only. A DMARC
record is ASCII (RFC 7489 §6.4); with Unicode case folding, ``[rs]`` would also match ``ſ``
(U+017F, a long s), ``[a-z]`` the Kelvin sign, ``\\d`` any script's digits, and compiling the
patterns took more than twice as long, at every start of the command."""
_ATOM = r"(?:[a-z0-9_~$'*+=/&-]|%[0-9a-f]{2})+"
"""Characters a mailto: local part may hold as they are (RFC 6068 §2, RFC 5322 atext), or
percent-encoded; ``!`` must be encoded in a DMARC URI (it starts the size limit)."""
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_MAILTO = re.compile(
    rf"^mailto:((?:{_ATOM})(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+)\.?(?:!\d+[kmgt]?)?$",
    _ASCII_NOCASE,
)
"""A report mailbox with an optional size limit (RFC 7489 §6.2): ``mailto:d@example.fr!10m``.
The domain is a host name (letters, digits, hyphens): nothing else is ever put in a DNS name
(``<domain>._report._dmarc.<destination>``), a finding or advice."""
_OTHER_URI = re.compile(
    r"^(?!mailto:)[a-z][a-z0-9+.-]*:[a-z0-9._~:/?#\[\]@!$&'()*+;=%-]+$", _ASCII_NOCASE
)
"""Another scheme: valid (RFC 9989 §4.7) though receivers need only support mailto. Only
characters a URI may hold (RFC 3986): a quote, a space or a bracket makes it invalid."""
_TAG = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_VALID: dict[str, re.Pattern[str]] = {
    "p": re.compile(r"^(none|quarantine|reject)$", _ASCII_NOCASE),
    "sp": re.compile(r"^(none|quarantine|reject)$", _ASCII_NOCASE),
    "np": re.compile(r"^(none|quarantine|reject)$", _ASCII_NOCASE),
    "adkim": re.compile(r"^[rs]$", _ASCII_NOCASE),
    "aspf": re.compile(r"^[rs]$", _ASCII_NOCASE),
    "pct": re.compile(r"^(100|[1-9]?[0-9])$"),
    "fo": re.compile(r"^[01ds](:[01ds])*$", _ASCII_NOCASE),
    "rf": re.compile(r"^afrf(:afrf)*$", _ASCII_NOCASE),
    "ri": re.compile(r"^[0-9]{1,10}$"),
    "psd": re.compile(r"^[ynu]$", _ASCII_NOCASE),
    "t": re.compile(r"^[yn]$", _ASCII_NOCASE),
}


class DmarcSyntaxError(RecordSyntaxError):
    """The record is not valid DMARC (:class:`RecordSyntaxError`)."""


class DmarcRecord(NamedTuple):
    """A valid record's tags (names lower-case, values as published) and report URIs."""

    tags: dict[str, str]
    rua: tuple[str, ...] = ()
    ruf: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    """Tags this parser does not know: ignored, as RFC 7489 §6.3 requires."""
    invalid_uris: tuple[str, ...] = ()
    """rua/ruf entries that are not URIs: receivers skip them, so their reports are lost."""

    @property
    def policy(self) -> str:
        return self.tags["p"].lower()

    @property
    def subdomain_policy(self) -> str:
        return self.tags.get("sp", self.tags["p"]).lower()

    @property
    def percent(self) -> int:
        return int(self.tags.get("pct", "100"))


def is_dmarc_record(text: str) -> bool:
    """Records that do not start with ``v=DMARC1`` are not DMARC records (RFC 7489 §6.6.3)."""
    return re.match(r"^v\s*=\s*DMARC1\s*(;|$)", text) is not None


def parse_record(text: str) -> DmarcRecord:
    """Parse one DMARC record; raise :class:`DmarcSyntaxError` saying what is wrong."""
    if not text.strip():
        raise DmarcSyntaxError(N_("the record is empty"))
    if not is_dmarc_record(text):
        raise DmarcSyntaxError(N_("a DMARC record must start with v=DMARC1"), tag="v")
    tags: dict[str, str] = {}
    unknown: list[str] = []
    for position, part in enumerate(text.split(";")):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not sep or not _TAG.match(name):
            raise DmarcSyntaxError(
                N_("term {index} ({term}) is not tag=value"),
                {"index": position + 1, "term": repr(part[:40])},
                tag=name,
            )
        if name in tags:
            raise DmarcSyntaxError(N_("the tag {tag}= appears twice"), {"tag": name}, tag=name)
        tags[name] = value
        pattern = _VALID.get(name)
        if pattern is not None and not pattern.match(value):
            raise DmarcSyntaxError(
                N_("{tag}={value} is not an allowed value"),
                {"tag": name, "value": value[:40]},
                tag=name,
            )
        if pattern is None and name not in ("v", "rua", "ruf"):
            unknown.append(name)
    if "p" not in tags:
        raise DmarcSyntaxError(
            N_("the required tag p= is missing (p=none, quarantine or reject)"), tag="p"
        )
    rua, bad_rua = _uris(tags.get("rua", ""))
    ruf, bad_ruf = _uris(tags.get("ruf", ""))
    return DmarcRecord(
        tags=tags, rua=rua, ruf=ruf, unknown=tuple(unknown), invalid_uris=bad_rua + bad_ruf
    )


def report_address(uri: str) -> str | None:
    """The mailbox of a ``mailto:`` report URI (None for other schemes and malformed ones)."""
    match = _MAILTO.match(uri.strip())
    return match.group(1) if match else None


def _uris(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a rua/ruf value into (valid URIs, invalid entries: the first 20, each cut at 200
    characters). The record has no length limit of its own (RFC 7489, RFC 9989): a DNS
    answer bounds it."""
    valid: list[str] = []
    invalid: list[str] = []
    for uri in (part.strip() for part in value.split(",")):
        if not uri:
            continue
        if _MAILTO.match(uri) or _OTHER_URI.match(uri):
            valid.append(uri)
        elif len(invalid) < _MAX_INVALID_KEPT:
            invalid.append(uri[:200])
    return tuple(valid), tuple(invalid)
