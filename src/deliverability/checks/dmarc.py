"""DMARC rules: is there one valid policy, what does it do, and do its reports arrive?"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import dmarc as dmarc_codes
from deliverability.codes import finding
from deliverability.context import Context
from deliverability.dmarc import (
    MIN_URIS_HONOURED,
    DmarcRecord,
    DmarcSyntaxError,
    is_dmarc_record,
    parse_record,
)
from deliverability.facts import DmarcFacts, Facts
from deliverability.report import Finding


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.dmarc is None:
        return []
    return list(_findings(facts.dmarc))


def applicable_policy(dmarc: DmarcFacts) -> str | None:
    """The policy receivers apply to the domain (sp= when inherited from the organizational
    domain), or None without exactly one valid record. Other rules use it for severities."""
    record = valid_record(dmarc)
    if record is None:
        return None
    return record.policy if dmarc.policy_domain == dmarc.domain else record.subdomain_policy


def valid_record(dmarc: DmarcFacts) -> DmarcRecord | None:
    if dmarc.policy_domain is None or len(dmarc.records) != 1:
        return None
    try:
        return parse_record(dmarc.records[0])
    except DmarcSyntaxError:
        return None


def _findings(dmarc: DmarcFacts) -> Iterator[Finding]:
    evidence = [lookup.describe() for lookup in dmarc.lookups]
    names = {"domain": dmarc.domain, "policy_domain": dmarc.policy_domain or dmarc.domain}
    failed = next((lookup for lookup in dmarc.lookups if lookup.failed), None)
    if failed is not None:
        yield unavailable(failed, check="dmarc")
        return
    if dmarc.policy_domain is None:
        yield finding(
            dmarc_codes.MISSING,
            {
                "domain": dmarc.domain,
                "organizational_domain": dmarc.organizational_domain,
                "looked_up": [lookup.name for lookup in dmarc.lookups],
            },
            evidence=evidence,
        )
        return
    if len(dmarc.records) > 1:
        yield finding(
            dmarc_codes.MULTIPLE, {"count": len(dmarc.records), **names}, evidence=evidence
        )
        return
    try:
        record = parse_record(dmarc.records[0])
    except DmarcSyntaxError as error:
        yield finding(dmarc_codes.SYNTAX, {"reason": error.reason, **names}, evidence=evidence)
        return
    policy = applicable_policy(dmarc) or record.policy
    if policy != "none":  # the policy itself is sound; reporting problems are separate findings
        yield finding(dmarc_codes.OK, {"policy": policy, **names}, evidence=evidence)
    yield from _record_problems(dmarc, record, policy, names, evidence)


def _record_problems(
    dmarc: DmarcFacts, record: DmarcRecord, policy: str, names: dict[str, str], evidence: list[str]
) -> Iterator[Finding]:
    if policy == "none":
        yield finding(dmarc_codes.POLICY_NONE, names, evidence=evidence)
    elif record.percent < 100:
        yield finding(
            dmarc_codes.PCT, {"pct": record.percent, "policy": policy, **names}, evidence=evidence
        )
    if not record.rua:
        yield finding(dmarc_codes.NO_RUA, names, evidence=evidence)
    for tag, uris in (("rua", record.rua), ("ruf", record.ruf)):
        if len(uris) > MIN_URIS_HONOURED:
            yield finding(
                dmarc_codes.TOO_MANY_REPORT_URIS,
                {"tag": tag, "count": len(uris), **names},
                evidence=evidence,
            )
    if record.invalid_uris:
        yield finding(
            dmarc_codes.REPORT_URI_INVALID,
            {"uris": list(record.invalid_uris), **names},
            evidence=evidence,
        )
    for destination in dmarc.destinations:
        authorization = destination.authorization
        if not destination.external or authorization is None:
            continue
        if authorization.failed:
            yield unavailable(authorization, check="dmarc")
        elif not any(is_dmarc_record(text) for text in authorization.records):
            yield finding(
                dmarc_codes.RUA_UNAUTHORIZED,
                {"destination": destination.domain, **names},
                evidence=[authorization.describe()],
            )
