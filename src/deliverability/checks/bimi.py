"""BIMI rules: the DMARC gate first, then the record, the logo and the mark certificate.

The SVG and the certificate are read with checkdmarc's offline functions (``get_svg_metadata``,
``check_svg_requirements``, ``get_certificate_metadata``), imported only when a domain publishes
a record; what they do not look at (scripts, external references, animation, a non-square
logo) is checked here. Their English messages are evidence. The certificate's dates are judged
against the current time, so re-analysing an old report may judge them differently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from deliverability.bimi import BimiRecord, BimiSyntaxError, parse_record
from deliverability.checks.dmarc import applicable_policy, valid_record
from deliverability.checks.dns import unavailable
from deliverability.codes import bimi as bimi_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.dmarc import DmarcSyntaxError, is_dmarc_record
from deliverability.dmarc import parse_record as parse_dmarc
from deliverability.facts import BimiFacts, Facts, FetchFact, LookupFact
from deliverability.report import Finding

_SCRIPT = re.compile(r"<\s*(?:[\w-]+:)?script\b", re.IGNORECASE)
_ANIMATION = re.compile(
    r"<\s*(?:[\w-]+:)?(animate|animateMotion|animateTransform|animateColor|set)\b", re.IGNORECASE
)
_REFERENCE = re.compile(r"""(?:href\s*=\s*["']|url\(\s*["']?)\s*([^"')\s]*)""", re.IGNORECASE)


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.bimi is None:
        return []
    return list(findings(facts.bimi, facts, context))


CertificateReader = Callable[..., dict[str, Any]]
"""``checkdmarc.bimi.get_certificate_metadata``'s shape: PEM bytes and ``domain=`` → metadata."""


def findings(
    bimi: BimiFacts,
    facts: Facts,
    context: Context,
    *,
    read_certificate: CertificateReader | None = None,
) -> Iterator[Finding]:
    """The BIMI findings; ``read_certificate`` replaces checkdmarc's certificate reader (whose
    chain check accepts only the Mark Verifying Authorities' roots) for a caller that has its own."""
    failed = next((lookup for lookup in bimi.lookups if lookup.failed), None)
    if failed is not None:
        yield unavailable(failed, check="bimi")
        return
    evidence = [lookup.describe() for lookup in bimi.lookups]
    if bimi.record_domain is None:
        if not context.provider_domain:
            yield finding(bimi_codes.MISSING, {"domain": bimi.domain}, evidence=evidence)
        return
    try:
        if len(bimi.records) != 1:
            raise BimiSyntaxError(f"{len(bimi.records)} records")
        record = parse_record(bimi.records[0])
    except BimiSyntaxError as error:
        yield finding(
            bimi_codes.SYNTAX,
            {
                "count": len(bimi.records),
                "domain": bimi.domain,
                "record_domain": bimi.record_domain or bimi.domain,
            },
            evidence=[*evidence, str(error)],
        )
        return
    gate = _dmarc_gate(facts, bimi.organizational_dmarc)
    if gate is not None:
        yield finding(
            bimi_codes.DMARC_GATE,
            {
                "gate_label": bimi_codes.GATE_LABELS[gate],
                "domain": bimi.domain,
                "record_domain": bimi.record_domain or bimi.domain,
            },
            evidence=[*evidence, *_dmarc_evidence(facts, bimi.organizational_dmarc)],
        )
    if not record.logo:
        return  # l= empty: the domain declines to show a logo
    yield from _documents(bimi, record, clean_gate=gate is None, read_certificate=read_certificate)


def _documents(
    bimi: BimiFacts,
    record: BimiRecord,
    *,
    clean_gate: bool,
    read_certificate: CertificateReader | None,
) -> Iterator[Finding]:
    logo = bimi.logo
    if logo is None:
        return
    if logo.outcome != "ok":
        yield finding(
            bimi_codes.LOGO_UNREACHABLE,
            {
                "url": logo.url,
                "outcome": logo.outcome,
                "domain": bimi.domain,
                "record_domain": bimi.record_domain or bimi.domain,
            },
            evidence=[logo.describe()],
        )
        return
    from checkdmarc.bimi import (  # type: ignore[import-untyped]  # only for domains with a record
        check_svg_requirements,
        get_certificate_metadata,
        get_svg_metadata,
    )

    problems = svg_problems(logo.body, get_svg_metadata, check_svg_requirements)
    if problems:
        yield finding(
            bimi_codes.SVG_INVALID,
            {
                "url": logo.url,
                "count": len(problems),
                "domain": bimi.domain,
                "record_domain": bimi.record_domain or bimi.domain,
            },
            evidence=[logo.describe(), *problems],
        )
    certificate = bimi.certificate
    if certificate is None:
        yield finding(
            bimi_codes.NO_CERTIFICATE,
            {"domain": bimi.domain, "record_domain": bimi.record_domain or bimi.domain},
            evidence=[logo.describe()],
        )
        return
    issues = _certificate_problems(
        certificate,
        logo,
        bimi.record_domain or bimi.domain,
        read_certificate or get_certificate_metadata,
    )
    if issues:
        yield finding(
            bimi_codes.CERTIFICATE_INVALID,
            {
                "url": certificate.url,
                "count": len(issues),
                "domain": bimi.domain,
                "record_domain": bimi.record_domain or bimi.domain,
            },
            evidence=[certificate.describe(), *issues],
        )
    elif clean_gate and not problems:
        yield finding(
            bimi_codes.OK,
            {"domain": bimi.domain, "record_domain": bimi.record_domain or bimi.domain},
            evidence=[logo.describe(), certificate.describe()],
        )


def svg_problems(
    body: str,
    metadata_of: Callable[[str], dict[str, Any]],
    requirements_of: Callable[[dict[str, Any]], list[str]],
) -> list[str]:
    """checkdmarc's SVG Tiny PS findings plus what it does not look at (evidence lines)."""
    try:
        metadata = metadata_of(body)
    except ValueError as error:
        return [str(error)[:300]]
    problems = list(requirements_of(metadata))
    if _SCRIPT.search(body):
        problems.append("script element (not allowed in SVG Tiny PS)")
    animation = _ANIMATION.search(body)
    if animation:
        problems.append(f"animation element <{animation.group(1)}> (not allowed in SVG Tiny PS)")
    external = [ref for ref in _REFERENCE.findall(body) if ref and not ref.startswith("#")]
    if external:
        problems.append(f"external reference {external[0][:100]} (not allowed in SVG Tiny PS)")
    width, height = metadata.get("width"), metadata.get("height")
    if width is not None and height is not None and width != height:
        problems.append(f"not square: viewBox {width:g} x {height:g}")
    return problems


def _certificate_problems(
    certificate: FetchFact, logo: FetchFact, domain: str, metadata_of: CertificateReader
) -> list[str]:
    if certificate.outcome != "ok":
        return [f"not fetched: {certificate.outcome}"]
    try:
        metadata = metadata_of(certificate.body.encode(), domain=domain)
    except ValueError as error:
        return [f"not a PEM certificate: {str(error)[:200]}"]
    problems = [str(problem)[:300] for problem in metadata.get("validation_errors", [])]
    expected = metadata.get("logotype_sha256")
    actual = hashlib.sha256(logo.body.encode()).hexdigest()
    if expected is None:
        problems.append("the certificate embeds no logo")
    elif expected != actual:
        problems.append(
            f"the certificate's logo (sha256 {expected[:16]}…) is not the SVG at l= ({actual[:16]}…)"
        )
    return problems


def _dmarc_gate(facts: Facts, organizational: LookupFact | None) -> str | None:
    """Why the DMARC gate of BIMI is not met (a key of ``GATE_LABELS``), or None when it is met
    or cannot be judged (a failed lookup is reported by the DMARC check)."""
    dmarc = facts.dmarc
    if dmarc is None or any(lookup.failed for lookup in dmarc.lookups):
        return None
    record = valid_record(dmarc)
    if record is None:
        return "no_dmarc"
    if applicable_policy(dmarc) not in ("quarantine", "reject"):
        return "policy"
    if record.percent < 100:
        return "pct"
    if organizational is None or organizational.failed or dmarc.policy_domain != dmarc.domain:
        return None  # inherited from the organizational domain: judged above
    records = [text for text in organizational.records if is_dmarc_record(text)]
    try:
        org_policy = parse_dmarc(records[0]).policy if len(records) == 1 else None
    except DmarcSyntaxError:
        org_policy = None
    return None if org_policy in ("quarantine", "reject") else "organizational"


def _dmarc_evidence(facts: Facts, organizational: LookupFact | None) -> list[str]:
    lines = [lookup.describe() for lookup in facts.dmarc.lookups] if facts.dmarc else []
    return lines + ([organizational.describe()] if organizational is not None else [])
