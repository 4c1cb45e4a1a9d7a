"""MX rules: can the domain receive mail (replies to quotes, bounces)?"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.addresses import address_kind, is_ip_address
from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import mx as mx_codes
from deliverability.context import Context
from deliverability.facts import Facts, MxFacts, MxHost
from deliverability.report import Finding, Severity

_UNREACHABLE = frozenset(
    {"private", "loopback", "link-local", "multicast", "unspecified", "reserved", "shared"}
)


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.mx is None:
        return []
    findings = list(_findings(facts.mx, context.domain))
    if not any(f.severity > Severity.INFO for f in findings) and facts.mx.hosts:
        hosts = [f"{h.name} ({h.preference})" for h in facts.mx.hosts]
        findings.insert(
            0,
            finding(
                mx_codes.OK,
                {"domain": context.domain, "hosts": hosts},
                evidence=[facts.mx.lookup.describe()],
            ),
        )
    return findings


def _findings(mx: MxFacts, domain: str) -> Iterator[Finding]:
    lookup = mx.lookup
    evidence = [lookup.describe()]
    if lookup.failed:
        yield unavailable(lookup, check="mx")
    elif lookup.outcome == "nxdomain":
        yield finding(mx_codes.NXDOMAIN, {"domain": domain}, evidence=evidence)
    elif lookup.outcome == "nodata":
        yield from _without_mx(mx, domain)
    elif any(not host.name for host in mx.hosts):
        yield finding(mx_codes.NULL, {"domain": domain}, evidence=evidence)
    else:
        for host in mx.hosts:
            yield from _host(host, domain)
        if mx.mailbox_host:
            yield finding(
                mx_codes.MAILBOX_HOST,
                {"domain": domain, "host": mx.mailbox_host},
                evidence=evidence,
            )


def _without_mx(mx: MxFacts, domain: str) -> Iterator[Finding]:
    addresses = [
        address for fact in mx.implicit if fact.outcome == "answer" for address in fact.records
    ]
    evidence = [mx.lookup.describe(), *(fact.describe() for fact in mx.implicit)]
    failed = [fact for fact in mx.implicit if fact.failed]
    if addresses:
        yield finding(
            mx_codes.IMPLICIT, {"domain": domain, "addresses": addresses}, evidence=evidence
        )
    elif failed:
        yield unavailable(failed[0], check="mx")
    else:
        yield finding(mx_codes.MISSING, {"domain": domain}, evidence=evidence)


def _host(host: MxHost, domain: str) -> Iterator[Finding]:
    evidence = [fact.describe() for fact in host.lookups]
    if is_ip_address(host.name):
        yield finding(mx_codes.IP_LITERAL, {"domain": domain, "host": host.name}, evidence=evidence)
        return
    chain = next((fact.cnames for fact in host.lookups if fact.cnames), None)
    if chain:
        yield finding(
            mx_codes.CNAME,
            {"domain": domain, "host": host.name, "target": chain[-1]},
            evidence=evidence,
        )
    if not host.addresses:
        failed = [fact for fact in host.lookups if fact.failed]
        yield (
            unavailable(failed[0], check="mx")
            if failed
            else finding(
                mx_codes.UNRESOLVABLE, {"domain": domain, "host": host.name}, evidence=evidence
            )
        )
        return
    unreachable = [address for address in host.addresses if address_kind(address) in _UNREACHABLE]
    if unreachable:
        yield finding(
            mx_codes.PRIVATE_ADDRESS,
            {"domain": domain, "host": host.name, "addresses": unreachable},
            evidence=evidence,
        )
