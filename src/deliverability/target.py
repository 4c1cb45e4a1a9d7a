"""What to diagnose: ``"x@example.fr"`` or ``"example.fr"``, normalised, or a clear error.

People paste what they have: ``mailto:x@example.fr``, ``<x@example.fr>``,
``Name <x@example.fr>``, ``"Name" <x@example.fr>``, a web address
(``https://www.example.fr/contact``: its host is taken, and the report says so), with spaces
around or a trailing dot. All of these are unwrapped to the address or domain they name.
Domains are converted to A-labels (IDNA 2008 through the ``idna`` codec of dnspython),
lower-cased, and stripped of a trailing dot. Anything that cannot be a mail domain (an IP
literal, spaces, two @, a quoted local part, an over-long label or name) raises
:class:`TargetError` with one line saying what is wrong and what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import dns.exception
import dns.name

from deliverability.addresses import is_ip_address
from deliverability.errors import InputError
from deliverability.facts.phrase import Phrase, PhraseValue
from deliverability.i18n import N_

MAX_NAME = 253
MAX_LABEL = 63
MAX_LOCAL_PART = 64
MAX_TEXT = 1024
"""Characters of a target read at most: an address is at most 64 + 1 + 253 octets, so anything
longer is refused before it is looked at (a 10 MB string costs nothing)."""
MAX_SHOWN = 80
"""Longer input is cut in messages: the line stays readable whatever was pasted."""

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_DISPLAY_NAME = re.compile(r'^(?:"(?:[^"\\]|\\.)*"|[^"<>]*)$')
"""Before ``<address>``: a plain name, or one quoted string (quotes escaped inside)."""


class TargetError(InputError):
    """The target is not a domain or an e-mail address.

    ``reason`` is a message template (marked N_) filled from ``params``; :meth:`message`
    renders the whole line in either language, ``str()`` in English.
    """

    def __init__(self, text: str, reason: str, **params: PhraseValue) -> None:
        self.text = text
        self.params = params
        self.reason_phrase = Phrase.model_construct(template=reason, values=params)
        """Why, in either language."""
        self.reason = self.reason_phrase.render("en")
        """Why, in English."""
        shown = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "…"
        super().__init__(
            N_("{text} is not a domain or an e-mail address: {reason}"),
            {"text": repr(shown), "reason": self.reason_phrase},
        )

    def reason_in(self, lang: str) -> str:
        return self.reason_phrase.render(lang)


@dataclass(frozen=True, slots=True)
class Target:
    """A normalised target."""

    domain: str
    """The mail domain, in A-labels, lower-case, without the trailing dot."""
    local_part: str | None = None
    """The part before the @, when an address was given (case kept: it may matter)."""
    url: str | None = None
    """The web address the domain was taken from, when one was typed (the report says so)."""

    @property
    def address(self) -> str | None:
        return None if self.local_part is None else f"{self.local_part}@{self.domain}"

    def __str__(self) -> str:
        return self.address or self.domain


def parse_target(text: str) -> Target:
    """Parse a domain or an address; raise :class:`TargetError` when it is neither."""
    if not isinstance(text, str):
        raise TargetError(repr(text), N_("expected text"))
    if len(text) > MAX_TEXT:
        raise TargetError(
            text[:MAX_TEXT],
            N_("it is {length} characters long; no domain or address is longer than {limit}"),
            length=len(text),
            limit=MAX_TEXT,
        )
    raw = text.strip()
    if not raw:
        raise TargetError(text, N_("it is empty"))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        raise TargetError(text, N_("it contains a control character"))
    if _URL.match(raw):
        host = _url_host(raw, text)
        return Target(domain=normalise_domain(host, original=text), url=raw[:200])
    raw = _unwrapped(raw, text)
    if '"' in raw or "\\" in raw:
        raise TargetError(
            text,
            N_(
                "quoted addresses are not supported; type the address without quotes "
                "(name@example.fr)"
            ),
        )
    if any(ch.isspace() for ch in raw):
        raise TargetError(text, N_("it contains a space"))
    local_part = None
    if "@" in raw:
        local_part, _, raw = raw.rpartition("@")
        _check_local_part(local_part, text)
        if raw.startswith("[") or is_ip_address(raw):
            raise TargetError(
                text, N_("the part after the @ is an IP address literal, not a domain")
            )
    return Target(domain=normalise_domain(raw, original=text), local_part=local_part)


def _url_host(raw: str, text: str) -> str:
    """The host of a web address (the customer's site is usually on the mail domain)."""
    try:
        host = urlsplit(raw).hostname
    except ValueError:
        host = None
    if not host:
        raise TargetError(
            text, N_("it is a web address without a host name; type the domain alone (example.fr)")
        )
    return host


def _unwrapped(raw: str, text: str) -> str:
    """The address inside ``Name <…>``, ``<…>`` or ``mailto:…``, as a mail program shows it."""
    if raw.endswith(">") and "<" in raw:
        name, _, inside = raw[:-1].rpartition("<")
        if not _DISPLAY_NAME.match(name.strip()):
            raise TargetError(
                text,
                N_(
                    "the name before <…> has stray quotes or brackets; type the address alone "
                    "(name@example.fr)"
                ),
            )
        raw = inside.strip()
    if _MAILTO.match(raw):
        raw = unquote(raw[len("mailto:") :].partition("?")[0]).strip()
        if "," in raw:
            raise TargetError(text, N_("it names several addresses; type one (name@example.fr)"))
    if any(ch in raw for ch in "<>"):
        raise TargetError(
            text, N_("it has a stray < or >; type the address alone (name@example.fr)")
        )
    if not raw:
        raise TargetError(text, N_("it is empty"))
    return raw


def _check_local_part(local_part: str, text: str) -> None:
    if "@" in local_part:
        raise TargetError(
            text,
            N_("it has {count} @ signs; an address has one (name@example.fr)"),
            count=local_part.count("@") + 1,
        )
    if not local_part:
        raise TargetError(
            text,
            N_(
                "nothing before the @; type the whole address (name@example.fr) or the domain "
                "alone (example.fr)"
            ),
        )
    if local_part.startswith(".") or local_part.endswith(".") or ".." in local_part:
        raise TargetError(
            text,
            N_(
                "the part before the @ starts or ends with a dot, or has two in a row; "
                "type the address as the customer gave it (name@example.fr)"
            ),
        )
    if len(local_part.encode("utf-8")) > MAX_LOCAL_PART:
        extra = len(local_part.encode("utf-8")) - MAX_LOCAL_PART
        raise TargetError(
            text,
            N_("the part before the @ is {extra} octets too long (limit {limit})"),
            extra=extra,
            limit=MAX_LOCAL_PART,
        )


def is_host_name(name: str) -> bool:
    """``name`` (A-labels, as DNS presents it) can be connected to by name and put in TLS's SNI:
    letters, digits, hyphens and underscores, labels of 1 to 63 characters, 253 in all."""
    labels = name.rstrip(".").split(".")
    return len(name.rstrip(".")) <= MAX_NAME and all(
        0 < len(label) <= MAX_LABEL
        and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in label)
        for label in labels
    )


def normalise_domain(name: str, *, original: str | None = None) -> str:
    """A mail domain in A-labels, lower case, no trailing dot; raise :class:`TargetError` otherwise."""
    bare = name[:-1] if name.endswith(".") and not name.endswith("..") else name
    if bare and "." not in bare and not (is_ip_address(bare) or bare.startswith("[")):
        raise TargetError(
            original or name, N_("a mail domain needs at least two labels (example.fr)")
        )
    return normalise_host(name, original=original)


def normalise_host(name: str, *, original: str | None = None) -> str:
    """A server's name in A-labels, lower case, no trailing dot; raise :class:`TargetError` otherwise.

    Unlike a mail domain, a server may have a single-label name (``localhost``, ``mailhub``
    on an internal network)."""
    original = name if original is None else original
    name = name.rstrip(".") if name.endswith(".") and not name.endswith("..") else name
    if not name:
        raise TargetError(original, N_("the domain is empty"))
    if is_ip_address(name) or name.startswith("["):
        raise TargetError(original, N_("it is an IP address, not a domain"))
    for label in name.split("."):
        if not label:
            raise TargetError(
                original, N_("it has an empty label (two dots in a row, or a leading dot)")
            )
    try:
        ascii_name = dns.name.from_unicode(name.lower()).to_text(omit_final_dot=True)
    except dns.name.LabelTooLong:
        long_label = max(name.split("."), key=len)
        raise TargetError(
            original,
            N_("the label {label}… is longer than {limit} octets"),
            label=repr(long_label[:20]),
            limit=MAX_LABEL,
        ) from None
    except dns.name.NameTooLong:
        raise TargetError(
            original, N_("the name is longer than {limit} octets"), limit=MAX_NAME
        ) from None
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise TargetError(
            original, N_("it is not a valid international domain name ({error})"), error=str(exc)
        ) from None
    if len(ascii_name) > MAX_NAME:
        raise TargetError(
            original,
            N_("the name is {extra} octets longer than {limit}"),
            extra=len(ascii_name) - MAX_NAME,
            limit=MAX_NAME,
        )
    for label in ascii_name.split("."):
        if label.startswith("-") or label.endswith("-"):
            raise TargetError(
                original, N_("the label {label} starts or ends with a hyphen"), label=repr(label)
            )
        if not all(ch.isalnum() or ch in "-_" for ch in label):
            raise TargetError(
                original,
                N_("the label {label} has a character not allowed in a host name"),
                label=repr(label),
            )
    return ascii_name.lower()
