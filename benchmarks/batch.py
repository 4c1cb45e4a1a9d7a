"""Batch speed against checkdmarc, on the same synthetic domains served from loopback.

    python benchmarks/batch.py                          # 200 domains, 10 ms per answer, both tools
    python benchmarks/batch.py --domains 60
    python benchmarks/batch.py --domains 1000 10000 100000 --only deliverability   # memory

Each synthetic domain has an MX pair, an SPF include chain three deep ending in a shared
provider include, and DMARC with an external rua (authorised by the report domain). The
project's loopback DnsServer serves them in a process of its own, waiting ``--delay`` seconds
before every answer as a stand-in for network round trips, and counts the queries it gets.
It keeps the answers it has composed and gives them again to the same query: the first run
of a list pays for composing every answer (the server's CPU, on the cores the tools use),
the runs after it find them ready, as behind a recursive resolver's cache (``--repeat``).

``deliverability check --file … --format jsonl`` runs as a subprocess; so does checkdmarc 6.x
(``checkdmarc.check_domains``) in a virtual environment of its own (``benchmarks/.venv``,
created on first use; the project's environment is left alone). Both are timed end to end
(process start to exit) and their CPU seconds and peak memory come from the kernel (wait4).
A separate one-domain run at a long delay counts one diagnosis's round trips.

This is a script, not a test: numbers depend on the machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_VENV = HERE / ".venv"
CHECKDMARC = "checkdmarc>=6,<7"
SPF_DEPTH = 3
"""The include chain: domain → _spf → _spf2 → the shared provider include."""

ZONE = "bench.test"
PROVIDER = "provider.test"
WARMUP = "warmup"
ROUND_TRIP_TRIES = 5
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""Both tools read and write bytecode caches, as installed packages do."""


# -- the synthetic world ---------------------------------------------------------------------


def domain_name(number: int) -> str:
    return f"d{number}.{ZONE}"


def write_zones(directory: Path, count: int) -> None:
    """Two zone files: every customer domain in bench.test, the shared provider in provider.test."""
    with (directory / f"{ZONE}.zone").open("w", encoding="ascii") as zone:
        zone.write(f"$TTL 3600\n@ SOA ns.{ZONE}. hostmaster.{ZONE}. 1 3600 600 86400 300\n")
        # A domain of its own (no shared name) that warms the process up before a timing.
        zone.write(
            f"{WARMUP} MX 10 mx.{WARMUP}\nmx.{WARMUP} A 192.0.2.254\n"
            f'{WARMUP} TXT "v=spf1 ip4:192.0.2.254 -all"\n'
            f'_dmarc.{WARMUP} TXT "v=DMARC1; p=reject; rua=mailto:d@{WARMUP}.{ZONE}"\n'
        )
        for number in range(count):
            d, host = f"d{number}", 1 + number % 250
            ip6 = f"2001:db8:{number % 65536:x}::/64"
            zone.write(
                f"{d} MX 10 mx1.{d}\n{d} MX 20 mx2.{d}\n"
                f"mx1.{d} A 192.0.2.{host}\nmx2.{d} A 198.51.100.{host}\n"
                f'{d} TXT "v=spf1 include:_spf.{d}.{ZONE} -all"\n'
                f'_spf.{d} TXT "v=spf1 ip4:203.0.113.{host} include:_spf2.{d}.{ZONE} -all"\n'
                f'_spf2.{d} TXT "v=spf1 ip6:{ip6} include:_spf.{PROVIDER} -all"\n'
                f'_dmarc.{d} TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.{PROVIDER}"\n'
            )
    with (directory / f"{PROVIDER}.zone").open("w", encoding="ascii") as zone:
        zone.write(f"$TTL 3600\n@ SOA ns.{PROVIDER}. hostmaster.{PROVIDER}. 1 3600 600 86400 300\n")
        zone.write('_spf TXT "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 -all"\n')
        for number in range(count):
            zone.write(f'{domain_name(number)}._report._dmarc.reports TXT "v=DMARC1"\n')


# -- the DNS server process ------------------------------------------------------------------


MAX_CACHED_ANSWERS = 100_000
"""Answers the server keeps (about 40 MB): 6,000 domains' worth."""


def serve(zones: Path, delay: float) -> None:
    """Child mode: serve ``zones``, print the port, then answer ``count``/``delay S`` on stdin."""
    from deliverability.testing import DnsServer
    from deliverability.testing._dns_server import load_zone_directory

    class CachingServer(DnsServer):
        """Answers a query it has answered before from a cache, as a recursive resolver does.

        The server shares the machine's cores with the tool measured, which a remote
        resolver does not; composing an answer with dnspython costs about 0.4 ms of CPU
        (0.4 s for a run of 60 domains), taken from a tool that diagnoses in several
        processes. A query repeated byte for byte (its ID apart) gets the same answer, with its
        own ID, after the same delay; the first run of a list still pays for every answer.
        """

        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **options)
            self.answers: dict[tuple[bool, bytes], bytes] = {}

        async def answer_wire(self, wire: bytes, *, udp: bool) -> bytes | None:
            key = (udp, wire[2:])
            cached = self.answers.get(key)
            if cached is None:
                reply = await super().answer_wire(wire, udp=udp)
                if reply is not None and len(self.answers) < MAX_CACHED_ANSWERS:
                    self.answers[key] = reply
                return reply
            self.queries += 1
            await asyncio.sleep(self.delay)
            return wire[:2] + cached[2:]

    with CachingServer(load_zone_directory(zones), delay=delay) as server:
        print(server.port, flush=True)
        for line in sys.stdin:
            command, _, value = line.strip().partition(" ")
            if command == "delay":
                server.delay = float(value)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(server.queries, usage.ru_utime + usage.ru_stime, flush=True)


class Server:
    """The DNS server in its own process, so its CPU is not counted against either tool."""

    def __init__(self, zones: Path, delay: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "serve", str(zones), str(delay)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self._read())

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the DNS server process exited")
        return line

    def ask(self, command: str) -> tuple[int, float]:
        """The queries the server has answered, and the CPU seconds it has spent."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        queries, cpu = self._read().split()
        return int(queries), float(cpu)

    def counters(self) -> tuple[int, float]:
        return self.ask("count")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


# -- measuring a tool ------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    domains: int
    seconds: float
    cpu: float
    peak_mib: float
    queries: int
    server_cpu: float
    """CPU seconds the loopback DNS server spent answering this run (on the same cores)."""
    output: str

    @property
    def rate(self) -> float:
        return self.domains / self.seconds

    @property
    def queries_per_domain(self) -> float:
        return self.queries / self.domains


def measure(tool: str, command: list[str], server: Server, domains: int, output: Path) -> Run:
    queries_before, server_cpu_before = server.counters()
    started = time.monotonic()
    with output.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, text=True, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    queries_after, server_cpu_after = server.counters()
    stderr = process.stderr.read() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: findings, expected from deliverability
        raise RuntimeError(f"{tool} exited {code}: {stderr.strip()[-2000:]}")
    return Run(
        tool,
        domains,
        seconds,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        queries_after - queries_before,
        server_cpu_after - server_cpu_before,
        stderr,
    )


def deliverability_command(
    domains_file: Path,
    port: int,
    concurrency: int | None,
    profile: Path | None = None,
    workers: int | None = None,
) -> list[str]:
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    if profile:
        workers = 1  # cProfile sees one process: the diagnoses must run in it
    command = [
        sys.executable,
        *profiler,
        "-m",
        "deliverability",
        "check",
        "--file",
        str(domains_file),
        "--format",
        "jsonl",
        "--nameserver",
        f"127.0.0.1:{port}",
        "--lang",
        "en",
    ]
    command += ["--concurrency", str(concurrency)] if concurrency else []
    return command + (["--workers", str(workers)] if workers else [])


def checkdmarc_python() -> Path:
    """The benchmark's own environment with checkdmarc 6.x, created on first use."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {BENCH_VENV.relative_to(ROOT)} with {CHECKDMARC} …", file=sys.stderr)
        venv.create(BENCH_VENV, with_pip=True)
    probe = subprocess.run([python, "-c", "import checkdmarc"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", CHECKDMARC], check=True)
    return python


def check_jsonl(path: Path, expected: int, *, keep: int = 0) -> list[dict]:
    """Every line a report (no error entries), one per domain; the first ``keep`` of them.

    Read a line at a time: holding a 1,000-domain run's reports grew this process by some
    100 MiB, and a child forked from it starts its peak resident memory (``ru_maxrss``,
    which the exec keeps) from there."""
    reports, lines, errors = [], 0, 0
    with path.open(encoding="utf-8") as output:
        for line in output:
            report = json.loads(line)
            lines += 1
            errors += "error" in report
            if len(reports) < keep:
                reports.append(report)
    if lines != expected or errors:
        raise RuntimeError(f"expected {expected} reports, got {lines} ({errors} errors)")
    return reports


def round_trips(server: Server, directory: Path, *, delay: float) -> tuple[list[float], int]:
    """One fresh domain alone at 100 ms per answer: its wall time in round trips, and its queries.

    Each try is a new process with an empty cache. A warm-up domain sharing no name with
    the measured one goes first (``--concurrency 1``), so the one-time work of a process
    (loading the Public Suffix List, provider data …) is not counted as round trips. CPU
    contention can only add time, so the fewest round trips of the tries is the figure.
    """
    slow = 0.1
    trips, queries = [], 0
    server.ask(f"delay {slow}")
    try:
        for number in range(ROUND_TRIP_TRIES):
            one = directory / "one.txt"
            one.write_text(f"{WARMUP}.{ZONE}\n{domain_name(number)}\n")
            command = deliverability_command(one, server.port, 1, workers=1)
            run = measure("deliverability", command, server, 2, directory / "one.jsonl")
            warmup, report = check_jsonl(directory / "one.jsonl", 2, keep=2)
            trips.append(report["duration_ms"] / 1000 / slow)
            queries = run.queries - warmup["dns_queries"]
    finally:
        server.ask(f"delay {delay}")
    return sorted(trips), queries


# -- the run ---------------------------------------------------------------------------------


def table(runs: list[Run]) -> str:
    lines = [
        "| tool | domains | seconds | domains/s | DNS queries/domain | CPU s | peak MiB "
        "| server CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.tool} | {run.domains} | {run.seconds:.2f} | {run.rate:.1f} | "
            f"{run.queries_per_domain:.1f} | {run.cpu:.2f} | {run.peak_mib:.0f} "
            f"| {run.server_cpu:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--domains", type=int, nargs="+", default=[200], help="sizes to run (default 200)"
    )
    parser.add_argument(
        "--delay", type=float, default=0.01, help="seconds before every DNS answer (default 0.01)"
    )
    parser.add_argument(
        "--concurrency", type=int, help="deliverability's --concurrency (default: its own)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        help="deliverability's --workers; several values are run in turn (default: its own)",
    )
    parser.add_argument(
        "--only", choices=("deliverability", "checkdmarc"), help="run one tool only"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="run deliverability under cProfile, save the profile to FILE and print where "
        "its CPU goes (the timings then include the profiler's overhead)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each tool per size, taking turns; the ratio compares medians (default 1)",
    )
    args = parser.parse_args()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="deliverability-bench-") as tmp:
        directory = Path(tmp)
        largest = max(args.domains)
        zones = directory / "zones"
        zones.mkdir()
        started = time.monotonic()
        write_zones(zones, max(largest, ROUND_TRIP_TRIES))
        server = Server(zones, args.delay)
        print(
            f"{largest} domains served on 127.0.0.1:{server.port} "
            f"(ready in {time.monotonic() - started:.1f} s), {args.delay * 1000:g} ms per answer",
            file=sys.stderr,
        )
        try:
            if args.only != "checkdmarc":
                trips, queries = round_trips(server, directory, delay=args.delay)
                print(
                    f"one domain alone: {trips[0]:.1f} round trips (SPF include depth "
                    f"{SPF_DEPTH} + 2 = {SPF_DEPTH + 2} allowed; {len(trips)} tries: "
                    f"{', '.join(f'{t:.1f}' for t in trips)}), {queries} DNS queries",
                    file=sys.stderr,
                )
            for size in sorted(args.domains):
                domains_file = directory / f"domains-{size}.txt"
                domains_file.write_text("".join(domain_name(n) + "\n" for n in range(size)))
                for _ in range(args.repeat):
                    for workers in args.workers or [None] if args.only != "checkdmarc" else []:
                        run = measure(
                            "deliverability" + (f" --workers {workers}" if workers else ""),
                            deliverability_command(
                                domains_file, server.port, args.concurrency, args.profile, workers
                            ),
                            server,
                            size,
                            directory / "out.jsonl",
                        )
                        check_jsonl(directory / "out.jsonl", size)
                        runs.append(run)
                        print(table([run]).splitlines()[-1], file=sys.stderr)
                    if args.only != "deliverability":
                        python = checkdmarc_python()
                        command = [
                            str(python),
                            str(HERE / "checkdmarc_run.py"),
                            str(server.port),
                            str(domains_file),
                        ]
                        output = directory / "checkdmarc.json"
                        run = measure("checkdmarc", command, server, size, output)
                        # Its own verdicts, to see it did the work rather than fail fast.
                        print(f"checkdmarc results: {output.read_text()}", file=sys.stderr)
                        runs.append(run)
                        print(table([run]).splitlines()[-1], file=sys.stderr)
        finally:
            server.close()
    print(table(runs))
    if args.profile:
        print(f"\nwhere deliverability's CPU goes (cProfile, {args.profile}):\n")
        pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(25)
    tools = dict.fromkeys(r.tool for r in runs if r.tool != "checkdmarc")
    for size in sorted(args.domains):
        theirs = [r.rate for r in runs if r.domains == size and r.tool == "checkdmarc"]
        for tool in tools:
            ours = [r.rate for r in runs if r.domains == size and r.tool == tool]
            if ours and theirs:
                ratio = statistics.median(ours) / statistics.median(theirs)
                print(
                    f"\n{size} domains: {tool} has {ratio:.1f}x checkdmarc's throughput "
                    f"(medians of {len(ours)} and {len(theirs)} runs)"
                )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(Path(sys.argv[2]), float(sys.argv[3]))
    else:
        raise SystemExit(main())
