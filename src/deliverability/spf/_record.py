"""The SPF record grammar (RFC 7208 §4.5, §4.6, §5, §6, §7.1): text in, terms out, no I/O.

:func:`parse_record` checks the whole record before anything is evaluated (§4.6: a syntax
error anywhere is a permerror) and raises :class:`SpfSyntaxError`, which says which term is
wrong, where it starts and why. Records are hostile text: the parser is linear, allocates
in proportion to its input, and never raises anything else.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from deliverability.errors import DeliverabilityError
from deliverability.facts.phrase import Phrase, PhraseValue
from deliverability.i18n import N_

VERSION = "v=spf1"

MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
DNS_MECHANISMS = frozenset({"include", "a", "mx", "ptr", "exists"})
"""Mechanisms that cost one of the ten DNS lookups (RFC 7208 §4.6.4); so does redirect=."""
QUALIFIERS = "+-?~"

MACRO_LETTERS = frozenset("slodiphv")
EXP_ONLY_LETTERS = frozenset("crt")
"""Letters allowed only in explanation text (RFC 7208 §7.2)."""
DELIMITERS = frozenset(".-+,/_=")

_MODIFIER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_QNUM = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IP4_NETWORK = re.compile(rf"{_QNUM}\.{_QNUM}\.{_QNUM}\.{_QNUM}")
_CIDR = r"(?:0|[1-9][0-9]{0,2})"
_DUAL_CIDR = re.compile(rf"(?:/(?P<v4>{_CIDR}))?(?://(?P<v6>{_CIDR}))?")
_SPEC_AND_CIDR = re.compile(rf"(?P<spec>.*?)(?:/(?P<v4>{_CIDR}))?(?://(?P<v6>{_CIDR}))?", re.DOTALL)
_TOPLABEL_TAIL = re.compile(r"\.([A-Za-z0-9-]+)\.?\Z")
_TOPLABEL = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]")
_MAX_TRANSFORMER_DIGITS = 3


class SpfSyntaxError(DeliverabilityError, ValueError):
    """The record breaks the SPF grammar; says which term, where, and why.

    ``index`` is the term's number (1 = the first term after ``v=spf1``, 0 = the version),
    ``offset`` the character where the term starts (0-based), ``term`` the term as written.
    ``reason`` is a :class:`Phrase` (a template and its values), so the whole message can be
    rendered in either language with :meth:`message`.
    """

    def __init__(
        self,
        reason: str,
        values: dict[str, PhraseValue] | None = None,
        *,
        term: str = "",
        index: int = 0,
        offset: int = 0,
    ) -> None:
        self.reason = Phrase.model_construct(template=reason, values=values or {})
        self.term = term
        self.index = index
        self.offset = offset
        shown = term if len(term) <= 60 else term[:57] + "..."
        if term:
            super().__init__(
                N_("term {index} {term} (character {position}): {reason}"),
                {
                    "index": index,
                    "term": repr(shown),
                    "position": offset + 1,
                    "reason": self.reason,
                },
            )
        else:
            super().__init__(
                N_("character {position}: {reason}"),
                {"position": offset + 1, "reason": self.reason},
            )


class Macro(NamedTuple):
    """One ``%{…}`` expansion: letter, how many right-hand parts, reversal, delimiters."""

    letter: str
    """Lower-case macro letter."""
    escape: bool = False
    """Upper-case letter: URL-escape the value (RFC 7208 §7.3)."""
    digits: int | None = None
    reverse: bool = False
    delimiters: str = ""


class MacroString(NamedTuple):
    """A macro-string: literal text and macros, in order."""

    text: str
    parts: tuple[str | Macro, ...]

    @property
    def letters(self) -> frozenset[str]:
        return frozenset(part.letter for part in self.parts if isinstance(part, Macro))


@dataclass(frozen=True, slots=True)
class Mechanism:
    """A directive: qualifier and mechanism with its arguments."""

    qualifier: str
    name: str
    """Lower-case mechanism name."""
    text: str
    """The term as written."""
    index: int
    offset: int
    domain: MacroString | None = None
    """The domain-spec, for include, a, mx, ptr and exists (None means the current domain)."""
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    """The network of ip4 and ip6."""
    cidr4: int = 32
    cidr6: int = 128

    @property
    def queries_dns(self) -> bool:
        return self.name in DNS_MECHANISMS


@dataclass(frozen=True, slots=True)
class Modifier:
    """A ``name=value`` term."""

    name: str
    """Lower-case modifier name."""
    value: MacroString
    text: str
    index: int
    offset: int


class Record(NamedTuple):
    """A parsed SPF record."""

    text: str
    mechanisms: tuple[Mechanism, ...]
    modifiers: tuple[Modifier, ...] = ()

    @property
    def redirect(self) -> Modifier | None:
        return self._modifier("redirect")

    @property
    def exp(self) -> Modifier | None:
        return self._modifier("exp")

    @property
    def all(self) -> Mechanism | None:
        """The first ``all`` mechanism, if any (a redirect= is then ignored, RFC 7208 §6.1)."""
        return next((m for m in self.mechanisms if m.name == "all"), None)

    def _modifier(self, name: str) -> Modifier | None:
        return next((m for m in self.modifiers if m.name == name), None)


def is_spf_record(text: str | bytes) -> bool:
    """True when a TXT string is an SPF record: ``v=spf1`` then a space or the end (§4.5)."""
    head = (text[:7].decode("latin-1") if isinstance(text, bytes) else text[:7]).lower()
    return head in (VERSION, VERSION + " ")


def parse_record(text: str) -> Record:
    """Parse an SPF record; raise :class:`SpfSyntaxError` saying where it is wrong.

    Records are immutable and a batch evaluates the same includes for every target and
    every platform address, and its rules read them again: the last 2,048 parsed records
    of up to 512 characters (nearly all) are kept. With 256 kept, a batch's 64 diagnoses in
    flight pushed out each other's records and parsed each one twice more. Longer records
    are parsed each time, so the cache stays within a few megabytes whatever zones say.
    """
    if len(text) <= _CACHED_CHARS:
        return _parse_cached(text)
    return _parse(text)


_CACHED_CHARS = 512


@functools.lru_cache(maxsize=2048)
def _parse_cached(text: str) -> Record:
    return _parse(text)


def _parse(text: str) -> Record:
    if not is_spf_record(text):
        raise SpfSyntaxError(
            N_("an SPF record starts with {version} followed by a space"),
            {"version": repr(VERSION)},
        )
    mechanisms: list[Mechanism] = []
    modifiers: list[Modifier] = []
    for index, (offset, term) in enumerate(_split_terms(text), start=1):
        parsed = _parse_term(term, index, offset)
        if isinstance(parsed, Mechanism):
            mechanisms.append(parsed)
            continue
        if parsed.name in ("redirect", "exp") and any(m.name == parsed.name for m in modifiers):
            raise SpfSyntaxError(
                N_("{name}= may appear only once"),
                {"name": parsed.name},
                term=term,
                index=index,
                offset=offset,
            )
        modifiers.append(parsed)
    return Record(text, tuple(mechanisms), tuple(modifiers))


def _split_terms(text: str) -> list[tuple[int, str]]:
    """Terms after the version, separated by one or more spaces (only spaces, §4.6.1)."""
    terms = []
    position = len(VERSION)
    for match in re.finditer(r"[^ ]+", text[position:]):
        terms.append((position + match.start(), match.group()))
    return terms


class _Raise(Protocol):
    """Builds the syntax error of the term being parsed, from its reason (a template) and values."""

    def __call__(self, reason: str, **values: PhraseValue) -> SpfSyntaxError: ...


_UNPRINTABLE = re.compile(r"[^\x21-\x7e]")


def _parse_term(term: str, index: int, offset: int) -> Mechanism | Modifier:
    def error(reason: str, **values: PhraseValue) -> SpfSyntaxError:
        return SpfSyntaxError(reason, values, term=term, index=index, offset=offset)

    unprintable = _UNPRINTABLE.search(term)
    if unprintable is not None:
        raise error(
            N_(
                "character {char} at position {position} is not allowed "
                "(SPF records are printable ASCII, terms separated by spaces)"
            ),
            char=_describe_char(unprintable.group()),
            position=unprintable.start() + 1,
        )
    name_match = _MODIFIER_NAME.match(term)
    if name_match and term[name_match.end() : name_match.end() + 1] == "=":
        return _parse_modifier(
            term, name_match.group().lower(), term[name_match.end() + 1 :], index, offset, error
        )
    qualifier = "+"
    body = term
    if term[0] in QUALIFIERS:
        qualifier, body = term[0], term[1:]
    name_end = len(body)
    for separator in ":/":
        found = body.find(separator)
        if found != -1:
            name_end = min(name_end, found)
    name, rest = body[:name_end].lower(), body[name_end:]
    if name not in MECHANISMS:
        shown = body[:name_end][:30]
        if "=" in term:
            raise error(
                N_(
                    "{name} is neither a mechanism nor a modifier (a modifier is written name=value)"
                ),
                name=repr(shown),
            )
        raise error(
            N_("unknown mechanism {name} (expected one of {mechanisms})"),
            name=repr(shown),
            mechanisms=", ".join(sorted(MECHANISMS)),
        )
    base: dict[str, Any] = {
        "qualifier": qualifier,
        "name": name,
        "text": term,
        "index": index,
        "offset": offset,
    }
    if name == "all":
        if rest:
            raise error(N_("'all' takes no argument"))
        return Mechanism(**base)
    if name in ("include", "exists"):
        if not rest.startswith(":") or len(rest) == 1:
            raise error(N_("'{name}' needs a domain: {name}:example.com"), name=name)
        return Mechanism(**base, domain=_domain_spec(rest[1:], error))
    if name == "ptr":
        if not rest:
            return Mechanism(**base)
        if not rest.startswith(":") or len(rest) == 1:
            raise error(N_("'ptr' takes an optional domain (ptr:example.com) and no prefix length"))
        return Mechanism(**base, domain=_domain_spec(rest[1:], error))
    if name in ("a", "mx"):
        return _parse_a_mx(base, rest, error)
    return _parse_ip(base, rest, error)


def _parse_a_mx(base: dict[str, Any], rest: str, error: _Raise) -> Mechanism:
    name = base["name"]
    domain = None
    if rest.startswith(":"):
        match = _SPEC_AND_CIDR.fullmatch(rest[1:])
        assert match is not None  # the pattern matches any text
        if not match.group("spec"):
            raise error(N_("'{name}:' needs a domain after the colon"), name=name)
        domain = _domain_spec(match.group("spec"), error)
    else:
        match = _DUAL_CIDR.fullmatch(rest)
        if match is None:
            raise error(
                N_("invalid prefix length {length} (write {name}/24, {name}//64 or {name}/24//64)"),
                length=repr(rest),
                name=name,
            )
    cidr4 = int(match.group("v4")) if match.group("v4") is not None else 32
    cidr6 = int(match.group("v6")) if match.group("v6") is not None else 128
    if cidr4 > 32:
        raise error(N_("IPv4 prefix length /{length} is over 32"), length=cidr4)
    if cidr6 > 128:
        raise error(N_("IPv6 prefix length //{length} is over 128"), length=cidr6)
    return Mechanism(**base, domain=domain, cidr4=cidr4, cidr6=cidr6)


def _parse_ip(base: dict[str, Any], rest: str, error: _Raise) -> Mechanism:
    name = base["name"]
    if not rest.startswith(":") or len(rest) == 1:
        raise error(
            N_("'{name}' needs an address: {name}:{example}"),
            name=name,
            example="192.0.2.0/24" if name == "ip4" else "2001:db8::/32",
        )
    address, slash, length = rest[1:].partition("/")
    limit = 32 if name == "ip4" else 128
    if slash:
        if not re.fullmatch(_CIDR, length):
            raise error(
                N_("invalid prefix length /{length} (a number from 0 to {limit}, no leading zero)"),
                length=length,
                limit=limit,
            )
        if int(length) > limit:
            raise error(N_("prefix length /{length} is over {limit}"), length=length, limit=limit)
    prefix = int(length) if slash else limit
    if name == "ip4":
        if not _IP4_NETWORK.fullmatch(address):
            raise error(
                N_("{address} is not an IPv4 address (four numbers 0-255, no leading zeros)"),
                address=repr(address),
            )
        network: ipaddress.IPv4Network | ipaddress.IPv6Network = ipaddress.IPv4Network(
            f"{address}/{prefix}", strict=False
        )
    else:
        try:
            if "%" in address:
                raise ValueError(address)
            network = ipaddress.IPv6Network(
                f"{ipaddress.IPv6Address(address)}/{prefix}", strict=False
            )
        except ValueError:
            raise error(N_("{address} is not an IPv6 address"), address=repr(address)) from None
    return Mechanism(
        **base,
        network=network,
        cidr4=prefix if name == "ip4" else 32,
        cidr6=prefix if name == "ip6" else 128,
    )


def _parse_modifier(term: str, name: str, value: str, index: int, offset: int, error) -> Modifier:  # type: ignore[no-untyped-def]
    if name in ("redirect", "exp"):
        if not value:
            raise error(N_("{name}= needs a domain"), name=name)
        parsed = _domain_spec(value, error)
    else:
        parsed = _macro_string(value, error)
    return Modifier(name=name, value=parsed, text=term, index=index, offset=offset)


def _domain_spec(text: str, error: _Raise) -> MacroString:
    """domain-spec = macro-string domain-end (RFC 7208 §7.1)."""
    spec = _macro_string(text, error)
    if not spec.parts:
        raise error(N_("the domain is empty"))
    last = spec.parts[-1]
    if isinstance(last, Macro) or last in ("%", " ", "%20"):
        return spec
    tail = _TOPLABEL_TAIL.search(last)
    if tail is None or not _TOPLABEL.fullmatch(tail.group(1)):
        raise error(
            N_(
                "{text} is not a domain name: it must end with a dot and a top-level label "
                "that is not all digits (an address belongs in ip4: or ip6:)"
            ),
            text=repr(text),
        )
    return spec


def parse_macro_string(text: str, *, explanation: bool = False) -> MacroString:
    """Parse a macro-string; ``explanation`` allows spaces and the letters c, r and t (§6.2, §7)."""

    def error(reason: str, **values: PhraseValue) -> SpfSyntaxError:
        return SpfSyntaxError(reason, values, term=text)

    return _macro_string(text, error, explanation=explanation)


def _macro_string(text: str, error, *, explanation: bool = False) -> MacroString:  # type: ignore[no-untyped-def]
    parts: list[str | Macro] = []
    literal: list[str] = []
    allowed = MACRO_LETTERS | EXP_ONLY_LETTERS if explanation else MACRO_LETTERS
    position = 0
    while position < len(text):
        if text[position] != "%":
            # A run of literal text up to the next macro, in one step: records can be 64 KB.
            end = text.find("%", position)
            end = len(text) if end == -1 else end
            run = text[position:end]
            if explanation:
                for char in run:
                    if not (0x20 <= ord(char) <= 0x7E):
                        raise error(
                            N_("character {char} is not allowed in an explanation"),
                            char=_describe_char(char),
                        )
            literal.append(run)
            position = end
            continue
        following = text[position + 1 : position + 2]
        # %% %_ %- are literal escapes; keep them as literal text already expanded (§7.1).
        escapes = {"%": "%", "_": " ", "-": "%20"}
        if following in escapes:
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(escapes[following])
            position += 2
            continue
        if following != "{":
            if not following:
                raise error(N_("'%' at the end must be written %% (a percent sign)"))
            raise error(
                N_(
                    "'%' must be followed by '{{', '%', '_' or '-', not {char} "
                    "(write %% for a percent sign)"
                ),
                char=repr(following),
            )
        close = text.find("}", position)
        if close == -1:
            raise error(N_("a macro '%{{' is not closed by '}}'"))
        macro = _macro(text[position + 2 : close], allowed, error)
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(macro)
        position = close + 1
    if literal:
        parts.append("".join(literal))
    return MacroString(text, tuple(parts))


def _macro(body: str, allowed: frozenset[str], error) -> Macro:  # type: ignore[no-untyped-def]
    if not body:
        raise error(N_("empty macro '%{{}}'"))
    letter = body[0]
    if letter.lower() not in allowed:
        template = (
            N_("macro letter {letter} is not allowed outside an explanation (letters: {letters})")
            if letter.lower() in EXP_ONLY_LETTERS
            else N_("macro letter {letter} is not allowed (letters: {letters})")
        )
        raise error(template, letter=repr(letter), letters="".join(sorted(allowed)))
    position = 1
    while position < len(body) and body[position].isdigit() and body[position].isascii():
        position += 1
    digits_text = body[1:position]
    digits = None
    if digits_text:
        if len(digits_text.lstrip("0")) > _MAX_TRANSFORMER_DIGITS or int(digits_text) == 0:
            raise error(
                N_("macro {macro}: the number of parts must be from 1 to 999"),
                macro=f"%{{{body}}}",
            )
        digits = int(digits_text)
    reverse = False
    if body[position : position + 1] in ("r", "R"):
        reverse = True
        position += 1
    delimiters = body[position:]
    if any(char not in DELIMITERS for char in delimiters):
        raise error(
            N_("macro {macro}: invalid delimiter (allowed: {delimiters})"),
            macro=f"%{{{body}}}",
            delimiters="".join(sorted(DELIMITERS)),
        )
    return Macro(letter.lower(), letter.isupper(), digits, reverse, delimiters)


def _describe_char(char: str) -> str:
    return f"U+{ord(char):04X}" if not char.isprintable() or not char.isascii() else repr(char)
