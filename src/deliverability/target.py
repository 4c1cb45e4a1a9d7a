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

MAX_NAME = 253
MAX_LABEL = 63
MAX_LOCAL_PART = 64


class TargetError(ValueError):
    """The target is not a domain or an e-mail address."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        shown = text if len(text) <= 80 else text[:77] + "…"
        super().__init__(f"{shown!r} is not a domain or an e-mail address: {reason}")


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
        raise TargetError(repr(text), "expected text")
    raw = text.strip()
    if not raw:
        raise TargetError(text, "it is empty")
    if any(ch.isspace() for ch in raw):
        raise TargetError(text, "it contains a space")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        raise TargetError(text, "it contains a control character")
    local_part = None
    if "@" in raw:
        local_part, _, raw = raw.rpartition("@")
        if raw.startswith("[") or is_ip_address(raw):
            raise TargetError(text, "the part after the @ is an IP address literal, not a domain")
        if not local_part:
            raise TargetError(text, "nothing before the @")
        if len(local_part.encode("utf-8")) > MAX_LOCAL_PART:
            extra = len(local_part.encode("utf-8")) - MAX_LOCAL_PART
            raise TargetError(
                text, f"the part before the @ is {extra} octets too long (limit {MAX_LOCAL_PART})"
            )
    return Target(domain=normalise_domain(raw, original=text), local_part=local_part)


def normalise_domain(name: str, *, original: str | None = None) -> str:
    """A-labels, lower case, no trailing dot; raise :class:`TargetError` otherwise."""
    original = name if original is None else original
    name = name.rstrip(".") if name.endswith(".") and not name.endswith("..") else name
    if not name:
        raise TargetError(original, "the domain is empty")
    if is_ip_address(name) or name.startswith("["):
        raise TargetError(original, "it is an IP address, not a domain")
    if "." not in name:
        raise TargetError(original, "a mail domain needs at least two labels (example.fr)")
    for label in name.split("."):
        if not label:
            raise TargetError(
                original, "it has an empty label (two dots in a row, or a leading dot)"
            )
    try:
        ascii_name = dns.name.from_unicode(name.lower()).to_text(omit_final_dot=True)
    except dns.name.LabelTooLong:
        long_label = max(name.split("."), key=len)
        raise TargetError(
            original, f"the label {long_label[:20]!r}… is longer than {MAX_LABEL} octets"
        ) from None
    except dns.name.NameTooLong:
        raise TargetError(original, f"the name is longer than {MAX_NAME} octets") from None
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise TargetError(
            original, f"it is not a valid international domain name ({exc})"
        ) from None
    if len(ascii_name) > MAX_NAME:
        raise TargetError(
            original, f"the name is {len(ascii_name) - MAX_NAME} octets longer than {MAX_NAME}"
        )
    for label in ascii_name.split("."):
        if label.startswith("-") or label.endswith("-"):
            raise TargetError(original, f"the label {label!r} starts or ends with a hyphen")
        if not all(ch.isalnum() or ch in "-_" for ch in label):
            raise TargetError(
                original, f"the label {label!r} has a character not allowed in a host name"
            )
    return ascii_name.lower()
