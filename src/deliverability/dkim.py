"""DKIM key records: parse one ``<selector>._domainkey.<domain>`` TXT (RFC 6376 §3.6.1). Pure.

The key itself is decoded with ``cryptography`` so its size is the real modulus size, not a
guess from the length of the base64 text. Ed25519 keys follow RFC 8463.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Literal, NamedTuple

from deliverability.errors import RecordSyntaxError
from deliverability.i18n import N_

MAX_RECORD = 8192
"""Longer "records" are not parsed: an 8192-bit RSA key takes under 1,500 characters, and
keys up to about 45,000 bits still fit, so an oversized key is named as such
(``dkim.key_too_large``) rather than as a syntax error."""

KeyType = Literal["rsa", "ed25519"]

KEY_TYPES: dict[str, KeyType] = {"rsa": "rsa", "ed25519": "ed25519"}
"""The key types verifiers know, by the k= value that names them."""

_TAG_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_WHITESPACE = re.compile(r"\s+")
_ED25519_KEY_BYTES = 32


class DkimSyntaxError(RecordSyntaxError):
    """The record is not a usable DKIM key record (:class:`RecordSyntaxError`)."""


class DkimKey(NamedTuple):
    """A valid key record: its tags (names lower-case, values as published), the key from p=."""

    tags: dict[str, str]
    key_type: KeyType
    bits: int | None
    """The key size (RSA modulus bits; 256 for Ed25519); None for a revoked key."""

    @property
    def revoked(self) -> bool:
        """An empty p= means the key was withdrawn (RFC 6376 §3.6.1)."""
        return self.bits is None

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(
            flag.strip().lower() for flag in self.tags.get("t", "").split(":") if flag.strip()
        )

    @property
    def testing(self) -> bool:
        """t=y: the domain is testing DKIM; verifiers treat its mail as unsigned (RFC 6376)."""
        return "y" in self.flags


def parse_tags(text: str) -> dict[str, str]:
    """A DKIM tag-list (RFC 6376 §3.2) as a dict; raise :class:`DkimSyntaxError` when malformed."""
    tags: dict[str, str] = {}
    for position, part in enumerate(text.split(";")):
        if not part.strip():
            continue  # a trailing ";" is allowed
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not _TAG_NAME.match(name):
            raise DkimSyntaxError(
                N_("term {index} ({term}) is not tag=value"),
                {"index": position + 1, "term": repr(part.strip()[:40])},
                tag=name[:20],
            )
        name = name.lower()
        if name in tags:
            raise DkimSyntaxError(
                N_("the tag {tag}= appears twice, which makes the whole record invalid"),
                {"tag": name},
                tag=name,
            )
        tags[name] = value.strip()
    return tags


def parse_record(text: str) -> DkimKey:
    """Parse one key record; raise :class:`DkimSyntaxError` saying what is wrong."""
    if not text.strip():
        raise DkimSyntaxError(N_("the record is empty"))
    if len(text) > MAX_RECORD:
        raise DkimSyntaxError(
            N_("the record is {length} characters long; no real key record is over {limit}"),
            {"length": len(text), "limit": MAX_RECORD},
        )
    tags = parse_tags(text)
    if "v" in tags:
        if next(iter(tags)) != "v":
            raise DkimSyntaxError(N_("v= must be the first tag of the record"), tag="v")
        if tags["v"] != "DKIM1":
            raise DkimSyntaxError(
                N_("v={value} is not DKIM1, so verifiers ignore the record"),
                {"value": tags["v"][:20]},
                tag="v",
            )
    named = tags.get("k", "rsa").lower()
    key_type = KEY_TYPES.get(named)
    if key_type is None:
        raise DkimSyntaxError(
            N_("k={value} is not a key type verifiers know (rsa or ed25519)"),
            {"value": named[:20]},
            tag="k",
        )
    _check_list(
        tags,
        "h",
        ("sha256",),
        N_("h={value}: no hash algorithm verifiers accept (sha256; sha1 is obsolete, RFC 8301)"),
    )
    _check_list(
        tags,
        "s",
        ("*", "email"),
        N_("s={value}: the key is not for e-mail (s= must include email or *)"),
    )
    if "p" not in tags:
        raise DkimSyntaxError(N_("the required tag p= (the public key) is missing"), tag="p")
    encoded = _WHITESPACE.sub("", tags["p"])
    if not encoded:
        return DkimKey(tags=tags, key_type=key_type, bits=None)
    return DkimKey(tags=tags, key_type=key_type, bits=_key_bits(key_type, encoded))


def _check_list(tags: dict[str, str], name: str, accepted: tuple[str, ...], reason: str) -> None:
    """A colon-separated tag (h=, s=) must name at least one of ``accepted`` when present;
    ``reason`` is a template with the tag's ``{value}``."""
    if name not in tags:
        return
    values = {item.strip().lower() for item in tags[name].split(":")}
    if not values.intersection(accepted):
        raise DkimSyntaxError(reason, {"value": tags[name][:40]}, tag=name)


def _key_bits(key_type: str, encoded: str) -> int:
    try:
        der = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DkimSyntaxError(N_("p= is not valid base64"), tag="p") from None
    if key_type == "ed25519":
        if len(der) != _ED25519_KEY_BYTES:
            raise DkimSyntaxError(
                N_("p= holds {length} bytes; an Ed25519 key is {size}"),
                {"length": len(der), "size": _ED25519_KEY_BYTES},
                tag="p",
            )
        return _ED25519_KEY_BYTES * 8
    # Imported here: only an RSA key needs it, and it weighs on every command's start-up.
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        key = load_der_public_key(der)
    except (ValueError, UnsupportedAlgorithm):
        raise DkimSyntaxError(
            N_("p= does not hold a public key that can be read"), tag="p"
        ) from None
    if not isinstance(key, RSAPublicKey):
        raise DkimSyntaxError(
            N_("p= holds a key that is not RSA although the record says k=rsa"), tag="p"
        )
    return key.key_size
