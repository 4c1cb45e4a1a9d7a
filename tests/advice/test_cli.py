"""`deliverability check --dkim-selector / --common-dkim-selectors`."""

from __future__ import annotations

import pytest

from deliverability.cli import ExitCode, main
from deliverability.report import Report


def check(dns_server, *args: str) -> list[str]:
    return [
        "check",
        "--nameserver",
        dns_server.address,
        "--timeout",
        "0.5",
        "--format",
        "json",
        *args,
    ]


def test_selectors_named_on_the_command_line(dns_server, capsys) -> None:
    main(check(dns_server, "adv-keys.test", "--dkim-selector", "ED", "--dkim-selector", "revoked"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.facts.dkim is not None
    assert [(s.selector, s.source) for s in report.facts.dkim.selectors] == [
        ("ed", "option"),
        ("revoked", "option"),
    ]
    assert report.codes("dkim") == {"dkim.ok", "dkim.revoked"}


def test_common_selectors_on_request(dns_server, capsys) -> None:
    main(check(dns_server, "adv-keys.test", "--common-dkim-selectors"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.facts.dkim is not None and "google" in [
        s.selector for s in report.facts.dkim.selectors
    ]


@pytest.mark.parametrize("selector", ("two words", "", "x" * 64, "a..b"))
def test_a_selector_that_is_not_a_dns_label_is_a_usage_error(
    dns_server, capsys, selector: str
) -> None:
    assert main(check(dns_server, "adv-keys.test", "--dkim-selector", selector)) == ExitCode.USAGE
    assert "DKIM selector" in capsys.readouterr().err
