"""MTA-STS rules (RFC 8461): one valid record, a policy fetched over verified HTTPS, every MX covered.

The record and the policy are parsed with checkdmarc's offline parsers, imported here only when a
domain publishes a record (docs/performance.md: the import costs about half a second once per
process). Their English messages become evidence, never a finding's sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import mta_sts as mta_sts_codes
from deliverability.context import Context
from deliverability.facts import Facts, MtaStsFacts
from deliverability.report import Finding, Severity


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.mta_sts is None:
        return []
    return list(_findings(facts.mta_sts, context))


def _findings(sts: MtaStsFacts, context: Context) -> Iterator[Finding]:
    domain = sts.domain
    if sts.lookup.failed:
        yield unavailable(sts.lookup, check="mta_sts")
        return
    if not sts.records:
        if not context.provider_domain:
            yield finding(
                mta_sts_codes.MISSING, {"domain": domain}, evidence=[sts.lookup.describe()]
            )
        return
    from checkdmarc.mta_sts import (  # type: ignore[import-untyped]  # only for domains with a record
        MTASTSError,
        mx_in_mta_sts_patterns,
        parse_mta_sts_policy,
        parse_mta_sts_record,
    )

    evidence = [sts.lookup.describe()]
    problem = f"{len(sts.records)} records" if len(sts.records) > 1 else None
    if problem is None:
        try:
            parse_mta_sts_record(sts.records[0])
        except MTASTSError as error:
            problem = str(error)
    if problem is not None:
        yield finding(
            mta_sts_codes.SYNTAX,
            {"domain": domain, "count": len(sts.records)},
            evidence=[*evidence, problem],
        )
        return
    policy = sts.policy
    if policy is None:
        return
    url = policy.url
    if policy.outcome == "cert_invalid":
        yield finding(
            mta_sts_codes.CERT_INVALID,
            {"domain": domain, "error": policy.error},
            evidence=[policy.describe()],
        )
        return
    if policy.outcome != "ok":
        failed = next((lookup for lookup in policy.lookups if lookup.failed), None)
        if policy.outcome == "dns_failed" and failed is not None:
            yield unavailable(failed, check="mta_sts")
            return
        yield finding(
            mta_sts_codes.POLICY_UNREACHABLE,
            {"domain": domain, "url": url, "outcome": policy.outcome},
            evidence=[policy.describe()],
        )
        return
    try:
        parsed = parse_mta_sts_policy(policy.body)["policy"]
    except MTASTSError as error:
        yield finding(
            mta_sts_codes.POLICY_INVALID,
            {"domain": domain, "url": url},
            evidence=[policy.describe(), str(error)],
        )
        return
    mode, patterns = parsed["mode"], list(parsed.get("mx", []))
    evidence = [policy.describe(), *policy.body.splitlines()[:20]]
    if sts.mx_lookup is not None and sts.mx_lookup.failed:
        yield unavailable(sts.mx_lookup, check="mta_sts")
        return
    uncovered = [host for host in sts.mx_hosts if not mx_in_mta_sts_patterns(host, patterns)]
    if uncovered and mode != "none":
        yield finding(
            mta_sts_codes.MX_NOT_COVERED,
            {"domain": domain, "mode": mode, "hosts": uncovered, "patterns": patterns or ["—"]},
            evidence=evidence,
            severity=Severity.ERROR if mode == "enforce" else Severity.WARNING,
        )
    if mode != "enforce":
        yield finding(
            mta_sts_codes.TESTING_MODE, {"domain": domain, "mode": mode}, evidence=evidence
        )
    elif not uncovered:
        yield finding(
            mta_sts_codes.OK,
            {"domain": domain, "max_age": parsed["max_age"], "hosts": sts.mx_hosts or ["—"]},
            evidence=evidence,
        )
