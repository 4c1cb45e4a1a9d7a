"""A batch over forked workers: the same results as in one process, and a worker that dies or
hangs costs its own targets only."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deliverability.batch import from_arguments
from deliverability.cli import ExitCode, main
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.report import Report
from deliverability.results import Item, Listed
from deliverability.target import Target
from deliverability.testing import LOOKUP_TIMEOUT
from deliverability.workers import Workers, default_count

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")

TARGETS = ["batch-ok.test", "batch-warn.test", "contact@batch-null.test", "not a domain"]


async def dying_on_warn(target: Target, **options: Any) -> Report:
    """The diagnosis, except that batch-warn.test ends its worker process (a crash)."""
    if target.domain == "batch-warn.test":
        os._exit(3)
    return await diagnose(target, **options)


async def hanging_on_warn(target: Target, **options: Any) -> Report:
    """The diagnosis, except that batch-warn.test blocks its worker, ignoring every deadline
    (a bug): for 20 s, so that a test whose watchdog is broken fails instead of hanging."""
    if target.domain == "batch-warn.test":
        time.sleep(20)
    return await diagnose(target, **options)


def run(workers: Workers, targets: list[str] | Iterator[Listed], **options: Any) -> list[Item]:
    listed = from_arguments(targets) if isinstance(targets, list) else targets

    async def collect() -> list[Item]:
        results = workers.diagnose(listed, **options)
        async with contextlib.aclosing(results):
            return [item async for item in results]

    return asyncio.run(collect())


def by_target(items: list[Item]) -> dict[str, Item]:
    found = {item.listed.text: item for item in items}
    assert len(found) == len(items), "a target came back twice"
    return found


def test_workers_give_every_target_once_as_one_process_would(resolver: Resolver) -> None:
    with Workers.start(2, resolver=resolver, concurrency=4) as workers:
        items = by_target(run(workers, TARGETS))
    assert set(items) == set(TARGETS)
    assert items["not a domain"].error is not None and not items["not a domain"].failed
    reports = {target: items[target].report for target in TARGETS[:3]}
    codes = {t: {f.code for f in r.findings} for t, r in reports.items() if r is not None}
    assert len(codes) == 3
    assert "dmarc.policy_none" in codes["batch-warn.test"]


def test_a_worker_that_dies_fails_its_own_targets_and_the_others_go_on(resolver: Resolver) -> None:
    targets = ["batch-warn.test", "batch-ok.test", *(f"x{n}@batch-ok.test" for n in range(8))]
    with Workers.start(2, resolver=resolver, concurrency=2, diagnosis=dying_on_warn) as workers:
        items = by_target(run(workers, targets, lang="fr"))
    assert set(items) == set(targets)
    dead = items["batch-warn.test"]
    assert dead.failed and dead.error is not None
    assert "exited with status 3" in dead.error and "les autres cibles continuent" in dead.error
    done = [item for item in items.values() if item.report is not None]
    failed = [item for item in items.values() if item.failed]
    assert len(done) + len(failed) == len(targets)
    assert len(failed) <= 2, "a worker holds at most the concurrency's targets when it dies"
    assert len(done) >= len(targets) - 2


def test_once_every_worker_is_dead_the_rest_of_the_list_fails_at_once(resolver: Resolver) -> None:
    targets = ["batch-warn.test", "batch-ok.test", "batch-null.test"]
    with Workers.start(1, resolver=resolver, concurrency=1, diagnosis=dying_on_warn) as workers:
        items = by_target(run(workers, targets))
    assert "exited with status 3" in (items["batch-warn.test"].error or "")
    for later in targets[1:]:
        assert items[later].failed
        assert "every worker process stopped" in (items[later].error or "")


def test_a_hung_worker_is_killed_once_its_target_is_past_the_deadline_and_grace(
    resolver: Resolver,
) -> None:
    started = time.monotonic()
    with Workers.start(
        2, resolver=resolver, concurrency=2, diagnosis=hanging_on_warn, deadline=0.5, grace=0.5
    ) as workers:
        items = by_target(run(workers, ["batch-warn.test", "batch-ok.test", "batch-null.test"]))
    assert time.monotonic() - started < 15, "the hung worker was waited for"
    hung = items["batch-warn.test"]
    assert hung.failed and "gave no result in 1 s" in (hung.error or "")
    assert items["batch-null.test"].report is not None


def test_the_workers_hold_no_more_targets_than_the_concurrency(resolver: Resolver) -> None:
    pulled = 0
    high = 0

    def listed() -> Iterator[Listed]:
        nonlocal pulled
        for number in range(30):
            pulled += 1
            yield Listed(f"x{number}@batch-ok.test", "list", number + 1)

    async def slowly() -> int:
        nonlocal high
        taken = 0
        results = workers.diagnose(listed())
        async with contextlib.aclosing(results):
            async for _ in results:
                taken += 1
                high = max(high, pulled - taken)
                await asyncio.sleep(0.01)  # a slow consumer: results must not pile up
        return taken

    with Workers.start(2, resolver=resolver, concurrency=3) as workers:
        assert asyncio.run(slowly()) == 30
    assert high <= 3


def test_closing_early_ends_every_worker(resolver: Resolver) -> None:
    async def first() -> Item:
        results = workers.diagnose(from_arguments(["batch-ok.test"] * 20))
        async with contextlib.aclosing(results):
            return await anext(results)

    workers = Workers.start(2, resolver=resolver, concurrency=4)
    pids = [worker.pid for worker in workers._workers]
    with workers:
        assert asyncio.run(first()).report is not None
    for pid in pids:  # reaped: no such child any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_list_that_fails_to_read_is_raised_to_the_consumer(resolver: Resolver) -> None:
    def broken() -> Iterator[Listed]:
        yield Listed("batch-ok.test", "list", 1)
        raise OSError("the disk went away")

    with (
        Workers.start(2, resolver=resolver, concurrency=2) as workers,
        pytest.raises(OSError, match="disk went away"),
    ):
        run(workers, broken())


def test_starting_no_worker_is_refused(resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Workers.start(0, resolver=resolver, concurrency=1)


# -- the command line ------------------------------------------------------------------------


def check(dns_server, *args: str) -> list[str]:
    return ["check", "--nameserver", dns_server.address, "--timeout", str(LOOKUP_TIMEOUT), *args]


def test_the_command_line_gives_the_same_results_with_and_without_workers(
    dns_server, capsys, tmp_path
) -> None:
    listed = tmp_path / "domains.txt"
    listed.write_text("\n".join(TARGETS) + "\n", encoding="utf-8")
    outputs = {}
    for workers in ("1", "2"):
        code = main(check(dns_server, "--file", str(listed), "--workers", workers))
        out = capsys.readouterr().out
        outputs[workers] = (code, sorted(out[out.index("Checked: ") :].splitlines()[1:]))
    assert outputs["1"] == outputs["2"]
    assert outputs["2"][0] == ExitCode.USAGE  # "not a domain" is a bad line, in both


def test_workers_are_refused_where_processes_cannot_fork(
    dns_server, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "fork")
    code = main(check(dns_server, "batch-ok.test", "batch-warn.test", "--workers", "2"))
    assert code == ExitCode.USAGE
    assert "cannot do" in capsys.readouterr().err
    one_process = main(check(dns_server, "batch-ok.test", "batch-warn.test", "--workers", "1"))
    assert one_process == ExitCode.OK  # a warning at most: no finding fails the run


@pytest.mark.parametrize("value", ("0", "x", "257"))
def test_an_unusable_worker_count_is_refused(dns_server, capsys, value: str) -> None:
    code = main(check(dns_server, "batch-ok.test", "batch-warn.test", "--workers", value))
    assert code == ExitCode.USAGE
    assert "--workers" in capsys.readouterr().err


# -- how many by default ---------------------------------------------------------------------

COUNT = "from deliverability.workers import default_count; print(default_count())"


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_by_default_one_worker_per_cpu_the_process_may_use() -> None:
    allowed = len(os.sched_getaffinity(0))
    alone = subprocess.run([sys.executable, "-c", COUNT], capture_output=True, text=True)
    assert alone.stdout.strip() == str(allowed), alone.stderr
    pinned = f"import os; os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}}); {COUNT}"
    one = subprocess.run([sys.executable, "-c", pinned], capture_output=True, text=True)
    assert one.stdout.strip() == "1", one.stderr


def test_no_worker_is_forked_by_default_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert default_count() == 1
    finally:
        stop.set()
        thread.join()


def _running_in_group(group: int) -> list[int]:
    """The processes of a process group that still run (zombies, which have ended, left out)."""
    running = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # ended meanwhile
            state, _, group_id = stat.rpartition(")")[2].split()[:3]
            if int(group_id) == group and state != "Z":
                running.append(int(entry))
    return running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_workers_end_when_their_parent_is_killed(dns_server, tmp_path) -> None:
    listed = tmp_path / "domains.txt"
    listed.write_text("".join(f"x{n}.timeout.test\n" for n in range(200)), encoding="utf-8")
    command = [sys.executable, "-m", "deliverability", *check(dns_server, "--file", str(listed))]
    parent = subprocess.Popen(
        [*command, "--workers", "2", "--concurrency", "8"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        until = time.monotonic() + 30
        while len(_running_in_group(parent.pid)) < 3 and time.monotonic() < until:
            time.sleep(0.05)
        assert len(_running_in_group(parent.pid)) == 3, "the two workers never started"
    finally:
        parent.kill()
        parent.wait()
    until = time.monotonic() + 10
    while _running_in_group(parent.pid) and time.monotonic() < until:
        time.sleep(0.05)
    assert _running_in_group(parent.pid) == []
