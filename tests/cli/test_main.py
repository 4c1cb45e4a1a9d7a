"""The command line's own failures: one line and exit 4, never a traceback."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from deliverability.cli import ExitCode, main
from deliverability.testing import LOOKUP_TIMEOUT


def _failing(error: BaseException) -> SimpleNamespace:
    def run(args: argparse.Namespace) -> int:
        raise error

    return SimpleNamespace(NAME="boom", HELP="fails", add_arguments=lambda parser: None, run=run)


def test_internal_error_is_one_line_and_exit_4(capsys, monkeypatch) -> None:
    monkeypatch.delenv("DELIVERABILITY_DEBUG", raising=False)
    assert main(["boom"], commands=[_failing(RuntimeError("bug"))]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: bug)" in err


def test_debug_shows_the_traceback(monkeypatch) -> None:
    monkeypatch.setenv("DELIVERABILITY_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["boom"], commands=[_failing(RuntimeError("bug"))])


def test_interrupt_is_130(capsys) -> None:
    assert main(["boom"], commands=[_failing(KeyboardInterrupt())]) == ExitCode.INTERRUPTED


def test_help_is_exit_0(capsys) -> None:
    assert main(["--help"]) == ExitCode.OK
    assert "check" in capsys.readouterr().out


def test_unknown_command_is_exit_2(capsys) -> None:
    assert main(["frobnicate"]) == ExitCode.USAGE


def test_a_command_s_help_lists_its_own_options(capsys) -> None:
    # Only the chosen command's module is loaded, and with it its options.
    assert main(["check", "--help"]) == ExitCode.OK
    assert "--fail-on" in capsys.readouterr().out


def test_version_is_exit_0(capsys) -> None:
    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.startswith("deliverability ")


def test_the_command_ends_quietly_when_its_reader_went_away(dns_server) -> None:
    # `deliverability check … | head -0`: the pipe is closed before anything is written, and
    # the report waits in stdout's buffer until the command ends.
    command = [sys.executable, "-m", "deliverability", "check", "--nameserver"]
    command += [dns_server.address, "--timeout", str(LOOKUP_TIMEOUT)]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [*command, "batch-ok.test"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=buffered,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, errors = process.communicate(timeout=60)
    assert errors == b""
    assert process.returncode == ExitCode.OK


def test_the_command_flushes_its_output_before_it_ends(dns_server) -> None:
    # The text format's summary is written last, into stdout's buffer (a pipe here).
    command = [sys.executable, "-m", "deliverability", "check", "--nameserver"]
    command += [dns_server.address, "--timeout", str(LOOKUP_TIMEOUT)]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [*command, "batch-ok.test", "batch-warn.test", "--verbose"],
        capture_output=True,
        text=True,
        timeout=60,
        env=buffered,
    )
    assert "Checked: 2 targets" in done.stdout
    assert done.stdout.rstrip().endswith("Most frequent: dmarc.policy_none ×1"), done.stdout[-300:]
