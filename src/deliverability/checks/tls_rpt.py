"""TLS-RPT rules (RFC 8460): one valid ``_smtp._tls`` record, parsed with checkdmarc's offline
parser (imported only when a record is published; its English messages are evidence)."""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import tls_rpt as tls_rpt_codes
from deliverability.context import Context
from deliverability.facts import Facts, TlsRptFacts
from deliverability.report import Finding


def check(facts: Facts, context: Context) -> list[Finding]:
    if facts.tls_rpt is None:
        return []
    return list(_findings(facts.tls_rpt, context))


def _findings(rpt: TlsRptFacts, context: Context) -> Iterator[Finding]:
    evidence = [rpt.lookup.describe()]
    if rpt.lookup.failed:
        yield unavailable(rpt.lookup, check="tls_rpt")
        return
    if not rpt.records:
        if not context.provider_domain:
            yield finding(tls_rpt_codes.MISSING, {"domain": rpt.domain}, evidence=evidence)
        return
    from checkdmarc.smtp_tls_reporting import (  # type: ignore[import-untyped]  # only for domains with a record
        SMTPTLSReportingError,
        parse_smtp_tls_reporting_record,
    )

    count = len(rpt.records)
    if count > 1:
        yield finding(
            tls_rpt_codes.SYNTAX,
            {"domain": rpt.domain, "count": count},
            evidence=[*evidence, f"{count} records"],
        )
        return
    try:
        parsed = parse_smtp_tls_reporting_record(rpt.records[0])
    except SMTPTLSReportingError as error:
        yield finding(
            tls_rpt_codes.SYNTAX,
            {"domain": rpt.domain, "count": count},
            evidence=[*evidence, str(error)],
        )
        return
    rua = parsed["tags"]["rua"]
    destinations = rua["value"] if isinstance(rua, dict) else rua
    yield finding(
        tls_rpt_codes.OK,
        {
            "domain": rpt.domain,
            "rua": [str(uri) for uri in destinations]
            if isinstance(destinations, list)
            else [str(destinations)],
        },
        evidence=[*evidence, *parsed.get("warnings", [])],
    )
