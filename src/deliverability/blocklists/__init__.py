"""DNS blocklists as data: which zones, how to ask them, and what each answer means (pure).

The lists live in ``lists.toml`` (a source and a date for each). :func:`query_name` builds the
name to look up for an address or a domain; :func:`interpret` reads an answer as one of three
outcomes — ``listed`` (with the category of the listing), ``clean``, or ``not_tested`` (the
operator refused the query, the lookup failed, or the answer is not a listing code). A refusal
is never a listing and a failed lookup is never "not listed".
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from deliverability.errors import SpamhausKeyError
from deliverability.facts.blocklist import BlocklistFacts, BlocklistQuery
from deliverability.facts.lookup import LookupFact

if TYPE_CHECKING:
    from deliverability.blocklists._data import (
        Blocklist,
        BlocklistDataError,
        Catalogue,
        ListCode,
        Refusal,
        load,
    )

__all__ = [
    "KEY_VARIABLE",
    "Blocklist",
    "BlocklistDataError",
    "Catalogue",
    "Category",
    "ListCode",
    "ListSeverity",
    "Refusal",
    "RefusalReason",
    "Verdict",
    "applies",
    "catalogue",
    "check_key",
    "interpret",
    "key_or_environment",
    "load",
    "query_name",
    "readings",
    "redact",
]

Category = Literal[
    "sbl",
    "css",
    "xbl",
    "drop",
    "pbl",
    "bcl",
    "spam",
    "reported",
    "spam_wave",
    "poor_reputation",
    "spamtrap",
    "spam_domain",
    "phishing",
    "malware",
    "botnet",
    "abused",
    "abused_redirector",
    "grey",
    "watched",
    "abuse",
    "cracked",
    "range",
    "network",
    "unknown",
]
"""What a listing says about the address or domain (labels: ``deliverability.codes.blocklist``)."""

RefusalReason = Literal[
    "typo", "public_resolver", "volume", "ip_query", "volume_or_public_resolver", "silent", "other"
]
"""Why an operator refused a query (labels: ``deliverability.codes.blocklist``)."""

ListSeverity = Literal["info", "warning", "error", "critical"]

DQS_KEY = re.compile(r"[a-z0-9]{20,64}")
"""A Spamhaus Data Query Service key: letters and digits only, so it is one DNS label."""


def check_key(key: str) -> str:
    """``key`` if it can be a DQS key; raises :class:`SpamhausKeyError` (a ``ValueError``)
    without repeating it: it is a secret."""
    key = key.strip()
    if not DQS_KEY.fullmatch(key):
        raise SpamhausKeyError()
    return key


KEY_VARIABLE = "DELIVERABILITY_SPAMHAUS_KEY"
"""The environment variable a DQS key is read from when none is given (``check``, ``message``)."""


def key_or_environment(given: str | None) -> str | None:
    """The key given, else :data:`KEY_VARIABLE`'s, checked by :func:`check_key`; None for none."""
    key = given or os.environ.get(KEY_VARIABLE) or None
    return check_key(key) if key else None


def catalogue() -> Catalogue:
    """The packaged lists, loaded (and the pydantic models defined) on first use only."""
    from deliverability.blocklists import _data

    return _data.catalogue()


def __getattr__(name: str) -> Any:
    # PEP 562: the data file's models load with the first use of blocklists, not at start-up.
    if name in ("Blocklist", "BlocklistDataError", "Catalogue", "ListCode", "Refusal", "load"):
        from deliverability.blocklists import _data

        return getattr(_data, name)
    raise AttributeError(f"module 'deliverability.blocklists' has no attribute {name!r}")


def applies(blocklist: Blocklist, subject: str) -> bool:
    """Whether ``subject`` (an address or a domain) can be asked of ``blocklist``."""
    try:
        address = ipaddress.ip_address(subject)
    except ValueError:
        return blocklist.kind == "domain"
    return blocklist.kind == "ip" and (address.version == 4 or blocklist.ipv6)


def query_name(blocklist: Blocklist, subject: str, *, dqs_key: str | None = None) -> str:
    """The name to look up: reversed octets (nibbles for IPv6) or the domain, then the zone."""
    zone = f"{dqs_key}.{blocklist.dqs_zone}" if dqs_key and blocklist.dqs_zone else blocklist.zone
    if blocklist.kind == "domain":
        return f"{subject.rstrip('.').lower()}.{zone}"
    address = ipaddress.ip_address(subject)
    return address.reverse_pointer.rsplit(".", 2)[0] + f".{zone}"


def redact(text: str, dqs_key: str | None) -> str:
    """``text`` with the DQS key replaced: query names and errors reach reports and logs."""
    return text.replace(dqs_key, "<key>") if dqs_key else text


Outcome = Literal["listed", "clean", "not_tested"]


class Verdict(NamedTuple):
    """What one answer means."""

    outcome: Outcome
    codes: tuple[str, ...] = ()
    """The answers received (return codes)."""
    categories: tuple[Category, ...] = ()
    """Listed: what each code means."""
    severity: ListSeverity = "info"
    """Listed: the worst severity among the codes."""
    refusal: RefusalReason | None = None
    """Not tested because the operator refused the query: why."""


_SEVERITY_ORDER: Sequence[ListSeverity] = ("info", "warning", "error", "critical")
_LOOPBACK_NET = ipaddress.ip_network("127.0.0.0/8")


def interpret(blocklist: Blocklist, lookup: LookupFact) -> Verdict:
    """Listed, clean or not tested, from the lookup of :func:`query_name`."""
    if lookup.outcome in ("nxdomain", "nodata"):
        return Verdict("clean")
    if lookup.failed:
        return Verdict("not_tested")
    addresses = []
    for code in lookup.records:
        try:
            addresses.append(ipaddress.IPv4Address(code))
        except ValueError:
            return Verdict("not_tested", tuple(lookup.records))
    addresses.sort()  # DNS gives a record set in any order; findings should not change with it
    codes = tuple(str(address) for address in addresses)
    refusal = _refusal(blocklist, addresses)
    if refusal is not None:
        return Verdict("not_tested", codes, refusal=refusal)
    if not addresses or any(address not in _LOOPBACK_NET for address in addresses):
        return Verdict("not_tested", codes)  # not a listing code: a lapsed or hijacked zone
    meanings = [meaning for address in addresses for meaning in _meanings(blocklist, address)]
    if not meanings:
        return Verdict("clean", codes)  # bitmask answer with no listing bit set
    worst = max((severity for _, severity in meanings), key=_SEVERITY_ORDER.index)
    categories = tuple(dict.fromkeys(category for category, _ in meanings))
    return Verdict("listed", codes, categories, worst)


def readings(
    facts: BlocklistFacts, catalogue: Catalogue
) -> list[tuple[Blocklist, BlocklistQuery, Verdict]]:
    """Every answer about a subject, read; a list whose test entry came back unlisted is not
    answering this resolver, so its "not listed" answers become "not tested" (``silent``)."""
    silent = {
        query.list_id
        for query in facts.queries
        if query.role == "test" and query.lookup.outcome in ("nxdomain", "nodata")
    }
    read = []
    for query in facts.queries:
        item = catalogue.get(query.list_id)
        if item is None or query.role == "test":
            continue
        verdict = interpret(item, query.lookup)
        if verdict.outcome == "clean" and item.id in silent:
            verdict = Verdict("not_tested", ("NXDOMAIN",), refusal="silent")
        read.append((item, query, verdict))
    return read


def _refusal(blocklist: Blocklist, addresses: list[ipaddress.IPv4Address]) -> RefusalReason | None:
    for address in addresses:
        for refusal in blocklist.refusals:
            if str(address) == refusal.value:
                return refusal.reason
        if any(address in ipaddress.ip_network(net) for net in blocklist.refusal_ranges):
            return "other"
    return None


def _meanings(
    blocklist: Blocklist, address: ipaddress.IPv4Address
) -> list[tuple[Category, ListSeverity]]:
    if blocklist.match == "bitmask":
        last = int(address) & 0xFF
        return [(c.category, c.severity) for c in blocklist.codes if last & int(c.value)]
    found = [(c.category, c.severity) for c in blocklist.codes if c.value == str(address)]
    return found or [("unknown", "error")]
