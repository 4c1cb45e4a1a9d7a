"""What to diagnose: ``"x@example.fr"`` or ``"example.fr"``, normalised, or a clear error.

Domains are converted to A-labels (IDNA 2008 through the ``idna`` codec of dnspython),
lower-cased, and stripped of a trailing dot. Anything that cannot be a mail domain (an IP
literal, spaces, an over-long label or name) raises :class:`TargetError` with one line
saying what is wrong, where, and the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

import dns.exception
import dns.name

from deliverability.addresses import is_ip_address
from deliverability.errors import InputError
from deliverability.i18n import N_, translator

MAX_NAME = 253
MAX_LABEL = 63
MAX_LOCAL_PART = 64
MAX_TEXT = 1024
"""Characters of a target read at most: an address is at most 64 + 1 + 253 octets, so anything
longer is refused before it is looked at (a 10 MB string costs nothing)."""


class TargetError(InputError):
    """The target is not a domain or an e-mail address.

    ``reason`` is a message template (marked N_) filled from ``params``; :meth:`message`
    renders the whole line in either language, ``str()`` in English.
    """

    def __init__(self, text: str, reason: str, **params: object) -> None:
        self.text = text
        self.params = params
        self.reason = reason.format_map(params)
        """Why, in English."""
        self.reason_template = reason
        shown = text if len(text) <= 80 else text[:77] + "…"
        super().__init__(
            N_("{text} is not a domain or an e-mail address: {reason}"),
            {"text": repr(shown), "reason": self.reason},
        )

    def message(self, lang: str) -> str:
        """One line: what was typed and why it is not a target, in ``lang``."""
        return translator(lang)(self.template).format_map(
            {**self.values, "reason": self.reason_in(lang)}
        )

    def reason_in(self, lang: str) -> str:
        return translator(lang)(self.reason_template).format_map(self.params)


@dataclass(frozen=True, slots=True)
class Target:
    """A normalised target."""

    domain: str
    """The mail domain, in A-labels, lower-case, without the trailing dot."""
    local_part: str | None = None
    """The part before the @, when an address was given (case kept: it may matter)."""

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
    if any(ch.isspace() for ch in raw):
        raise TargetError(text, N_("it contains a space"))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        raise TargetError(text, N_("it contains a control character"))
    local_part = None
    if "@" in raw:
        local_part, _, raw = raw.rpartition("@")
        if raw.startswith("[") or is_ip_address(raw):
            raise TargetError(
                text, N_("the part after the @ is an IP address literal, not a domain")
            )
        if not local_part:
            raise TargetError(text, N_("nothing before the @"))
        if len(local_part.encode("utf-8")) > MAX_LOCAL_PART:
            extra = len(local_part.encode("utf-8")) - MAX_LOCAL_PART
            raise TargetError(
                text,
                N_("the part before the @ is {extra} octets too long (limit {limit})"),
                extra=extra,
                limit=MAX_LOCAL_PART,
            )
    return Target(domain=normalise_domain(raw, original=text), local_part=local_part)


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
            original, N_("it is not a valid international domain name ({error})"), error=exc
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
