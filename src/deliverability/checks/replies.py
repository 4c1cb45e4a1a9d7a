"""The table of known SMTP replies (``replies.toml``) and the reading of a reply or a pasted bounce.

A rule, not a probe: the SMTP sessions record what a server said, and this module says
what it means. The same reading serves the SMTP findings (the reply that refused a
login or a message) and ``deliverability explain`` (a bounce pasted by a support agent):
the text is normalised (continuation lines joined, the repeated ``550-5.7.26`` prefixes
dropped, spaces collapsed), then the table's patterns are tried in order and the first
that matches gives the finding. No I/O beyond reading the packaged table once.
"""

import functools
import re
import tomllib
from collections.abc import Sequence
from importlib import resources

from pydantic import Field, ValidationError, model_validator

from deliverability._model import Model
from deliverability.codes import REGISTRY, finding, render
from deliverability.codes import smtp as smtp_codes
from deliverability.facts.smtp import ReplyReading
from deliverability.providers.model import Source
from deliverability.report import Check, Finding, Severity

MAX_TEXT = 20_000
"""Characters of a pasted bounce that are read (the rest is ignored)."""

_CONTINUATION = re.compile(r"^\s*([245]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\s+)?")
_STATUS = re.compile(r"(?<![\w.\[\]/:-])([245]\d\d)(?:[ -]([245]\.\d{1,3}\.\d{1,3}))?(?![\w.\]])")
_ENHANCED = re.compile(r"(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w.])")


READINGS = frozenset(
    {
        "smtp.app_password_required",
        "smtp.auth_failed",
        "smtp.auth_throttled",
        "smtp.oauth_required",
        "smtp.sending_limit",
        "smtp.starttls_required",
        "bounce.bad_address",
        "bounce.blocked",
        "bounce.blocklisted",
        "bounce.bulk_requirements",
        "bounce.dkim_fail",
        "bounce.dmarc_missing",
        "bounce.dmarc_reject",
        "bounce.dynamic_ip",
        "bounce.format",
        "bounce.helo",
        "bounce.mailbox_full",
        "bounce.no_tls",
        "bounce.not_aligned",
        "bounce.policy",
        "bounce.ptr",
        "bounce.rate_limited",
        "bounce.reputation",
        "bounce.sender_dns",
        "bounce.spf_fail",
        "bounce.unauthenticated",
    }
)
"""The finding codes a known reply may lead to: their messages take only ``{provider}`` and
``{reply}``, the two values a reply gives (a test holds the registry to that)."""


class TableError(ValueError):
    """The packaged reply table is invalid (a bug caught by the tests, never at a user's)."""


class Entry(Model):
    """One known reply."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")
    """Stable id, recorded in facts."""
    provider: str = Field(min_length=1, max_length=60)
    """Who sends the reply (``Gmail`` …), or the standard for generic readings (``RFC 3463``)."""
    pattern: str = Field(min_length=1, max_length=300)
    """Regular expression searched (case-insensitive) in the normalised reply."""
    finding: str
    """The finding code the reply leads to."""
    meaning: str = Field(min_length=1, max_length=400)
    """What the reply means, as the source says it (English; the user sees the finding's text)."""
    temporary: bool = False
    """Treat as a 4xx when the text carries no reply code."""
    sources: list[str] = Field(min_length=1, max_length=5)
    """Tags of the table's ``[sources]``."""


class Table(Model):
    """The whole file."""

    replies: list[Entry] = Field(min_length=1)
    sources: dict[str, Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Table":
        ids = [entry.id for entry in self.replies]
        if duplicated := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"entry ids used twice: {', '.join(duplicated)}")
        for entry in self.replies:
            if entry.finding not in READINGS:
                raise ValueError(
                    f"entry {entry.id}: {entry.finding!r} is not a code a reply can lead to"
                )
            try:
                re.compile(entry.pattern)
            except re.error as exc:
                raise ValueError(f"entry {entry.id}: bad pattern ({exc})") from None
        cited = {tag for entry in self.replies for tag in entry.sources}
        if unknown := sorted(cited - self.sources.keys()):
            raise ValueError(f"entries cite undeclared sources: {', '.join(unknown)}")
        if unused := sorted(self.sources.keys() - cited):
            raise ValueError(f"sources cited by no entry: {', '.join(unused)}")
        return self

    def cite(self, entry: Entry) -> list[str]:
        return [
            f"{self.sources[tag].title} ({self.sources[tag].url}, {self.sources[tag].date})"
            for tag in entry.sources
        ]


@functools.cache
def table() -> Table:
    """The packaged table, validated (cached)."""
    text = (
        resources.files("deliverability.checks")
        .joinpath("replies.toml")
        .read_text(encoding="utf-8")
    )
    try:
        return Table.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TableError(f"replies.toml: {exc}") from exc


@functools.cache
def _compiled() -> tuple[tuple[Entry, re.Pattern[str]], ...]:
    return tuple((entry, re.compile(entry.pattern, re.IGNORECASE)) for entry in table().replies)


def normalise(text: str) -> str:
    """One line: continuation prefixes of a multi-line reply dropped, spaces collapsed, bounded."""
    lines = []
    current: tuple[str, str | None] | None = None
    for line in text[:MAX_TEXT].splitlines():
        match = _CONTINUATION.match(line)
        if match and (match.group(1), match.group(2)) == current:
            line = line[match.end() :]
        elif match:
            current = (match.group(1), match.group(2))
            line = " ".join(
                part for part in (match.group(1), match.group(2), line[match.end() :]) if part
            )
        lines.append(line)
    return " ".join(" ".join(lines).split())


def status(text: str) -> str:
    """The first reply code in normalised ``text`` (``550 5.7.26``, ``421`` or ``5.1.1``), or ""."""
    match = _STATUS.search(text)
    if match:
        return " ".join(part for part in match.groups() if part)
    enhanced = _ENHANCED.search(text)
    return enhanced.group(1) if enhanced else ""


def read_reply(text: str) -> ReplyReading | None:
    """What the table says a reply means, or None when no entry matches."""
    normalised = normalise(text)
    for entry, pattern in _compiled():
        match = pattern.search(normalised)
        if match is None:
            continue
        seen = status(normalised)
        token = match.group(0)[:80]
        # A provider's own code (OFR004_519, [TSS04], RP-001) says more than the reply code alone.
        own = (
            token
            if not any(ch.isspace() for ch in token) and token.lower() not in seen.lower()
            else ""
        )
        return ReplyReading.model_construct(
            entry=entry.id,
            finding=entry.finding,
            provider=entry.provider,
            status=" ".join(part for part in (seen, own) if part) or token,
            temporary=seen.startswith("4") if seen else entry.temporary,
            references=table().cite(entry),
        )
    return None


def reading_finding(
    reading: ReplyReading, *, evidence: Sequence[str], check: Check | None = None
) -> Finding:
    """The finding the reply table gives for a reply; a 4xx (temporary) is at most a warning."""
    code = REGISTRY[reading.finding]  # the reply table's codes are checked when it loads
    severity = Severity.WARNING if reading.temporary and code.severity > Severity.WARNING else None
    item = finding(
        code,
        {"provider": reading.provider, "reply": reading.status},
        evidence=evidence,
        severity=severity,
        check=check,
    )
    return item.model_copy(update={"references": [*item.references, *reading.references]})


def explain(text: str, *, lang: str = "en") -> list[Finding]:
    """Findings for a pasted reply or bounce message, in ``lang``.

    One finding: the table's reading of the reply; ``bounce.unknown`` when the reply code
    is not in the table; ``bounce.no_reply`` when the text holds no reply code at all.
    """
    normalised = normalise(text)
    evidence = [normalised] if normalised else []
    reading = read_reply(text)
    if reading is not None:
        found = reading_finding(reading, evidence=evidence)
    elif seen := status(normalised):
        found = finding(
            smtp_codes.BOUNCE_UNKNOWN,
            {"reply": seen},
            evidence=evidence,
            severity=Severity.WARNING if seen.startswith(("4", "5")) else None,
        )
    else:
        found = finding(smtp_codes.BOUNCE_NO_REPLY, evidence=evidence)
    return [localized(found, lang)]


def localized(item: Finding, lang: str) -> Finding:
    """``item`` with its text rendered in ``lang``."""
    if lang == "en":
        return item
    title, detail, fix = render(REGISTRY[item.code], item.params, lang)
    return item.model_copy(update={"title": title, "detail": detail, "fix": fix})
