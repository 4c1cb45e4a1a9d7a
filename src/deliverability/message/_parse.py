"""A message's bytes read into its path and identities, with every size bounded. Pure.

Python's ``email`` package (``policy.default``) reads the message; what goes into the
facts is cut to a known size and made valid text, since the message is hostile input: a
25 MB message is refused before it is parsed, only the newest :data:`MAX_RECEIVED`
Received headers are read, and no header value over :data:`MAX_VALUE_CHARS` reaches a report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from deliverability.addresses import is_ip_address
from deliverability.errors import MessageTooLarge
from deliverability.facts.message import ConnectingAddress, Hop, Identities
from deliverability.message._received import boundary, moment, parse_hops

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
"""Messages larger than this are refused (:class:`~deliverability.errors.MessageTooLarge`)."""
MAX_RECEIVED = 100
"""Received headers read, the newest first: the receiver's end of the path is what matters."""
MAX_VALUE_CHARS = 2000
"""A header value is cut to this length before it enters the facts."""
MAX_ADDRESSES = 20
"""Addresses of a From header kept."""

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CLIENT_IP = re.compile(r"client-ip=([0-9A-Fa-f:.]+)", re.I)


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the receiving server itself knows about the delivery (the test inbox knows it;
    a pasted message does not): each value given here is used instead of being read from
    the headers."""

    client_ip: str | None = None
    """The address that connected."""
    helo: str | None = None
    """The HELO/EHLO name it gave."""
    mail_from: str | None = None
    """The MAIL FROM address (empty for a bounce)."""
    tls: bool | None = None
    """Whether the session was encrypted."""


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """A message read: the parsed object for the verifiers, and the facts read from its headers."""

    raw: bytes
    """The message with CRLF line ends, as DKIM canonicalisation expects."""
    message: EmailMessage
    headers: tuple[tuple[str, str], ...]
    """Every header field (name lower-case, value unfolded and bounded), top first."""
    headers_only: bool
    received_total: int
    hops: list[Hop]
    boundary: int | None
    boundary_position: int | None
    """Position in :attr:`headers` of the boundary hop's Received header: the receiver's own
    headers are above it."""
    identities: Identities


def read(raw: bytes | str) -> ParsedMessage:
    """Read a whole message or a header block; raise :class:`MessageTooLarge` over 25 MB."""
    data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else bytes(raw)
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageTooLarge(size=len(data), limit=MAX_MESSAGE_BYTES)
    data = data.lstrip(b"\r\n")
    headers_only = _HEADER_END.search(data) is None
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # bytes.replace: fast on 25 MB
    if headers_only:
        data = data.rstrip(b"\r\n") + b"\r\n\r\n"
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    headers = tuple((name.lower()[:100], clean(value)) for name, value in message.raw_items())
    received_at = [position for position, (name, _) in enumerate(headers) if name == "received"]
    kept = received_at[:MAX_RECEIVED]
    date = moment(first(headers, "date") or "")
    hops = parse_hops([headers[position][1] for position in kept], date)
    edge = boundary(hops)
    if edge is not None:
        hops = [hop.model_copy(update={"internal": hop.index > edge}) for hop in hops]
    # hops are numbered oldest first; the kept headers are listed newest first
    edge_position = kept[len(kept) - edge] if edge is not None else None
    return ParsedMessage(
        raw=data,
        message=message,
        headers=headers,
        headers_only=headers_only,
        received_total=len(received_at),
        hops=hops,
        boundary=edge,
        boundary_position=edge_position,
        identities=_identities(headers, date),
    )


def connecting_address(
    parsed: ParsedMessage,
    envelope: Envelope | None,
    option: str | None,
    platform_ips: Sequence[str],
) -> ConnectingAddress:
    """The address that handed the message to the receiver, and where that came from: the
    receiver's own knowledge, its boundary Received header, its Received-SPF client-ip=,
    the caller's ``option``, else the platform's first sending address (a guess, said so)."""
    hop = next((h for h in parsed.hops if h.index == parsed.boundary), None)
    helo = envelope.helo if envelope and envelope.helo else (hop.helo if hop else None)
    if envelope is not None and envelope.client_ip:
        return ConnectingAddress.model_construct(
            ip=envelope.client_ip, helo=helo, source="receiver", tls=envelope.tls
        )
    if hop is not None and hop.from_ip:
        return ConnectingAddress.model_construct(
            ip=hop.from_ip, helo=helo, source="boundary", hop=hop.index, tls=hop.tls
        )
    for value in receiver_headers(parsed, "received-spf"):
        match = _CLIENT_IP.search(value)
        if match and is_ip_address(match.group(1)):
            return ConnectingAddress.model_construct(
                ip=match.group(1), helo=helo, source="received-spf"
            )
    if option:
        return ConnectingAddress.model_construct(ip=option, helo=helo, source="option")
    if platform_ips:
        return ConnectingAddress.model_construct(ip=platform_ips[0], helo=helo, source="platform")
    return ConnectingAddress.model_construct(helo=helo)


def receiver_headers(parsed: ParsedMessage, name: str) -> list[str]:
    """Values of ``name`` the receiving organisation wrote: those above its boundary hop's
    Received header (written after it took the message). None without a boundary."""
    if parsed.boundary_position is None:
        return []
    return [value for key, value in parsed.headers[: parsed.boundary_position] if key == name]


def first(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    return next((value for key, value in headers if key == name), None)


def clean(value: str) -> str:
    """A header value as valid, unfolded, bounded text (undecodable bytes replaced)."""
    text = (
        value[: MAX_VALUE_CHARS * 2].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    )
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _identities(headers: Sequence[tuple[str, str]], date: datetime | None) -> Identities:
    from_values = [value for key, value in headers if key == "from"]
    addresses = [
        address.lower() if "@" in address else address
        for _, address in getaddresses(from_values)
        if address
    ][:MAX_ADDRESSES]
    domain = addresses[0].rpartition("@")[2].strip(".").lower() if addresses else None
    return_path = first(headers, "return-path")
    return Identities.model_construct(
        from_addresses=addresses,
        from_domain=domain or None,
        from_header=from_values[0] if from_values else None,
        return_path=_angle(return_path) if return_path is not None else None,
        reply_to=first(headers, "reply-to"),
        message_id=first(headers, "message-id"),
        date=first(headers, "date"),
        date_parsed=date,
        subject=first(headers, "subject"),
        list_id=first(headers, "list-id"),
        list_unsubscribe=first(headers, "list-unsubscribe"),
        list_unsubscribe_post=first(headers, "list-unsubscribe-post"),
        precedence=first(headers, "precedence"),
    )


def _angle(value: str) -> str:
    """``<bounce@example.com>`` → ``bounce@example.com``; ``<>`` (a bounce) → empty."""
    value = value.strip()
    if value.startswith("<") and ">" in value:
        value = value[1 : value.index(">")]
    return value.strip()
