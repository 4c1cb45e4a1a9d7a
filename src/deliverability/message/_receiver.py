"""What the receiving organisation wrote about the message, read only where it is trusted.

A sender can write any header, including a forged ``Authentication-Results: pass``. Only
the receiver's own headers count: those above its boundary Received header (RFC 8601 §5:
results from outside the trust boundary are ignored), plus, for Microsoft, the verdict
headers it writes below the original header block. Authentication-Results are read with
the authres package; their parenthesised comments (Gmail's ``p=REJECT dis=QUARANTINE``),
which authres drops, are kept from the text. Microsoft's anti-spam fields are decoded from
its documentation (``data/microsoft.toml``). Pure; imported only when a message is analysed.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import authres

from deliverability.facts.message import ReceiverFacts, ReceiverResult, ReceiverVerdict
from deliverability.message._parse import ParsedMessage
from deliverability.message._received import receiver_domain

DATA = Path(__file__).parent / "data"
MAX_RESULTS = 50
"""Results kept per message."""
_AUTH_HEADERS = ("authentication-results", "arc-authentication-results")
_SPAM_HEADERS = ("x-spam-flag", "x-spam-status", "x-spam-score")
_ARC_INSTANCE = re.compile(r"^\s*i\s*=\s*\d+\s*;", re.I)
_GLUED_COMMENT = re.compile(r"([\w.-])\(")
_RESINFO = re.compile(r"^\s*[\w.-]+\s*=")
_FIELD = re.compile(r"^([A-Za-z]+):(.*)$")


def receiver_facts(parsed: ParsedMessage) -> ReceiverFacts:
    """The receiver's results and verdicts, from the headers it is trusted for."""
    name = receiver_name(parsed)
    trusted = list(_trusted(parsed, name))
    results: list[ReceiverResult] = []
    for header, value in trusted:
        if header in _AUTH_HEADERS:
            results.extend(authentication_results(header, value))
        elif header == "received-spf":
            results.append(received_spf(value))
    verdicts = [verdict for header, value in trusted for verdict in _verdicts(header, value)]
    verdicts += [verdict for result in results for verdict in _compauth(result)]
    untrusted = sum(1 for header, _ in parsed.headers if header == "authentication-results")
    kept = sum(1 for header, _ in trusted if header == "authentication-results")
    return ReceiverFacts.model_construct(
        receiver=name,
        results=results[:MAX_RESULTS],
        verdicts=verdicts[:MAX_RESULTS],
        ignored=untrusted - kept,
    )


def receiver_name(parsed: ParsedMessage) -> str | None:
    """gmail, microsoft, yahoo, orange, or the receiving organisation's domain (from the
    last host named in a ``by`` clause); None without a boundary."""
    domain = receiver_domain(parsed.hops) if parsed.boundary is not None else None
    if domain is None:
        return None
    for name, entry in _receivers().items():
        if domain in entry.get("domains", ()):
            return name
    return domain


def authentication_results(header: str, value: str) -> list[ReceiverResult]:
    """One Authentication-Results (or ARC-Authentication-Results) header, each method's result
    with its comment. Microsoft writes no authserv-id; such a header is read as if it had one."""
    text = _ARC_INSTANCE.sub("", value) if header == "arc-authentication-results" else value
    parsed = _parse(text)
    if parsed is None:
        return []
    comments = _comments(text)
    results = []
    for position, result in enumerate(parsed.results):
        if not getattr(result, "method", None):
            continue  # "none": no authentication was done
        comment = comments.get((position, result.method.lower()), "")
        reason = " ".join(part for part in (result.reason or "", comment) if part)
        results.append(
            ReceiverResult.model_construct(
                header=header,
                authserv_id=(parsed.authserv_id or "")[:255],
                method=result.method.lower()[:40],
                result=(result.result or "").lower()[:40],
                reason=reason[:300],
                properties={
                    f"{prop.type}.{prop.name}"[:60]: str(prop.value)[:255]
                    for prop in result.properties[:10]
                },
            )
        )
    return results


def received_spf(value: str) -> ReceiverResult:
    """``Received-SPF: pass (comment) client-ip=…; envelope-from=…`` (RFC 7208 §9.1)."""
    result, _, rest = value.strip().partition(" ")
    comment = re.match(r"\s*\(([^()]*)\)", rest)
    pairs = dict(
        (key.lower(), val.strip().strip('"'))
        for key, val in re.findall(r"([\w-]+)=([^;\s]+)", rest[comment.end() if comment else 0 :])
    )
    return ReceiverResult.model_construct(
        header="received-spf",
        method="spf",
        result=result.lower()[:40],
        reason=(comment.group(1) if comment else "")[:300],
        properties={key[:60]: val[:255] for key, val in list(pairs.items())[:10]},
    )


def _trusted(parsed: ParsedMessage, receiver: str | None) -> Iterator[tuple[str, str]]:
    if parsed.boundary_position is None:
        return
    yield from parsed.headers[: parsed.boundary_position]
    patterns = _receivers().get(receiver or "", {}).get("verdict_headers", ())
    if not patterns or not any(
        h.startswith("x-ms-exchange-organization-") for h, _ in parsed.headers
    ):
        return  # Microsoft's rule holds only where Microsoft's own stamps are present
    for header, value in parsed.headers[parsed.boundary_position :]:
        if any(_matches(header, pattern) for pattern in patterns) and _microsoft(header, value):
            yield header, value


def _microsoft(header: str, value: str) -> bool:
    """Below the block, an Authentication-Results counts only in Microsoft's own form (no
    authserv-id, a compauth result); any other was written by someone else."""
    return header != "authentication-results" or "compauth=" in value.lower()


def _matches(header: str, pattern: str) -> bool:
    return header.startswith(pattern[:-1]) if pattern.endswith("*") else header == pattern


def _parse(text: str) -> Any:
    """authres's reading of the header; Microsoft writes no authserv-id and Yahoo no space
    before a comment (``dmarc=pass(p=REJECT)``), and ends with a ``;``, so those forms are retried as RFC 8601 has them."""
    text = text.strip().rstrip(";")  # Yahoo ends with a ";"
    spaced = _GLUED_COMMENT.sub(r"\1 (", text)
    for candidate in (text, spaced, f"unknown; {text}", f"unknown; {spaced}"):
        try:
            return authres.AuthenticationResultsHeader.parse_value(candidate)
        except Exception:  # noqa: BLE001, S112 - authres raises its own SyntaxError and others
            continue
    return None


def _comments(text: str) -> dict[tuple[int, str], str]:
    """The comments of each result, by (position, method): authres parses them away."""
    segments = _split(text)
    if segments and not _RESINFO.match(segments[0]):
        segments = segments[1:]  # the authserv-id (Microsoft writes none)
    found = {}
    for position, segment in enumerate(segments):
        method = segment.strip().split("=", 1)[0].strip().lower()
        comments = re.findall(r"\(([^()]*)\)", segment)
        if comments:
            found[(position, method)] = " ".join(" ".join(c.split()) for c in comments)
    return found


def _split(text: str) -> list[str]:
    """Split on ``;`` outside comments and quoted strings."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in text:
        if char == '"' and depth == 0:
            quoted = not quoted
        elif char == "(" and not quoted:
            depth += 1
        elif char == ")" and not quoted and depth:
            depth -= 1
        elif char == ";" and not quoted and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part for part in parts if part.strip()]


def _verdicts(header: str, value: str) -> list[ReceiverVerdict]:
    if header == "x-forefront-antispam-report":
        return list(_fields(header, value, "SCL", "SFV", "CAT", "IPV", "SFTY", "SRV", "PTR"))
    if header == "x-microsoft-antispam":
        return list(_fields(header, value, "BCL"))
    if header == "x-ms-exchange-organization-scl":
        return [_decoded(header, "SCL", value.strip())]
    if header in _SPAM_HEADERS:
        return [_spam_header(header, value)]
    return []


def _fields(header: str, value: str, *wanted: str) -> Iterator[ReceiverVerdict]:
    for item in value.split(";"):
        match = _FIELD.match(item.strip())
        if match and match.group(1).upper() in wanted and match.group(2).strip():
            yield _decoded(header, match.group(1).upper(), match.group(2).strip())


def _decoded(header: str, field: str, value: str) -> ReceiverVerdict:
    entry = _microsoft_table().get(field, {}).get(value.upper() if field != "SFTY" else value, {})
    return ReceiverVerdict.model_construct(
        header=header,
        field=field,
        value=value[:100],
        meaning=entry.get("meaning", ""),
        spam=entry.get("spam"),
    )


def _compauth(result: ReceiverResult) -> list[ReceiverVerdict]:
    if result.method != "compauth":
        return []
    code = result.reason.split()[0] if result.reason else ""
    table = _microsoft_table()["compauth"]
    entry = table.get(code) or table.get(code[:1]) if code else None
    return [
        ReceiverVerdict.model_construct(
            header=result.header,
            field="compauth",
            value=f"{result.result} reason={code}" if code else result.result,
            meaning=(entry or {}).get("meaning", ""),
            spam=(entry or {}).get("spam"),
        )
    ]


def _spam_header(header: str, value: str) -> ReceiverVerdict:
    """SpamAssassin's X-Spam-Flag: YES and X-Spam-Status: Yes, score=… (rspamd writes the same)."""
    word = value.strip().split(",")[0].split()[0].lower() if value.strip() else ""
    spam = None if header == "x-spam-score" else word in ("yes", "true")
    meaning = {
        "x-spam-flag": "SpamAssassin's verdict (YES: filed as spam)",
        "x-spam-status": "SpamAssassin's verdict and score",
        "x-spam-score": "the spam score (the filter's own scale)",
    }[header]
    return ReceiverVerdict.model_construct(
        header=header, field=header, value=value[:200], meaning=meaning, spam=spam
    )


@functools.cache
def _receivers() -> Mapping[str, Mapping[str, Sequence[str]]]:
    data = tomllib.loads((DATA / "receivers.toml").read_text(encoding="utf-8"))
    data.pop("sources", None)
    return data


@functools.cache
def _microsoft_table() -> Mapping[str, Mapping[str, Mapping[str, Any]]]:
    data = tomllib.loads((DATA / "microsoft.toml").read_text(encoding="utf-8"))
    data.pop("sources", None)
    return data
