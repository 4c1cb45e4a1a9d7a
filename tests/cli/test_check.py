"""`deliverability check`, `demo` and `schema`: output and exit codes."""

from __future__ import annotations

import json

import pytest

from deliverability.cli import ExitCode, main
from deliverability.report import Report
from deliverability.testing import LOOKUP_TIMEOUT


def check(dns_server, *args: str) -> list[str]:
    return ["check", "--nameserver", dns_server.address, "--timeout", str(LOOKUP_TIMEOUT), *args]


def test_json_for_one_target_is_one_report(dns_server, capsys) -> None:
    code = main(check(dns_server, "dmarc-reject.test", "--format", "json"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.domain == "dmarc-reject.test"
    assert "dmarc.ok" in report.codes()
    assert code == ExitCode.OK


def test_json_for_several_targets_is_a_list(dns_server, capsys) -> None:
    main(check(dns_server, "dmarc-reject.test", "mx-null.test", "--format", "json"))
    reports = json.loads(capsys.readouterr().out)
    assert sorted(r["domain"] for r in reports) == ["dmarc-reject.test", "mx-null.test"]


@pytest.mark.parametrize(
    ("target", "fail_on", "expected"),
    (
        ("mx-null.test", "error", ExitCode.FINDINGS),
        ("mx-null.test", "critical", ExitCode.OK),
        ("dmarc-none.test", "warning", ExitCode.FINDINGS),
        ("mx-implicit.test", "critical", ExitCode.OK),
    ),
)
def test_fail_on(dns_server, capsys, target: str, fail_on: str, expected: ExitCode) -> None:
    assert main(check(dns_server, target, "--fail-on", fail_on)) == expected


def test_dns_unavailable_everywhere_is_exit_3(capsys) -> None:
    # Nothing listens on port 9 of loopback: every lookup fails.
    code = main(["check", "--nameserver", "127.0.0.1:9", "--timeout", "0.2", "example.test"])
    assert code == ExitCode.DNS_UNAVAILABLE
    assert "dns.unavailable" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    (
        ["check", "not a domain"],
        ["check", "192.0.2.1"],
        ["check", "--nameserver", "resolver.example", "example.test"],
        ["check", "--platform", "/nonexistent/platform.toml", "example.test"],
        ["check", "--timeout", "-1", "example.test"],
        ["check"],
    ),
)
def test_bad_input_is_exit_2_with_one_line(capsys, args: list[str]) -> None:
    assert main(args) == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err


def test_text_output_in_french(dns_server, capsys) -> None:
    main(check(dns_server, "dmarc-none.test", "--lang", "fr"))
    out = capsys.readouterr().out
    assert "[dmarc.policy_none]" in out
    assert "DMARC" in out and "Correction :" in out


def test_text_output_neutralises_control_characters(dns_server, capsys) -> None:
    main(check(dns_server, "hostile.test"))
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\\x1b" in out


def test_demo_runs_offline(capsys) -> None:
    assert main(["demo", "--format", "json"]) == ExitCode.OK
    reports = [Report.model_validate(r) for r in json.loads(capsys.readouterr().out)]
    by_target = {r.target: r.codes() for r in reports}
    assert "dmarc.missing" in by_target["no-dmarc.example"]
    assert "mx.null" in by_target["null-mx.example"]
    assert "dmarc.rua_unauthorized" in by_target["monitor-only.example"]


def test_schema_is_the_report_schema(capsys) -> None:
    assert main(["schema"]) == ExitCode.OK
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Report"
    assert {"target", "findings", "facts", "changes"} <= set(schema["properties"])


def test_smtp_probe_is_opt_in(dns_server, capsys) -> None:
    main(check(dns_server, "mx-ok.test", "--format", "json"))
    assert Report.model_validate_json(capsys.readouterr().out).facts.smtp is None
    main(check(dns_server, "mx-ok.test", "--format", "json", "--smtp"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.facts.smtp is not None
    # The MX hosts have documentation addresses: the address policy refuses them, nothing is connected.
    assert report.codes("smtp") & {"smtp.address_refused", "smtp.port25_blocked"}


def test_bad_target_in_french(capsys) -> None:
    assert main(["check", "--lang", "fr", "192.0.2.1"]) == ExitCode.USAGE
    assert "c'est une adresse IP, pas un domaine" in capsys.readouterr().err


def test_check_smtp_takes_the_allow_private_its_advice_names(dns_server, capsys) -> None:
    # The MX of smtp-mx-single.test is 127.0.0.1: refused by the address policy by default,
    # and smtp.address_refused's fix names --allow-private, which `check` accepts.
    args = check(dns_server, "smtp-mx-single.test", "--smtp", "--format", "json", "--deadline", "5")
    main(args)
    refused = Report.model_validate_json(capsys.readouterr().out)
    finding = next(f for f in refused.findings if f.code == "smtp.address_refused")
    assert "--allow-private" in finding.fix
    main([*args, "--allow-private"])
    allowed = Report.model_validate_json(capsys.readouterr().out)
    assert "smtp.address_refused" not in allowed.codes()
    assert allowed.codes("smtp"), "the probe went on to connect"
