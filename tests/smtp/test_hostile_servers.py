"""Servers that misbehave on purpose: the evidence says what happened, and the test ends on time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import trustme

from deliverability.budget import DEFAULT_MAX_BYTES, bound, size
from deliverability.cli import ExitCode, main
from deliverability.report import Report

from .hostile_peers import StreamServer, endless_banner, huge_banner, server_context, slow, wordy
from .smtp_peers import HOST, LOGIN_ARGS, PASSWORD


@pytest.fixture(scope="module")
def huge_banner_server() -> Iterator[StreamServer]:
    with StreamServer(huge_banner) as server:
        yield server


@pytest.fixture(scope="module")
def endless_banner_server() -> Iterator[StreamServer]:
    with StreamServer(endless_banner) as server:
        yield server


@pytest.fixture(scope="module")
def slow_server(leaf: trustme.LeafCert) -> Iterator[StreamServer]:
    """Implicit TLS; every reply comes 0.3 s after the command."""
    with StreamServer(slow(0.3), tls=server_context(leaf)) as server:
        yield server


@pytest.fixture(scope="module")
def wordy_server(leaf: trustme.LeafCert) -> Iterator[StreamServer]:
    """Implicit TLS; every reply is 150 lines, just under the client's 8 KB for a reply."""
    with StreamServer(wordy(150, 30), tls=server_context(leaf)) as server:
        yield server


def _one(report: Report) -> tuple[str, dict[str, object]]:
    [finding] = report.findings
    return finding.code, finding.params


@pytest.mark.parametrize("lang", ("en", "fr"))
def test_a_10_mb_greeting_is_a_reply_too_long(submit, huge_banner_server, lang: str) -> None:
    report = submit(huge_banner_server.port, host=f"tls://{HOST}", lang=lang)
    code, params = _one(report)
    assert code == "smtp.reply_too_long" and params["step"] == "banner"
    [finding] = report.findings
    limit = f"{params['limit']}"
    assert limit in finding.title and int(limit) < 10 * 1024 * 1024
    assert ("octets" if lang == "fr" else "bytes") in finding.title
    assert not any("-1" in line or "Response too long" in line for line in finding.evidence)


@pytest.mark.parametrize("lang", ("en", "fr"))
def test_a_reply_that_never_ends_is_not_silence(submit, endless_banner_server, lang: str) -> None:
    report = submit(endless_banner_server.port, host=f"tls://{HOST}", timeout=0.5, lang=lang)
    code, params = _one(report)
    assert (code, params["step"], params["seconds"]) == ("smtp.reply_endless", "banner", "0.5")
    assert ("sans jamais la terminer" if lang == "fr" else "without ending it") in report.findings[
        0
    ].title


def test_the_whole_test_has_a_deadline(submit, slow_server) -> None:
    # Each reply comes well within the step timeout; four of them do not fit in the deadline.
    # The address (in the certificate too) keeps a DNS lookup out of the deadline.
    report = submit(slow_server.port, host="ssl://127.0.0.1", timeout=2.0, deadline=0.8)
    code, params = _one(report)
    assert code == "smtp.deadline" and params["seconds"] == "0.8"
    assert report.facts.submission.session.deadline_reached


def test_a_slow_server_within_the_deadline_works(submit, slow_server) -> None:
    report = submit(slow_server.port, host=f"ssl://{HOST}", timeout=2.0, deadline=20.0)
    assert [f.code for f in report.findings] == ["smtp.ok"]


def test_the_cli_takes_a_deadline(slow_server, capsys, monkeypatch, dns_server, ca_file) -> None:
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD)
    args = [*LOGIN_ARGS, "--port", str(slow_server.port), "--password-env"]
    args += ["DELIVERABILITY_TEST_PASSWORD", "--format", "json", "--ca-file", ca_file]
    args += ["--allow-private", "--nameserver", dns_server.address]
    args += ["--timeout", "2", "--deadline", "0.8"]
    args[args.index("--host") + 1] = "ssl://127.0.0.1"
    assert main(args) == ExitCode.FINDINGS
    assert Report.model_validate_json(capsys.readouterr().out).codes() == {"smtp.deadline"}


@pytest.mark.parametrize("lang", ("en", "fr"))
def test_replies_of_many_lines_make_a_report_within_the_budget(submit, wordy_server, lang) -> None:
    # The submission report is assembled like a domain's (diagnosis.assemble), so it passes
    # through the size budget; the session keeps so little of each reply that it fits as it is.
    report = submit(wordy_server.port, host=f"ssl://{HOST}", lang=lang)
    assert [finding.code for finding in report.findings] == ["smtp.auth_failed"]
    assert size(report) <= DEFAULT_MAX_BYTES and bound(report) is report and not report.truncated
    session = report.facts.submission.session
    # Each reply is cut to 500 characters, the EHLO keywords to 40, the transcript to 80 lines.
    assert len(session.banner) == 501 and session.banner.endswith("…")
    assert len(session.extensions) == 40 and session.reply.text.endswith("…")
    assert len(session.transcript) <= 80 and all(len(line) <= 501 for line in session.transcript)
