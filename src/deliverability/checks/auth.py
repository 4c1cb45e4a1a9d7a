"""A message's authentication as verified for this analysis: DKIM, SPF, DMARC, ARC.

DMARC (RFC 7489 §4.2) passes when SPF passes for the envelope sender's domain aligned with
the From domain, or a DKIM signature verifies with d= aligned with it. The DMARC record
read is the From domain's, from the domain diagnosis (``facts.dmarc``). Pure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from deliverability.advice.platform import Platform
from deliverability.checks.dmarc import applicable_policy, valid_record
from deliverability.codes import Code, finding
from deliverability.codes import auth as auth_codes
from deliverability.domains import aligned, organizational_domain
from deliverability.facts import Facts
from deliverability.facts.message import DkimSignatureFact, MessageFacts
from deliverability.report import Finding, Severity

_POLICY_SEVERITY = {
    "reject": Severity.CRITICAL,
    "quarantine": Severity.ERROR,
    "none": Severity.WARNING,
}
_SPF_SEVERITY = {
    "fail": Severity.ERROR,
    "softfail": Severity.WARNING,
    "neutral": Severity.WARNING,
    "none": Severity.WARNING,
    "permerror": Severity.ERROR,
}
_DKIM_CODES: dict[str, Code] = {
    "body_modified": auth_codes.DKIM_BODY_MODIFIED,
    "signature_invalid": auth_codes.DKIM_SIGNATURE_INVALID,
    "key_invalid": auth_codes.DKIM_SIGNATURE_INVALID,
    "malformed": auth_codes.DKIM_SIGNATURE_INVALID,
    "key_missing": auth_codes.DKIM_KEY_MISSING,
    "key_unavailable": auth_codes.DKIM_UNVERIFIED,
    "body_unchecked": auth_codes.DKIM_BODY_UNCHECKED,
}
UNVERIFIABLE = frozenset({"key_unavailable", "body_unchecked"})
"""Signature results that tell nothing either way: a verdict that needs them is "unknown"."""
SOURCES = {
    "boundary": "Received",
    "received-spf": "Received-SPF client-ip",
    "receiver": "SMTP",
    "option": "--ip",
    "platform": "platform sending_ips[0]",
    "unknown": "-",
}
"""Where the connecting address came from, as shown in findings (technical words, not translated)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The re-verified identifiers DMARC looks at, for the rules and the receiver's comparison."""

    spf: str | None
    """The SPF result now (None when it was not evaluated)."""
    spf_aligned: bool
    dkim_aligned: list[DkimSignatureFact]
    """Signatures that verify now with d= aligned with the From domain."""
    dkim: str
    """pass when any signature verifies now, fail when one was checked and none does, none when
    unsigned, unknown when a signature could not be checked and none passes."""
    dmarc: str | None
    """pass, fail, or unknown when an unchecked signature or SPF could have made it pass; None
    without a From domain."""


def verdict(message: MessageFacts, adkim: str = "r", aspf: str = "r") -> Verdict:
    """What DMARC would say now, from the re-verified SPF and DKIM results."""
    from_domain = message.identities.from_domain
    spf = message.spf.result.value if message.spf is not None else None
    spf_aligned = bool(
        from_domain
        and spf == "pass"
        and message.spf_source == "return-path"
        and message.spf_domain
        and aligned(message.spf_domain, from_domain, strict=aspf == "s")
    )
    passing = [sig for sig in message.signatures if sig.result == "pass"]
    dkim_aligned = [
        sig
        for sig in passing
        if from_domain and aligned(sig.domain, from_domain, strict=adkim == "s")
    ]
    unknown = any(s.result in UNVERIFIABLE for s in message.signatures)
    if passing:
        dkim = "pass"
    elif unknown:
        dkim = "unknown"
    else:
        dkim = "fail" if message.signatures else "none"
    if not from_domain:
        dmarc = None
    elif spf_aligned or dkim_aligned:
        dmarc = "pass"
    else:
        dmarc = "unknown" if unknown or spf == "temperror" else "fail"
    return Verdict(spf, spf_aligned, dkim_aligned, dkim, dmarc)


def check(facts: Facts, platform: Platform | None) -> list[Finding]:
    message = facts.message
    if message is None:
        return []
    return list(_findings(facts, message, platform))


def modes(facts: Facts) -> tuple[str, str]:
    """The From domain's adkim and aspf (relaxed unless its valid record says strict)."""
    record = valid_record(facts.dmarc) if facts.dmarc is not None else None
    if record is None:
        return "r", "r"
    return record.tags.get("adkim", "r").lower(), record.tags.get("aspf", "r").lower()


def _findings(facts: Facts, message: MessageFacts, platform: Platform | None) -> Iterator[Finding]:
    adkim, aspf = modes(facts)
    now = verdict(message, adkim, aspf)
    from_domain = message.identities.from_domain or ""
    yield from _dkim(message, now, from_domain, adkim, platform)
    yield from _spf(message, now, from_domain, aspf)
    if message.arc.result != "none":
        yield finding(
            auth_codes.ARC,
            {
                "result": message.arc.result,
                "instances": message.arc.instances,
                "sealers": message.arc.sealers or ["-"],
            },
            evidence=[message.arc.reason] if message.arc.reason else [],
            severity=Severity.INFO if message.arc.result == "pass" else Severity.WARNING,
        )
    yield from _dmarc(facts, now, from_domain)


def _dkim(
    message: MessageFacts, now: Verdict, from_domain: str, adkim: str, platform: Platform | None
) -> Iterator[Finding]:
    if not message.signatures:
        yield finding(auth_codes.DKIM_NONE, {"from_domain": from_domain or "-"})
        return
    for signature in message.signatures:
        evidence = [signature.key.describe()] if signature.key else []
        evidence += [signature.reason] if signature.reason else []
        domain, selector = signature.domain or "-", signature.selector or "-"
        if signature.result == "pass":
            if signature in now.dkim_aligned or not from_domain:
                yield finding(
                    auth_codes.DKIM_OK, {"domain": domain, "selector": selector}, evidence=evidence
                )
            elif not now.dkim_aligned:
                if platform is not None and _platform_domain(signature.domain, platform):
                    evidence.append(f"d={signature.domain} is the domain of {platform.name}")
                yield finding(
                    auth_codes.DKIM_UNALIGNED,
                    {
                        "from_domain": from_domain,
                        "adkim": adkim,
                        "domain": domain,
                        "selector": selector,
                    },
                    evidence=evidence,
                )
            continue
        outcome = signature.key.outcome if signature.key else "-"
        yield finding(
            _DKIM_CODES[signature.result],
            {"outcome": outcome, "domain": domain, "selector": selector},
            evidence=evidence,
        )


def _spf(message: MessageFacts, now: Verdict, from_domain: str, aspf: str) -> Iterator[Finding]:
    spf = message.spf
    if spf is None:
        return
    source = SOURCES[message.connecting.source]
    evidence = [f"{step.kind}: {step.text} {step.outcome}".strip() for step in spf.trace[:20]]
    if spf.result.value == "temperror":
        yield finding(
            auth_codes.SPF_UNVERIFIED, {"domain": spf.domain, "ip": spf.ip}, evidence=evidence
        )
    elif spf.result.value != "pass":
        yield finding(
            auth_codes.SPF_FAIL,
            {
                "result": spf.result.value,
                "term": spf.matched or "-",
                "domain": spf.domain,
                "ip": spf.ip,
                "source": source,
            },
            evidence=evidence,
            severity=_SPF_SEVERITY.get(spf.result.value, Severity.WARNING),
        )
    elif from_domain and not now.spf_aligned:
        yield finding(
            auth_codes.SPF_UNALIGNED,
            {"from_domain": from_domain, "aspf": aspf, "domain": spf.domain},
            evidence=evidence,
        )
    else:
        yield finding(
            auth_codes.SPF_OK,
            {"domain": spf.domain, "ip": spf.ip, "source": source},
            evidence=evidence,
        )


def _dmarc(facts: Facts, now: Verdict, from_domain: str) -> Iterator[Finding]:
    dmarc = facts.dmarc
    if now.dmarc in (None, "unknown") or dmarc is None:
        return  # no From domain, or a signature or SPF could not be checked (their findings say so)
    if any(lookup.failed for lookup in dmarc.lookups):
        return  # the DMARC record could not be read: the DMARC check says so
    evidence = [lookup.describe() for lookup in dmarc.lookups]
    if now.dmarc == "pass":
        via = []
        if now.spf_aligned:
            via.append("SPF")
        if now.dkim_aligned:
            via.append(f"DKIM (d={now.dkim_aligned[0].domain})")
        yield finding(
            auth_codes.DMARC_OK, {"from_domain": from_domain, "via": via}, evidence=evidence
        )
        return
    policy = applicable_policy(dmarc) or "none"
    yield finding(
        auth_codes.DMARC_FAIL,
        {"from_domain": from_domain, "policy": policy},
        evidence=evidence,
        severity=_POLICY_SEVERITY.get(policy, Severity.WARNING),
    )


def _platform_domain(domain: str, platform: Platform) -> bool:
    own = {
        organizational_domain(platform.from_domain),
        organizational_domain(platform.return_path_domain),
    }
    return organizational_domain(domain) in own
