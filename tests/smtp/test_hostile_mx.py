"""An MX name no connection can be made to by name (NUL octets, a label too long to type)."""

from __future__ import annotations

import asyncio
import json

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


def test_a_batch_with_that_domain_gives_every_result(dns_server, capsys, tmp_path) -> None:
    listing = tmp_path / "domains.txt"
    listing.write_text(f"{NUL_DOMAIN}\nsmtp-mx-single.test\n", encoding="utf-8")
    code = main(
        ["check", "--nameserver", dns_server.address, "--timeout", "3", "--smtp"]
        + ["--file", str(listing), "--format", "jsonl"]
    )
    out, err = capsys.readouterr()
    assert code != ExitCode.INTERNAL, err
    targets = [json.loads(line).get("target") for line in out.splitlines() if line.strip()]
    assert NUL_DOMAIN in targets and "smtp-mx-single.test" in targets
