"""`deliverability dns-server` answers real queries from zone files until stopped."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

from deliverability.demo import world
from deliverability.dns import Outcome, Resolver

ZONES = Path(str(world() / "zones"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serves_zone_files_until_stopped() -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "deliverability", "dns-server", str(ZONES), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert f"127.0.0.1:{port}" in process.stdout.readline()
        lookup = asyncio.run(
            Resolver([f"127.0.0.1:{port}"], timeout=2).lookup("healthy.example", "MX")
        )
        assert lookup.outcome is Outcome.ANSWER
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_missing_directory_is_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "deliverability", "dns-server", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "no *.zone files" in result.stderr
