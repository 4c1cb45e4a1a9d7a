"""Received headers (RFC 5321 §4.4) read into hops, and the receiving organisation's boundary.

Servers write these headers freely: the grammar is a habit, not a rule. Each clause
(``from``, ``by``, ``with``) is read on its own, a clause that cannot be read is left
empty, and nothing here raises. Pure.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime

from deliverability.addresses import address_kind
from deliverability.domains import organizational_domain
from deliverability.facts.message import Hop

MAX_HEADER_CHARS = 2000
"""A Received header is cut to this length before it is read (real ones are under 500)."""

_COMMENT = re.compile(r"\(([^()]*)\)")
_FROM = re.compile(r"(?:^|\s)from\s+(\S+)", re.I)
_BY = re.compile(r"(?:^|\s)by\s+(\S+)", re.I)
_WITH = re.compile(r"(?:^|\s)with\s+((?:Microsoft\s+SMTP\s+Server)|\S+)", re.I)
_BRACKETED = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]")
_BARE_ADDRESS = re.compile(
    r"(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.:])"
)
_HELO_NOTE = re.compile(r"(?:\b(?:EHLO|HELO)\s+|\bhelo=)([^\s)\]]+)", re.I)
_TLS_NOTE = re.compile(r"\b(?:version=)?(TLS\s*v?1[._]?[0-3]|TLS1_[0-3]|TLSv1(?:\.[0-3])?)\b", re.I)
_ENCRYPTED = frozenset({"esmtps", "esmtpsa", "utf8smtps", "utf8smtpsa", "lmtps", "lmtpsa"})
_PLAIN = frozenset({"smtp", "esmtp", "esmtpa", "utf8smtp", "utf8smtpa"})
_INSIDE = frozenset({"private", "loopback", "link-local", "shared", "unspecified"})
"""Addresses only a network's own hosts use: a hop from one is inside the receiver."""
_HOSTNAME = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\.?$"
)


def parse_hop(header: str, index: int) -> Hop:
    """One Received header as a hop; clauses it does not state stay None."""
    text = " ".join(header[:MAX_HEADER_CHARS].split())
    clauses, _, when = text.rpartition(";")
    if not clauses:
        clauses, when = text, ""
    comments = _COMMENT.findall(clauses)
    bare = _COMMENT.sub(" ", clauses)
    helo = _word(_FROM.search(bare))
    from_comment = _comment_after(clauses, "from")
    said = _HELO_NOTE.search(from_comment)  # "from 192.0.2.1 (EHLO name)", "(helo=name)"
    by = _word(_BY.search(bare))
    protocol = _word(_WITH.search(bare))
    from_ip = _address(from_comment) or (_address(helo) if helo else None)
    if said is not None:
        helo = said.group(1)[:255]
    from_host = _reverse_name(from_comment)
    tls, detail = _tls(protocol, comments)
    return Hop.model_construct(
        index=index,
        helo=_strip_brackets(helo),
        from_host=from_host,
        from_ip=from_ip,
        by=by,
        protocol=protocol,
        tls=tls,
        tls_detail=detail,
        timestamp=moment(when),
        header=text,
    )


def parse_hops(headers: Sequence[str], date: datetime | None) -> list[Hop]:
    """Received headers as written (newest first) → hops, oldest first, with the delay of each."""
    hops: list[Hop] = []
    previous = date
    for index, header in enumerate(reversed(headers), start=1):
        hop = parse_hop(header, index)
        delay = None
        if hop.timestamp is not None and previous is not None:
            delay = (hop.timestamp - previous).total_seconds()
        hops.append(hop.model_copy(update={"delay_seconds": delay}))
        if hop.timestamp is not None:
            previous = hop.timestamp
    return hops


def boundary(hops: Sequence[Hop]) -> int | None:
    """The index of the hop where the receiving organisation took the message: walking back
    from the recipient, the first hop whose sender is neither inside the receiver's
    organisation (same organizational domain, private address, no ``from`` at all) nor local."""
    receiver = receiver_domain(hops)
    for hop in reversed(hops):
        if not _internal(hop, receiver):
            return hop.index
    return None


def receiver_domain(hops: Sequence[Hop]) -> str | None:
    """The receiving organisation's domain: that of the last hop's ``by`` host that is a name."""
    for hop in reversed(hops):
        if hop.by and _HOSTNAME.match(hop.by) and not _is_address(hop.by):
            return organizational_domain(hop.by.rstrip("."))
    return None


def _internal(hop: Hop, receiver: str | None) -> bool:
    if hop.helo is None and hop.from_ip is None:
        return True  # "by host with SMTP id …": handed on inside the receiver
    if hop.from_ip is not None and address_kind(hop.from_ip) in _INSIDE:
        return True
    if receiver is None:
        return False
    names = (name for name in (hop.from_host, hop.helo) if name and not _is_address(name))
    return any(organizational_domain(name.rstrip(".")) == receiver for name in names)


def _word(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    word = match.group(1).strip().rstrip(";")
    return word[:255] or None


def _strip_brackets(helo: str | None) -> str | None:
    return helo.strip("[]") if helo else helo


def _comment_after(clauses: str, keyword: str) -> str:
    """The parenthesised comment that follows ``from <name>``, where servers put the
    sender's reverse-DNS name and address: ``from a.example (b.example [192.0.2.1])``."""
    match = re.search(rf"(?:^|\s){keyword}\s+\S+\s*\(([^()]*)\)", clauses, re.I)
    return match.group(1) if match else ""


def _address(text: str | None) -> str | None:
    if not text:
        return None
    for pattern in (_BRACKETED, _BARE_ADDRESS):
        for candidate in pattern.findall(text):
            if _is_address(candidate):
                return str(ipaddress.ip_address(candidate))
    return None


def _reverse_name(comment: str) -> str | None:
    for word in comment.replace("helo=", " ").split():
        word = word.strip("[]")
        if _HOSTNAME.match(word) and not _is_address(word):
            return word[:255].rstrip(".").lower()
    return None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _tls(protocol: str | None, comments: Sequence[str]) -> tuple[bool | None, str | None]:
    for comment in comments:
        match = _TLS_NOTE.search(comment)
        if match:
            return True, match.group(1)[:40]
    name = (protocol or "").lower()
    if name in _ENCRYPTED:
        return True, None
    if name in _PLAIN:
        return False, None
    return None, None


def moment(text: str) -> datetime | None:
    """An RFC 5322 date-time (a Received timestamp, a Date header), None when unreadable or
    without a zone."""
    text = _COMMENT.sub(" ", text).strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else None
