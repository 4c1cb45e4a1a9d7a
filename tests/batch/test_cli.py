"""`deliverability check` over lists: --file, stdin, formats, --ignore, --baseline, exit codes."""

from __future__ import annotations

import json
import selectors
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deliverability.cli import ExitCode, main
from deliverability.report import Report
from deliverability.testing import LOOKUP_TIMEOUT

LIST = """\
# nightly customer list
batch-ok.test
batch-warn.test      # p=none: a warning
contact@batch-null.test
"""


def check(dns_server, *args: str) -> list[str]:
    return ["check", "--nameserver", dns_server.address, "--timeout", str(LOOKUP_TIMEOUT), *args]


@pytest.fixture
def domains(tmp_path: Path) -> Path:
    path = tmp_path / "domains.txt"
    path.write_text(LIST, encoding="utf-8")
    return path


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_file_with_comments(dns_server, capsys, domains: Path) -> None:
    code = main(check(dns_server, "--file", str(domains), "--format", "jsonl"))
    captured = capsys.readouterr()
    reports = [Report.model_validate(entry) for entry in jsonl(captured.out)]
    assert sorted(r.target for r in reports) == [
        "batch-ok.test",
        "batch-warn.test",
        "contact@batch-null.test",
    ]
    assert code == ExitCode.FINDINGS  # the null MX is an error
    assert "Checked: 3" in captured.err  # the summary goes to stderr for machine formats


def test_arguments_and_file_together(dns_server, capsys, domains: Path) -> None:
    main(check(dns_server, "batch-hostile.test", "--file", str(domains), "--format", "jsonl"))
    assert len(jsonl(capsys.readouterr().out)) == 4


def test_text_batch_ends_with_the_summary_table(dns_server, capsys, domains: Path) -> None:
    main(check(dns_server, "--file", str(domains)))
    out = capsys.readouterr().out
    assert "batch-warn.test" in out
    table = out[out.index("Checked: 3") :]
    assert "failing the run" in table and "dmarc.policy_none ×1" in table


def test_summary_in_french(dns_server, capsys, domains: Path) -> None:
    main(check(dns_server, "--file", str(domains), "--lang", "fr", "--format", "jsonl"))
    assert "Vérifiées : 3 cibles" in capsys.readouterr().err


def test_stdin_list(dns_server) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "deliverability",
            *check(dns_server, "--file", "-", "--format", "jsonl"),
        ],
        input=LIST + "not a domain\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    entries = jsonl(result.stdout)
    assert sorted(e["target"] for e in entries) == [
        "batch-ok.test",
        "batch-warn.test",
        "contact@batch-null.test",
        "not a domain",
    ]
    (error,) = [e for e in entries if "error" in e]
    assert error["where"] == "<stdin>:5"
    assert result.returncode == ExitCode.USAGE


def test_jsonl_streams_before_the_list_ends(dns_server) -> None:
    # The list comes through a pipe that stays open: the first report must arrive while the
    # command still waits for more lines.
    command = [
        sys.executable,
        "-m",
        "deliverability",
        *check(dns_server, "--file", "-", "--format", "jsonl"),
    ]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        try:
            process.stdin.write("batch-ok.test\n")
            process.stdin.flush()
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                assert selector.select(timeout=60), "no report while the list was still open"
            first = json.loads(process.stdout.readline())
            assert first["target"] == "batch-ok.test"
            assert process.poll() is None
            process.stdin.write("batch-warn.test\n")
            process.stdin.close()
            second = json.loads(process.stdout.readline())
            assert second["target"] == "batch-warn.test"
            assert process.wait(timeout=60) == ExitCode.OK
        finally:
            if process.poll() is None:
                process.kill()


def test_bad_line_is_reported_and_the_batch_goes_on(dns_server, capsys, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("batch-ok.test\nbad..example\nbatch-warn.test\n", encoding="utf-8")
    code = main(check(dns_server, "--file", str(path), "--format", "jsonl"))
    entries = jsonl(capsys.readouterr().out)
    assert {e["target"] for e in entries if "error" not in e} == {
        "batch-ok.test",
        "batch-warn.test",
    }
    (error,) = [e for e in entries if "error" in e]
    assert error["where"] == f"{path}:2" and "empty label" in error["error"]
    assert code == ExitCode.USAGE


def test_bad_line_in_text_goes_to_stderr_as_one_line(dns_server, capsys, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("batch-ok.test\n192.0.2.1\n", encoding="utf-8")
    main(check(dns_server, "--file", str(path)))
    errors = [line for line in capsys.readouterr().err.splitlines() if line]
    assert errors == [
        f"deliverability: {path}:2: '192.0.2.1' is not a domain or an e-mail address: "
        "it is an IP address, not a domain"
    ]


@pytest.mark.parametrize(
    ("targets", "options", "expected"),
    (
        (["batch-ok.test", "batch-warn.test"], [], ExitCode.OK),
        (["batch-ok.test", "batch-warn.test"], ["--fail-on", "warning"], ExitCode.FINDINGS),
        (["batch-ok.test", "batch-null.test"], [], ExitCode.FINDINGS),
        (["batch-ok.test", "batch-null.test"], ["--ignore", "mx.null"], ExitCode.OK),
        (["batch-ok.test", "batch-null.test"], ["--ignore", "mx.*"], ExitCode.OK),
        (["batch-ok.test", "batch-null.test"], ["--fail-on", "critical"], ExitCode.OK),
    ),
)
def test_exit_codes(
    dns_server, capsys, targets: list[str], options: list[str], expected: ExitCode
) -> None:
    assert main(check(dns_server, *targets, "--format", "jsonl", *options)) == expected


def test_dns_unavailable_for_every_listed_target_is_exit_3(capsys, domains: Path) -> None:
    # Nothing listens on port 9 of loopback: every lookup of every target fails.
    code = main(
        ["check", "--nameserver", "127.0.0.1:9", "--timeout", "0.2", "--file", str(domains)]
    )
    assert code == ExitCode.DNS_UNAVAILABLE


@pytest.mark.parametrize(
    "args",
    (
        ["--file", "/nonexistent/list.txt"],
        ["--ignore", "spf.mutliple", "batch-ok.test"],
        ["--baseline", "/nonexistent/baseline.jsonl", "batch-ok.test"],
        ["--concurrency", "0", "batch-ok.test"],
        ["--format", "xml", "batch-ok.test"],
        ["--save", "report.html", "batch-ok.test"],
    ),
)
def test_bad_options_are_exit_2_with_one_line(dns_server, capsys, args: list[str]) -> None:
    assert main(check(dns_server, *args)) == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert err and "Traceback" not in err


def test_a_missing_list_is_one_sentence(dns_server, capsys) -> None:
    assert main(check(dns_server, "--file", "/nonexistent/list.txt")) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == (
        "deliverability: --file /nonexistent/list.txt: cannot read it (No such file or directory)\n"
    )


@pytest.mark.parametrize(
    "content",
    ('{"name": "not a report"}', "[1, 2]", "[]", '"text"', '{"target": "a.example"}\n'),
)
def test_a_baseline_that_is_not_a_report_is_refused(
    dns_server, capsys, tmp_path: Path, content: str
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(content, encoding="utf-8")
    assert main(check(dns_server, "--baseline", str(baseline), "batch-ok.test")) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"deliverability: baseline {baseline}: ") and err.count("\n") == 1


def test_ignored_findings_leave_the_output(dns_server, capsys) -> None:
    main(
        check(
            dns_server,
            "batch-null.test",
            "batch-warn.test",
            "--format",
            "jsonl",
            "--ignore",
            "dmarc.*",
        )
    )
    for entry in jsonl(capsys.readouterr().out):
        assert not any(f["code"].startswith("dmarc.") for f in entry["findings"])


def test_baseline_fails_only_on_regressions(dns_server, capsys, tmp_path: Path) -> None:
    baseline = tmp_path / "last-night.jsonl"
    assert (
        main(check(dns_server, "batch-ok.test", "batch-null.test", "--format", "jsonl"))
        == ExitCode.FINDINGS
    )
    baseline.write_text(capsys.readouterr().out, encoding="utf-8")
    # Same findings tonight: known debt, green.
    tonight = check(dns_server, "--baseline", str(baseline), "batch-ok.test", "batch-null.test")
    assert main([*tonight, "--format", "jsonl"]) == ExitCode.OK
    assert (
        "Findings known from the baseline: 1; targets in the baseline: 2" in capsys.readouterr().err
    )
    # A target whose error is not in the baseline: red, and only it is annotated.
    assert main([*tonight, "contact@batch-null.test", "--format", "github"]) == ExitCode.FINDINGS
    annotations = capsys.readouterr().out.splitlines()
    assert [
        line.split("title=")[1].split("::")[0] for line in annotations if line.startswith("::error")
    ] == ["contact@batch-null.test%3A mx.null"]


def test_a_json_run_is_a_baseline_too(dns_server, capsys, tmp_path: Path) -> None:
    baseline = tmp_path / "last-night.json"
    main(check(dns_server, "batch-null.test", "batch-ok.test", "--format", "json"))
    baseline.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(check(dns_server, "batch-null.test", "--baseline", str(baseline))) == ExitCode.OK


def test_junit_from_the_command_line_parses(dns_server, capsys, domains: Path) -> None:
    code = main(
        check(dns_server, "batch-hostile.test", "--file", str(domains), "--format", "junit")
    )
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {
        "batch-hostile.test",
        "batch-ok.test",
        "batch-warn.test",
        "contact@batch-null.test",
    }
    failure = suites["batch-hostile.test"].find("testcase[@name='dmarc']/failure")
    assert "dmarc.syntax" in failure.get("type")
    assert "]]>" in failure.text and "\x00" not in failure.text
    assert suites["contact@batch-null.test"].find("testcase[@name='mx']/failure") is not None
    assert code == ExitCode.FINDINGS


def test_github_from_the_command_line_points_at_the_list(
    dns_server, capsys, monkeypatch, domains: Path
) -> None:
    monkeypatch.chdir(
        domains.parent
    )  # annotations name the list as given, relative to the checkout
    main(check(dns_server, "--file", "domains.txt", "--format", "github"))
    lines = capsys.readouterr().out.splitlines()
    assert (
        "::error file=domains.txt,line=4,title=contact@batch-null.test%3A mx.null::"
        in "\n".join(lines)
    )
    assert any(line.startswith("::warning file=domains.txt,line=3,") for line in lines)


def test_save_writes_tomorrows_baseline_beside_any_format(
    dns_server, capsys, tmp_path: Path
) -> None:
    saved = tmp_path / "tonight.jsonl"
    code = main(
        check(
            dns_server,
            "batch-ok.test",
            "batch-null.test",
            "--format",
            "junit",
            "--save",
            str(saved),
        )
    )
    ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert sorted(json.loads(line)["target"] for line in saved.read_text().splitlines()) == [
        "batch-null.test",
        "batch-ok.test",
    ]
    assert code == ExitCode.FINDINGS
    # Reading and overwriting the same file in one run: the baseline is read first.
    again = check(dns_server, "--baseline", str(saved), "--save", str(saved), "batch-null.test")
    assert main([*again, "--format", "jsonl"]) == ExitCode.OK
    assert [json.loads(line)["target"] for line in saved.read_text().splitlines()] == [
        "batch-null.test"
    ]


def test_an_empty_list_is_an_input_error(dns_server, capsys, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("# nobody yet\n\n", encoding="utf-8")
    assert main(check(dns_server, "--file", str(path), "--format", "junit")) == ExitCode.USAGE
    assert "no target in the list" in capsys.readouterr().err
