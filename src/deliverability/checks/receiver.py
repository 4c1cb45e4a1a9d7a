"""What the receiving organisation said about the message, and where it disagrees with the
re-verification made now. Only the receiver's own headers are in the facts. Pure."""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.advice.platform import Platform
from deliverability.checks.auth import modes, verdict
from deliverability.codes import finding
from deliverability.codes import receiver as receiver_codes
from deliverability.facts import Facts
from deliverability.facts.message import MessageFacts, ReceiverResult
from deliverability.report import Finding

_COMPARED = ("spf", "dkim", "dmarc")


def check(facts: Facts, platform: Platform | None) -> list[Finding]:
    message = facts.message
    if message is None or not message.receiver.receiver:
        return []
    return list(_findings(facts, message))


def _findings(facts: Facts, message: MessageFacts) -> Iterator[Finding]:
    receiver = message.receiver
    name = receiver.receiver or "-"
    spam = [v for v in receiver.verdicts if v.spam]
    if spam:
        yield finding(
            receiver_codes.SPAM,
            {
                "receiver": name,
                "reasons": [
                    f"{v.field}={v.value} ({v.meaning})" if v.meaning else f"{v.field}={v.value}"
                    for v in spam
                ],
            },
            evidence=[f"{v.header}: {v.field}={v.value}" for v in spam],
        )
    results = [r for r in receiver.results if r.header != "arc-authentication-results"]
    if results:
        yield finding(
            receiver_codes.RESULTS,
            {
                "receiver": name,
                "summary": ", ".join(f"{r.method}={r.result}" for r in results[:6]),
                "results": [_describe(r) for r in results[:10]],
                "ignored": receiver.ignored,
            },
            evidence=[_describe(r) for r in receiver.results],
        )
    yield from _disagreements(facts, message, results, name)


def _disagreements(
    facts: Facts, message: MessageFacts, results: list[ReceiverResult], name: str
) -> Iterator[Finding]:
    adkim, aspf = modes(facts)
    now = verdict(message, adkim, aspf)
    ours = {"spf": now.spf, "dkim": now.dkim, "dmarc": now.dmarc if facts.dmarc else None}
    for method in _COMPARED:
        theirs = next((r for r in results if r.method == method), None)
        mine = ours[method]
        if theirs is None or mine in (None, "unknown"):
            continue  # nothing to compare: not said, or not checkable now
        if _passes(theirs.result) != (mine == "pass"):
            yield finding(
                receiver_codes.DISAGREES,
                {"receiver": name, "method": method, "theirs": theirs.result, "ours": mine},
                evidence=[_describe(theirs)],
            )


def _passes(result: str) -> bool:
    return result in ("pass", "bestguesspass")


def _describe(result: ReceiverResult) -> str:
    props = " ".join(f"{key}={value}" for key, value in result.properties.items())
    reason = f" ({result.reason})" if result.reason else ""
    who = f"{result.authserv_id}: " if result.authserv_id else ""
    return f"{who}{result.method}={result.result}{reason} {props}".strip()
