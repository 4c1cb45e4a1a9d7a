"""An MX name no connection can be made to by name (NUL octets, a label too long to type)."""

from __future__ import annotations

import asyncio

from deliverability.checks.smtp import mx_findings
from deliverability.cli import ExitCode, main
from deliverability.report import Report
from deliverability.smtp import AddressPolicy, probe_mx

NUL_DOMAIN = "smtp-mx-nul.test"
"""Its one MX is 22 NUL octets: 22 octets on the wire, 88 characters in presentation form."""


def test_an_mx_with_nul_octets_is_a_finding_not_a_crash(resolver, ca_file, starttls_server) -> None:
    facts = asyncio.run(
        probe_mx(
            NUL_DOMAIN,
            resolver=resolver,
            port=starttls_server.port,
            policy=AddressPolicy(allow_private=True),
            ca_file=ca_file,
            timeout=2.0,
        )
    )
    before = starttls_server.connections
    findings = mx_findings(facts, NUL_DOMAIN)
    assert [f.code for f in findings] == ["smtp.mx_name_invalid"]
    assert "\\000" in str(findings[0].params["host"])
    assert starttls_server.connections == before  # nothing connected to a name that cannot be one


def test_check_smtp_on_that_domain_reports_it(dns_server, capsys) -> None:
    code = main(
        ["check", "--nameserver", dns_server.address, "--timeout", "3"]
        + [NUL_DOMAIN, "--smtp", "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code != ExitCode.INTERNAL, err
    report = Report.model_validate_json(out)
    assert "smtp.mx_name_invalid" in report.codes()
