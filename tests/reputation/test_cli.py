"""`check --blocklists` and the Spamhaus key on the command line: used, never printed."""

from __future__ import annotations

import pytest

from deliverability.cli import ExitCode, main
from deliverability.report import Report

KEY = "abcdefghijklmnopqrstuvwxyz"


def check(dns_server, *args: str) -> list[str]:  # noqa: ANN001
    return ["check", "--nameserver", dns_server.address, "--timeout", "3", *args]


@pytest.mark.parametrize("format", ["text", "json", "jsonl", "junit", "github"])
def test_key_from_the_option_never_printed(dns_server, capsys, format: str) -> None:  # noqa: ANN001
    main(
        check(
            dns_server, "rep-listed.test", "--blocklists", "--spamhaus-key", KEY, "--format", format
        )
    )
    out, err = capsys.readouterr()
    assert KEY not in out and KEY not in err
    if format != "github":  # annotations show warnings and worse only
        assert "blocklist" in out


def test_key_from_the_environment(dns_server, capsys, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("DELIVERABILITY_SPAMHAUS_KEY", KEY)
    main(check(dns_server, "rep-listed.test", "--blocklists", "--format", "json"))
    out, err = capsys.readouterr()
    report = Report.model_validate_json(out)
    assert report.facts.blocklist is not None and report.facts.blocklist.dqs
    assert KEY not in out + err


def test_malformed_key_is_a_usage_error_that_does_not_repeat_it(dns_server, capsys) -> None:  # noqa: ANN001
    secret = f"{KEY}.evil"
    code = main(check(dns_server, "rep-listed.test", "--blocklists", "--spamhaus-key", secret))
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert "Spamhaus key" in err and KEY not in out + err


def test_blocklists_are_opt_in(dns_server, capsys) -> None:  # noqa: ANN001
    main(check(dns_server, "rep-listed.test", "--format", "json"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.facts.blocklist is None
    assert report.facts.mta_sts is not None and report.facts.bimi is not None  # on by default
