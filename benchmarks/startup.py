"""Start-up of the ``deliverability`` command, as ratios against a bare ``python -c pass``.

    python benchmarks/startup.py                 # the table (median of 15 runs each)
    python benchmarks/startup.py --importtime    # and the -X importtime top 10 of each command

Every command runs as a fresh process of the same interpreter in the same run, so the ratios
hold across machines better than the seconds: ``deliverability --help``, ``--version``,
``check healthy.example`` against the demo zones served on loopback (the DNS server runs in
this process, in a thread of its own), and ``import pydantic, dns.asyncresolver`` as a
reference for what the libraries alone cost. Targets: ``--help`` at most 4x, ``check`` at
most 25x. Both wall and CPU time are reported: on a machine shared with other work the wall
time of every process stretches with the load, its CPU time far less.

This is a script, not a test: numbers depend on the machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from deliverability.demo import world
from deliverability.testing import DnsServer

TARGETS = {"--help": 4.0, "check": 25.0}
"""The ratio each command must stay under."""


@dataclass
class Timing:
    label: str
    seconds: float
    """Median wall time."""
    cpu: float
    """Median CPU time (user + system) of the process, from the kernel: on a machine busy with
    other work, the wall time grows with the load, the CPU time much less."""


# Children write and read bytecode caches, as an installed package does (pip compiles it);
# without them every run would compile the sources again.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def command() -> list[str]:
    """The console script installed beside this interpreter, as users run it."""
    script = Path(sys.executable).with_name("deliverability")
    return [str(script)] if script.exists() else [sys.executable, "-m", "deliverability"]


def run_once(argv: Sequence[str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, exit code, stderr) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    assert process.stderr is not None
    stderr = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), stderr


def measure(cases: dict[str, list[str]], runs: int) -> list[Timing]:
    """Each command's medians; the commands take turns, so that a machine busy with other
    work slows them alike. NaN for a command that fails (an older version without it)."""
    walls: dict[str, list[float]] = {label: [] for label in cases}
    cpus: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(runs):
        for label, argv in cases.items():
            wall, cpu, code, stderr = run_once(argv)
            if code not in (0, 1):  # check exits 1 on findings: still a full run
                print(f"{' '.join(argv)} exited {code}: {stderr.strip()}", file=sys.stderr)
                wall = cpu = float("nan")
            walls[label].append(wall)
            cpus[label].append(cpu)
    return [
        Timing(label, statistics.median(walls[label]), statistics.median(cpus[label]))
        for label in cases
    ]


def import_times(arguments: Sequence[str], top: int = 10) -> list[tuple[int, int, str]]:
    """The ``top`` imports of ``deliverability ARGUMENTS`` by their own time (the module's
    body, where pydantic builds models or a data file is parsed), in microseconds:
    (self, cumulative, module)."""
    argv = [sys.executable, "-X", "importtime", "-m", "deliverability", *arguments]
    stderr = subprocess.run(argv, capture_output=True, text=True, env=ENV).stderr
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own), int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median)")
    parser.add_argument("--importtime", action="store_true", help="also the -X importtime top 10")
    args = parser.parse_args()

    with as_file(world()) as demo, DnsServer.from_directory(demo / "zones") as server:
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import pydantic, dns.asyncresolver": [
                sys.executable,
                "-c",
                "import pydantic, dns.asyncresolver",
            ],
            "--help": [*command(), "--help"],
            "--version": [*command(), "--version"],
            "check": [*command(), "check", "healthy.example", "--nameserver", server.address],
        }
        for argv in cases.values():  # warm the file cache and write the bytecode
            subprocess.run(argv, capture_output=True, env=ENV)
        timings = measure(cases, args.runs)
        importtimes = (
            {label: import_times(cases[label][len(command()) :]) for label in ("--help", "check")}
            if args.importtime
            else {}
        )

    bare = timings[0]
    print(f"{sys.executable} {sys.version.split()[0]}, median of {args.runs} runs\n")
    print(
        "| command | wall ms | × python -c pass | CPU ms | × python -c pass | target |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    failed = False
    for timing in timings:
        wall, cpu = timing.seconds / bare.seconds, timing.cpu / bare.cpu
        target = TARGETS.get(timing.label)
        failed |= target is not None and not min(wall, cpu) <= target
        print(
            f"| {timing.label} | {timing.seconds * 1000:.0f} | {wall:.1f}× "
            f"| {timing.cpu * 1000:.0f} | {cpu:.1f}× | {f'≤ {target:g}×' if target else ''} |"
        )
    for label, rows in importtimes.items():
        print(f"\n`-X importtime`, {label}: top 10 by self time\n")
        print("| module | self ms | cumulative ms |\n|---|---:|---:|")
        for own, cumulative, name in rows:
            print(f"| `{name.strip()}` | {own / 1000:.1f} | {cumulative / 1000:.1f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
