"""DKIM signatures and the ARC chain verified with dkimpy, on keys fetched beforehand.

dkimpy imports dnspython's resolver, so this module lives with the message probes and is
imported only when a message is analysed. Its DNS function reads the answers
:mod:`deliverability.message._keys` gathered, so verification does no I/O of its own.
Each failure is told apart: the body changed (body hash), the signed headers changed
(signature), the key is not published, or its lookup failed (could not check).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Literal

import dkim

from deliverability.dns import Lookup
from deliverability.facts.message import ArcFact, DkimOutcome, DkimSignatureFact
from deliverability.message._keys import (
    MAX_ARC_SETS,
    MAX_SIGNATURES,
    SignatureTags,
    key_text,
    signatures,
)
from deliverability.message._parse import ParsedMessage

_LOG = logging.getLogger("deliverability.message.dkim")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False  # dkimpy logs every failure at error level: the facts say it instead
_REASON_CHARS = 300

DnsFunction = Callable[..., bytes | None]


def verify_signatures(parsed: ParsedMessage, keys: Mapping[str, Lookup]) -> list[DkimSignatureFact]:
    """Every DKIM-Signature (the first :data:`MAX_SIGNATURES`), verified now."""
    found = signatures(parsed, "dkim-signature", MAX_SIGNATURES)
    verifier = _Verifier(parsed.raw, keys, headers_only=parsed.headers_only)
    return [verifier.signature(index, tags) for index, tags in enumerate(found)]


def verify_arc(parsed: ParsedMessage, keys: Mapping[str, Lookup]) -> ArcFact:
    """The ARC chain's validation status (RFC 8617 §5.2)."""
    seals = signatures(parsed, "arc-seal", MAX_ARC_SETS + 1)
    if not seals:
        return ArcFact.model_construct(result="none")
    sealers = [seal.domain for seal in reversed(seals) if seal is not None]
    if len(seals) > MAX_ARC_SETS:
        return ArcFact.model_construct(
            result="fail",
            instances=len(seals),
            sealers=sealers,
            reason=f"more than {MAX_ARC_SETS} ARC sets: not verified",
        )
    try:
        status, _, reason = dkim.arc_verify(parsed.raw, logger=_LOG, dnsfunc=_dns(keys))
    except Exception as error:  # noqa: BLE001 - hostile input may break the verifier anywhere
        status, reason = dkim.CV_Fail, f"the chain could not be read: {error}"
    result: Literal["none", "pass", "fail"] = (
        "pass" if status == dkim.CV_Pass else "none" if status == dkim.CV_None else "fail"
    )
    return ArcFact.model_construct(
        result=result,
        instances=len(seals),
        sealers=sealers,
        reason="" if result == "pass" else _words(reason),
    )


class _Verifier:
    def __init__(self, raw: bytes, keys: Mapping[str, Lookup], *, headers_only: bool) -> None:
        self.keys = keys
        self.headers_only = headers_only
        self.unreadable = ""
        try:
            self.dkim = dkim.DKIM(raw, logger=_LOG)
        except Exception as error:  # noqa: BLE001 - hostile input may break the verifier anywhere
            self.unreadable = str(error) or type(error).__name__

    def signature(self, index: int, tags: SignatureTags | None) -> DkimSignatureFact:
        if tags is None:
            return DkimSignatureFact.model_construct(
                domain="", selector="", result="malformed", reason="d= or s= cannot be read"
            )
        lookup = self.keys.get(tags.key_name)
        fact = DkimSignatureFact.model_construct(
            domain=tags.domain,
            selector=tags.selector,
            algorithm=tags.tags.get("a", "")[:40],
            signed_headers=[
                name.strip().lower()[:100] for name in tags.tags.get("h", "").split(":")
            ][:100],
            result="malformed",
            key=lookup.fact() if lookup is not None else None,
        )
        if lookup is None or lookup.failed:
            return fact.model_copy(
                update={"result": "key_unavailable", "reason": lookup.error if lookup else ""}
            )
        if key_text(self.keys, tags.key_name) is None:
            return fact.model_copy(update={"result": "key_missing"})
        result, reason = self._verify(index)
        return fact.model_copy(update={"result": result, "reason": _words(reason)})

    def _verify(self, index: int) -> tuple[DkimOutcome, str]:
        if self.unreadable:
            return "malformed", self.unreadable
        verifier = self.dkim
        try:
            prepared = verifier.verify_headerprep(index)
            if not prepared:
                return "malformed", "the signature header cannot be read"
            signature, include, headers = prepared
            name = signature[b"s"] + b"._domainkey." + signature[b"d"] + b"."
            verifier.pk, verifier.keysize, verifier.ktag, verifier.seqtlsrpt = (
                dkim.load_pk_from_dns(name, _dns(self.keys))
            )
        except dkim.KeyFormatError as error:
            return "key_invalid", str(error)
        except Exception as error:  # noqa: BLE001 - hostile input may break the verifier anywhere
            return "malformed", str(error)
        if self.headers_only:
            # No body to hash: without bh= dkimpy checks the signature over the headers alone.
            signature = {tag: value for tag, value in signature.items() if tag != b"bh"}
        try:
            valid = verifier.verify_sig_process(signature, include, headers[index], _dns(self.keys))
        except dkim.ValidationError as error:
            text = str(error)
            if text.startswith("body hash mismatch"):
                return "body_modified", "body hash mismatch"
            return "malformed", text
        except dkim.KeyFormatError as error:
            return "key_invalid", str(error)
        except Exception as error:  # noqa: BLE001
            return "malformed", str(error)
        if valid:
            return (
                ("body_unchecked", "only the headers were given")
                if self.headers_only
                else ("pass", "")
            )
        return "signature_invalid", "the signature does not match the signed header fields"


def _dns(keys: Mapping[str, Lookup]) -> DnsFunction:
    def lookup(name: bytes | str, timeout: float = 5) -> bytes | None:
        text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
        return key_text(keys, text)

    return lookup


def _words(reason: object) -> str:
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    text = " ".join(text.split())
    return text if len(text) <= _REASON_CHARS else text[:_REASON_CHARS] + "…"
