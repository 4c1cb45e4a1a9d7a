"""``deliverability serve``: the dashboard on a real local server, and clear start-up errors."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deliverability.cli import ExitCode, main
from deliverability.testing import DnsServer


@pytest.fixture
def served(dns_server: DnsServer) -> Iterator[str]:
    """``deliverability serve`` in a child process on a free port; yields its URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "deliverability",
        "serve",
        "--port",
        "0",
        "--nameserver",
        dns_server.address,
        "--timeout",
        "0.5",
        "--lang",
        "fr",
    ]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as child:
        try:
            assert child.stdout is not None
            line = child.stdout.readline()
            assert line.startswith("dashboard on http://127.0.0.1:"), line
            yield line.split()[2]
        finally:
            child.terminate()
            child.wait(timeout=10)


def test_serve_runs_the_dashboard(served: str) -> None:
    with urllib.request.urlopen(
        served + "report?target=webui-healthy.test", timeout=10
    ) as response:
        page = response.read().decode()
        assert response.status == 200
    assert '<html lang="fr">' in page, "--lang sets the language of browsers that state none"
    assert "webui-healthy.test" in page


def test_a_bad_platform_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--platform", str(tmp_path / "missing.toml")]) == ExitCode.USAGE
    error = capsys.readouterr().err
    assert error.startswith("deliverability: platform profile") and error.count("\n") == 1


def test_a_bad_nameserver_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--nameserver", "not-an-address"]) == ExitCode.USAGE
    assert "not-an-address" in capsys.readouterr().err


def test_an_unusable_store_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "0", "--db", str(tmp_path)]) == ExitCode.USAGE  # a directory
    error = capsys.readouterr().err
    assert error.startswith("deliverability: ") and error.count("\n") == 1
