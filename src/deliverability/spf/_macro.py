"""Macro expansion (RFC 7208 §7): the values of a check, and a parsed macro-string expanded with them."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from typing import NamedTuple

from deliverability.spf._record import Macro, MacroString

MAX_NAME = 253
MAX_EXPLANATION = 1000
"""Characters kept of an expanded explanation: it comes from DNS and ends up in reports."""

_IP_LETTERS = frozenset("ipvc")


class MacroNeedsClient(Exception):
    """The macro-string uses the client IP (i, p, v, c) and the evaluation has none (a walk)."""


class MacroValues(NamedTuple):
    """What the macro letters stand for in one check_host() call."""

    sender: str
    """<sender>: the envelope sender, with ``postmaster`` as local-part when it had none."""
    domain: str
    """<domain>: the domain whose record is being evaluated."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None
    """<ip>: the client address (None while walking the include tree without one)."""
    helo: str = ""
    """The HELO/EHLO name."""
    validated_name: str | None = None
    """The %{p} value, found by the evaluator before expansion (None = "unknown")."""
    receiver: str = "unknown"
    """%{r}: the host doing the check (RFC 7208 §7.3 allows "unknown")."""
    timestamp: int = 0
    """%{t}: seconds since the epoch."""

    @property
    def local_part(self) -> str:
        return self.sender.rpartition("@")[0]

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]

    def letter(self, letter: str) -> str:
        if letter in _IP_LETTERS and self.ip is None:
            raise MacroNeedsClient(letter)
        if letter == "i":
            return _dotted(self.ip)  # type: ignore[arg-type]
        if letter == "c":
            return str(self.ip)
        if letter == "v":
            return "in-addr" if self.ip.version == 4 else "ip6"  # type: ignore[union-attr]
        if letter == "p":
            return self.validated_name or "unknown"
        return {
            "s": self.sender,
            "l": self.local_part,
            "o": self.sender_domain,
            "d": self.domain,
            "h": self.helo,
            "r": self.receiver,
            "t": str(self.timestamp),
        }[letter]


def expand(string: MacroString, values: MacroValues) -> str:
    """The macro-string with every macro replaced (for explanations and unknown modifiers)."""
    out = []
    for part in string.parts:
        out.append(part if isinstance(part, str) else _expand_macro(part, values))
    return "".join(out)


def expand_domain(string: MacroString, values: MacroValues) -> str:
    """A domain-spec expanded into a name to query: trailing dot dropped, left labels cut
    until it fits in 253 characters (RFC 7208 §7.3)."""
    name = expand(string, values)
    if name.endswith("."):
        name = name[:-1]
    while len(name) > MAX_NAME and "." in name:
        name = name.partition(".")[2]
    return name


def expand_explanation(string: MacroString, values: MacroValues) -> str:
    text = expand(string, values)
    return text if len(text) <= MAX_EXPLANATION else text[:MAX_EXPLANATION] + "…"


def _expand_macro(macro: Macro, values: MacroValues) -> str:
    value = values.letter(macro.letter)
    if macro.digits is not None or macro.reverse or macro.delimiters:
        parts = re.split("[" + re.escape(macro.delimiters or ".") + "]", value)
        if macro.reverse:
            parts.reverse()
        if macro.digits is not None:
            parts = parts[-macro.digits :]
        value = ".".join(parts)
    if macro.escape:
        value = urllib.parse.quote(value, safe="")
    return value


def _dotted(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """%{i}: dotted quad for IPv4, dot-separated nibbles for IPv6 (RFC 7208 §7.3)."""
    if ip.version == 4:
        return str(ip)
    return ".".join(ip.exploded.replace(":", ""))
