"""Peak memory of a batch against hostile zones (issue 11, items 11 and 12).

    python benchmarks/bounds.py                  # both cases
    python benchmarks/bounds.py --case bomb --targets 400 --concurrency 200
    python benchmarks/bounds.py --case wildcard --targets 3000

Two cases, each a ``deliverability check --file … --format jsonl`` run in a child process
whose peak resident memory comes from the kernel (``os.wait4``: that child only):

- ``bomb``: every target is a name of an SPF include tree of 50 names, each with 10 TXT
  records of 3,900 bytes (``deliverability.testing.spf_bomb_zone``), checked for a platform of
  16 sending addresses (each evaluated through the tree, with its trace) at ``--concurrency 200``.
- ``wildcard``: every target is a name of a zone whose wildcard answers one 60 KB TXT record
  (``deliverability.testing.big_txt_wildcard_zone``): the resolver's cache must stay bounded
  in bytes.

The zones are served by the project's loopback ``DnsServer`` in a process of its own. The
run also checks the output: one JSON line per target, each at most 1 MB. This is a script,
not a test: the figures depend on the machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BOMB, WILDCARD = "bomb-bench.test", "wild-bench.test"
TIMEOUT = DEADLINE = 3600
"""The largest the command allows: the crafted targets cost CPU (33 SPF evaluations each), and with 200 on
one event loop an answer can wait for the loop longer than the usual 5 s; the figure
measured is memory, and a lookup that timed out would make a smaller report than a real one."""
PLATFORM = """\
[platform]
name = "Bench"
spf_include = "_spf.platform.example"
sending_ips = [{ips}]
return_path_domain = "bounce.platform.example"
helo = "out1.platform.example"
from_domain = "platform.example"
"""

SERVER = """\
import sys, time
from deliverability.testing import DnsServer, big_txt_wildcard_zone, spf_bomb_zone
zones = [spf_bomb_zone(sys.argv[1]), big_txt_wildcard_zone(sys.argv[2], size=60_000)]
with DnsServer(zones) as server:
    print(server.address, flush=True)
    sys.stdin.read()  # until the parent closes our stdin
"""


@dataclass
class Run:
    case: str
    targets: int
    concurrency: int
    seconds: float
    peak_mb: float
    lines: int
    largest_line: int
    truncated: int
    unavailable: int
    """Reports with a lookup that failed (a timeout under load): smaller than a real one."""
    exit_code: int


def measure(case: str, targets: int, concurrency: int, address: str, work: Path) -> Run:
    zone = BOMB if case == "bomb" else WILDCARD
    listing = work / f"{case}.txt"
    listing.write_text("".join(f"t{number}.{zone}\n" for number in range(targets)), "ascii")
    platform = work / "platform.toml"
    ips = ", ".join(f'"203.0.113.{host}"' for host in range(1, 17))
    platform.write_text(PLATFORM.format(ips=ips), "utf-8")
    output = work / f"{case}.jsonl"
    command = [
        sys.executable,
        "-m",
        "deliverability",
        "check",
        "--file",
        str(listing),
        "--nameserver",
        address,
        "--concurrency",
        str(concurrency),
        "--format",
        "jsonl",
        "--timeout",
        str(TIMEOUT),
        "--deadline",
        str(DEADLINE),
        "--fail-on",
        "critical",
    ]
    if case == "bomb":
        command += ["--platform", str(platform)]
    started = time.monotonic()
    errors = work / f"{case}.stderr"
    with output.open("w") as sink, errors.open("w") as stderr:
        process = subprocess.Popen(command, stdout=sink, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        print(errors.read_text()[-2000:], file=sys.stderr)
    lines = largest = truncated = unavailable = 0
    with output.open("rb") as written:
        for line in written:
            lines += 1
            largest = max(largest, len(line))
            report = json.loads(line)
            truncated += bool(report.get("truncated"))
            unavailable += any(f["code"] == "dns.unavailable" for f in report.get("findings", ()))
    return Run(
        case,
        targets,
        concurrency,
        seconds,
        usage.ru_maxrss / 1024,
        lines,
        largest,
        truncated,
        unavailable,
        os.waitstatus_to_exitcode(status),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=("bomb", "wildcard", "both"), default="both")
    parser.add_argument("--targets", type=int, help="default: 400 (bomb), 3000 (wildcard)")
    parser.add_argument("--concurrency", type=int, help="default: 200 (bomb), 64 (wildcard)")
    args = parser.parse_args()
    cases = ("bomb", "wildcard") if args.case == "both" else (args.case,)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, BOMB, WILDCARD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        address = server.stdout.readline().strip()
        with tempfile.TemporaryDirectory() as directory:
            for case in cases:
                targets = args.targets or (400 if case == "bomb" else 3000)
                concurrency = args.concurrency or (200 if case == "bomb" else 64)
                run = measure(case, targets, concurrency, address, Path(directory))
                print(
                    f"{run.case}: {run.targets} targets at --concurrency {run.concurrency}: "
                    f"peak RSS {run.peak_mb:.0f} MB, {run.seconds:.1f} s, exit {run.exit_code}; "
                    f"{run.lines} reports, largest {run.largest_line / 1e6:.2f} MB, "
                    f"{run.truncated} truncated, {run.unavailable} with a failed lookup",
                    flush=True,
                )
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
