"""A message's path and headers: where it waited, who it says it is from, and the headers
Gmail, Yahoo (2024) and Outlook.com (2025) require of bulk senders. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.advice.platform import Platform
from deliverability.checks.auth import SOURCES
from deliverability.codes import finding
from deliverability.codes import message as message_codes
from deliverability.facts import Facts
from deliverability.facts.message import Hop, MessageFacts
from deliverability.report import Finding

DELAY_WARNING = 10 * 60
"""Seconds a hop may hold a message before it is worth a warning."""
DATE_AHEAD = 15 * 60
"""Seconds the Date header may be after the first Received timestamp (clocks drift)."""
DATE_BEHIND = 3 * 60 * 60
"""Seconds the Date header may be before it (a message written, then sent later)."""
_ONE_CLICK = "list-unsubscribe=one-click"


def check(facts: Facts, platform: Platform | None) -> list[Finding]:
    message = facts.message
    if message is None:
        return []
    return list(_findings(message))


def bulk_reasons(message: MessageFacts) -> list[str]:
    """What makes the message bulk mail, by the header that says so (empty: not bulk)."""
    identities = message.identities
    reasons = []
    if message.bulk_requested:
        reasons.append("--bulk")
    if identities.list_id:
        reasons.append("List-Id")
    if identities.precedence and identities.precedence.strip().lower() in ("bulk", "list", "junk"):
        reasons.append(f"Precedence: {identities.precedence.strip()[:20]}")
    if identities.list_unsubscribe:
        reasons.append("List-Unsubscribe")
    return reasons


def _findings(message: MessageFacts) -> Iterator[Finding]:
    identities = message.identities
    if message.connecting.ip:
        yield finding(
            message_codes.PATH,
            {
                "hops": len(message.hops),
                "ip": message.connecting.ip,
                "source": SOURCES[message.connecting.source],
            },
            evidence=[hop.header for hop in message.hops[-5:]],
        )
    yield from _delays(message.hops)
    if not identities.from_addresses:
        yield finding(message_codes.FROM_MISSING, evidence=[identities.from_header or "From: -"])
    elif len(identities.from_addresses) > 1:
        yield finding(
            message_codes.FROM_MULTIPLE,
            {"count": len(identities.from_addresses), "addresses": identities.from_addresses},
        )
    if not identities.message_id:
        yield finding(
            message_codes.MESSAGE_ID_MISSING,
            {"from_domain": identities.from_domain or "example.com"},
        )
    if not identities.date:
        yield finding(message_codes.DATE_MISSING)
    else:
        yield from _skew(message)
    yield from _bulk(message)


def _delays(hops: list[Hop]) -> Iterator[Finding]:
    """Hops that held the message; the first hop's delay counts from the Date header, which
    :func:`_skew` judges with its own (wider) limits."""
    for previous, hop in zip(hops, hops[1:], strict=False):
        if hop.delay_seconds is None or hop.delay_seconds <= DELAY_WARNING:
            continue
        yield finding(
            message_codes.DELAYED,
            {
                "hop": hop.index,
                "minutes": round(hop.delay_seconds / 60),
                "by": hop.by or "-",
                "source": previous.by or "-",
            },
            evidence=[hop.header],
        )


def _skew(message: MessageFacts) -> Iterator[Finding]:
    date = message.identities.date_parsed
    first = next((hop.timestamp for hop in message.hops if hop.timestamp is not None), None)
    if date is None or first is None:
        return
    ahead = (date - first).total_seconds()
    if ahead > DATE_AHEAD or -ahead > DATE_BEHIND:
        yield finding(
            message_codes.DATE_SKEW,
            {
                "minutes": round(abs(ahead) / 60),
                "date": date.isoformat(),
                "received": first.isoformat(),
            },
            evidence=[f"Date: {message.identities.date}", message.hops[0].header],
        )


def _bulk(message: MessageFacts) -> Iterator[Finding]:
    reasons = bulk_reasons(message)
    if not reasons:
        return
    identities = message.identities
    yield finding(message_codes.BULK, {"reasons": reasons})
    if not identities.list_unsubscribe:
        yield finding(message_codes.LIST_UNSUBSCRIBE_MISSING)
        return
    evidence = [f"List-Unsubscribe: {identities.list_unsubscribe}"]
    post = (identities.list_unsubscribe_post or "").replace(" ", "").lower()
    if post != _ONE_CLICK or "<https://" not in identities.list_unsubscribe.lower():
        evidence.append(f"List-Unsubscribe-Post: {identities.list_unsubscribe_post or '-'}")
        yield finding(message_codes.ONE_CLICK_MISSING, evidence=evidence)
    signed = any(
        signature.result == "pass" and "list-unsubscribe" in signature.signed_headers
        for signature in message.signatures
    )
    if not signed:
        yield finding(message_codes.LIST_UNSUBSCRIBE_UNSIGNED, evidence=evidence)
