"""`deliverability message FILE|-`: output, exit codes as for `check`, and what it imports."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from deliverability.cli import ExitCode, main
from deliverability.message import MAX_MESSAGE_BYTES
from deliverability.report import Report

from .conftest import build, gmail, sign


def message(dns_server, *args: str) -> list[str]:
    return ["message", "--nameserver", dns_server.address, "--timeout", "3", *args]


def test_json_report_of_a_saved_message(dns_server, tmp_path, capsys) -> None:
    path = tmp_path / "devis.eml"
    path.write_bytes(gmail(sign(build())))
    code = main(message(dns_server, str(path), "--format", "json", "--fail-on", "critical"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.target == "devis@msg-sender.test"
    assert "auth.dmarc_ok" in report.codes()
    assert code == ExitCode.OK


def test_stdin_and_fail_on(dns_server, monkeypatch, capsys) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(gmail(sign(build(), selector="gone"))))
    )
    code = main(message(dns_server, "-", "--lang", "fr"))
    out = capsys.readouterr().out
    assert "sélecteur" in out or "Aucune clé DKIM" in out
    assert code == ExitCode.FINDINGS


def test_ip_and_bulk_options(dns_server, tmp_path, capsys) -> None:
    path = tmp_path / "news.eml"
    path.write_bytes(build())
    main(message(dns_server, str(path), "--ip", "203.0.113.9", "--bulk", "--format", "json"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert {"message.bulk", "message.list_unsubscribe_missing"} <= report.codes()
    assert report.facts.message.connecting.source == "option"


@pytest.mark.parametrize(
    "args",
    [
        ["--ip", "not-an-address"],
        ["--platform", "/nonexistent/platform.toml"],
    ],
)
def test_bad_options_are_usage_errors(dns_server, tmp_path, capsys, args) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(build())
    assert main(message(dns_server, str(path), *args)) == ExitCode.USAGE
    assert capsys.readouterr().err.count("\n") == 1


def test_a_message_over_25_mb_is_refused_with_one_line(dns_server, tmp_path, capsys) -> None:
    path = tmp_path / "huge.eml"
    path.write_bytes(build() + b"x" * MAX_MESSAGE_BYTES)
    assert main(message(dns_server, str(path))) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith("deliverability: the message is") and err.count("\n") == 1


def test_a_missing_file_is_a_usage_error(dns_server, tmp_path, capsys) -> None:
    assert main(message(dns_server, str(tmp_path / "absent.eml"))) == ExitCode.USAGE


def test_all_dns_failing_is_exit_3(tmp_path, capsys) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(build(sender="a@timeout.test"))
    code = main(
        ["message", "--nameserver", "127.0.0.1:9", "--timeout", "0.2", "--deadline", "2", str(path)]
    )
    assert code == ExitCode.DNS_UNAVAILABLE


def test_import_and_check_load_neither_dkim_nor_authres(dns_server) -> None:
    script = (
        "import sys\n"
        "import deliverability\n"
        "from deliverability.cli import main\n"
        f"main(['check', '--nameserver', {dns_server.address!r}, '--timeout', '0.5', 'msg-sender.test'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dkim', 'authres')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


KEY = "abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize("format", ["text", "json"])  # the message command's formats
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_blocklists_by_default_and_the_key_never_printed(
    dns_server, tmp_path, capsys, format: str, lang: str
) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(build())
    args = [str(path), "--ip", "192.0.2.2", "--spamhaus-key", KEY, "--lang", lang]
    code = main(message(dns_server, *args, "--format", format))
    out, err = capsys.readouterr()
    assert code != ExitCode.USAGE and out
    assert KEY not in out + err
    if format == "json":
        report = Report.model_validate_json(out)
        assert report.facts.blocklist is not None and report.facts.blocklist.dqs
        assert "blocklist.refused" in report.codes()  # the real zones do not answer on loopback


def test_no_blocklists(dns_server, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DELIVERABILITY_SPAMHAUS_KEY", "malformed!")  # unused: not even checked
    path = tmp_path / "m.eml"
    path.write_bytes(build())
    code = main(message(dns_server, str(path), "--no-blocklists", "--format", "json"))
    report = Report.model_validate_json(capsys.readouterr().out)
    assert report.facts.blocklist is None and not report.codes("blocklist")
    assert code != ExitCode.USAGE


def test_a_malformed_key_is_a_usage_error_that_does_not_repeat_it(
    dns_server, tmp_path, capsys
) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(build())
    code = main(message(dns_server, str(path), "--spamhaus-key", f"{KEY}.evil"))
    out, err = capsys.readouterr()
    assert code == ExitCode.USAGE
    assert "Spamhaus key" in err and KEY not in out + err
