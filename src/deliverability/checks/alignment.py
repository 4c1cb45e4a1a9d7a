"""DMARC alignment of the platform's mail: can mail it sends From the customer's domain pass DMARC?

DMARC passes when SPF or DKIM passes *for a domain aligned with the From domain*
(RFC 7489 §3.1). For a platform sending as the customer:

- SPF is evaluated on the envelope sender (``return_path_domain``): it aligns when that domain
  shares the From domain's organizational domain (aspf=r, the default) or equals it (aspf=s);
- DKIM aligns when the platform signs with d= the customer's domain, which it can only do when
  the customer publishes the platform's selector (its key) under their domain.

Whether SPF then *passes* is the SPF check's question (``spf.platform_not_authorized``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from deliverability.checks.dkim import usable
from deliverability.checks.dmarc import applicable_policy, valid_record
from deliverability.codes import dmarc as dmarc_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.domains import organizational_domain
from deliverability.facts import DkimSelectorFact, Facts
from deliverability.facts.spf import SpfResult
from deliverability.report import Finding, Severity

_SEVERITY = {"reject": Severity.CRITICAL, "quarantine": Severity.ERROR, "none": Severity.WARNING}


class Alignment(NamedTuple):
    """Whether the platform's mail can align with the customer's domain, and under which policy."""

    spf: bool
    """The envelope sender's domain aligns with the From domain."""
    dkim: bool | None
    """The platform can sign as the From domain; None when a selector lookup failed."""
    policy: str | None
    """The policy receivers apply (``none`` without a valid record); None if a lookup failed."""
    aspf: str
    """The SPF alignment mode: ``r`` (relaxed) or ``s`` (strict)."""

    @property
    def aligned(self) -> bool | None:
        """True when SPF or DKIM aligns, False when neither can, None when it could not be told."""
        if self.spf or self.dkim:
            return True
        return None if self.dkim is None else False


def assess(facts: Facts, context: Context) -> Alignment | None:
    """The alignment of the platform's mail; None without a platform or DMARC facts, or for a
    free-mail provider's domain (the sender check says the platform cannot send as it at all)."""
    platform, dmarc = context.platform, facts.dmarc
    if platform is None or dmarc is None or context.provider_domain:
        return None
    record = valid_record(dmarc)
    aspf = (record.tags.get("aspf", "r") if record else "r").lower()
    if aspf == "s":
        spf = platform.return_path_domain == context.domain
    else:
        spf = organizational_domain(platform.return_path_domain) == dmarc.organizational_domain
    failed = any(lookup.failed for lookup in dmarc.lookups)
    policy = None if failed else (applicable_policy(dmarc) or "none")
    return Alignment(spf=spf, dkim=_dkim(_platform_selectors(facts)), policy=policy, aspf=aspf)


class DmarcPath(NamedTuple):
    """The two ways the platform's mail can pass DMARC (RFC 7489 §4.2), for a diagram.

    Each answer is True, False, or None when it could not be told (a lookup failed).
    """

    spf_passes: bool | None
    """SPF passes for every sending address of the platform."""
    spf_aligned: bool
    """The envelope sender's domain aligns with the From domain."""
    dkim: bool | None
    """The platform can sign with a key published under the From domain (aligned DKIM)."""
    policy: str | None
    """What receivers do with mail that fails: ``none``, ``quarantine`` or ``reject``."""

    @property
    def spf(self) -> bool | None:
        """The SPF way: SPF passes *and* aligns."""
        if not self.spf_aligned or self.spf_passes is False:
            return False
        return self.spf_passes

    @property
    def passes(self) -> bool | None:
        """DMARC passes when either way does."""
        if self.spf or self.dkim:
            return True
        return None if None in (self.spf, self.dkim) else False


def dmarc_path(facts: Facts, context: Context) -> DmarcPath | None:
    """The DMARC path of the platform's mail; None when :func:`assess` has nothing to say."""
    alignment = assess(facts, context)
    if alignment is None:
        return None
    return DmarcPath(
        spf_passes=_spf_passes(facts),
        spf_aligned=alignment.spf,
        dkim=alignment.dkim,
        policy=alignment.policy,
    )


def _spf_passes(facts: Facts) -> bool | None:
    spf = facts.spf
    if spf is None or spf.lookup.failed:
        return None
    if spf.record is None or spf.syntax_error:
        return False  # no record, two, or a broken one: SPF gives none or permerror
    results = [outcome.result for outcome in spf.platform_results]
    if results and all(result is SpfResult.PASS for result in results):
        return True
    if any(result not in (SpfResult.PASS, SpfResult.TEMPERROR) for result in results):
        return False
    return None  # not evaluated, or a temporary error


def check(facts: Facts, context: Context) -> list[Finding]:
    return list(_findings(facts, context))


def _findings(facts: Facts, context: Context) -> Iterator[Finding]:
    platform, dmarc, alignment = context.platform, facts.dmarc, assess(facts, context)
    if platform is None or dmarc is None or alignment is None:
        return
    if alignment.aligned is not False or alignment.policy is None:
        return  # aligned, or could not check: the failed lookups are reported by their own checks
    selectors = _platform_selectors(facts)
    evidence = [f"Return-Path: …@{platform.return_path_domain}"]  # a header: no language
    evidence += [selector.record.lookup.describe() for selector in selectors]
    evidence += [lookup.describe() for lookup in dmarc.lookups]
    yield finding(
        dmarc_codes.UNALIGNED,
        {
            "platform": platform.name,
            "domain": context.domain,
            "return_path": platform.return_path_domain,
            "aspf": alignment.aspf,
            "selectors": [selector.selector for selector in selectors] or ["-"],
            "policy": alignment.policy,
            "from_domain": platform.from_domain,
        },
        evidence=evidence,
        severity=_SEVERITY.get(alignment.policy, Severity.WARNING),
    )


def _platform_selectors(facts: Facts) -> list[DkimSelectorFact]:
    return (
        [selector for selector in facts.dkim.selectors if selector.source == "platform"]
        if facts.dkim
        else []
    )


def _dkim(selectors: list[DkimSelectorFact]) -> bool | None:
    if any(usable(selector.record) for selector in selectors):
        return True
    if any(selector.record.lookup.failed for selector in selectors):
        return None
    return False
