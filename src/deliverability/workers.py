"""A batch over several processes: forked workers, each running :func:`diagnose_many` on a share.

    with Workers.start(2, resolver=resolver, concurrency=64, lang="fr") as workers:
        asyncio.run(consume(workers.diagnose(listed)))

Once DNS round trips are hidden by concurrency, a batch is CPU-bound in one process (its CPU
seconds are its wall seconds, docs/performance.md). :meth:`Workers.start` forks the workers
once start-up is paid (modules imported, arguments read) and before any thread or event loop
exists: a fork copies only the thread that calls it, so a lock another thread held, or a
running loop, would be copied half-made. POSIX only (``os.fork``); the command line uses it on
Linux, where forking a process that imported its libraries is cheap and safe.

:meth:`Workers.diagnose` keeps :func:`~deliverability.batch.diagnose_many`'s contract: items
as they finish, at most ``concurrency`` targets in flight or waiting to be taken in all (each
worker may run them all, so when one worker dies, another takes the whole load), a line that
is not a target becomes an item with an ``error``. The parent reads the list and hands each
target to the worker with the fewest in flight; each worker diagnoses with its own copy of
the resolver, so a provider's include is asked once per worker rather than once per batch.

A worker that dies (a crash, the out-of-memory killer) turns the targets it held into
``failed`` items, and the others go on. So does one that hangs: every target carries a
deadline, so a worker whose oldest target is older than that deadline plus :data:`GRACE` is
stuck in code that ignores it, and is killed.

Messages are pickles over a socket pair, each after its length. Both ends are the same
program, forked from one process, and a report reaches the parent only as a pickle the
worker made of its own objects: nothing from the network is unpickled as such.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import socket
import struct
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import NoReturn, Self, Unpack

from deliverability.batch import (
    Diagnosis,
    Results,
    asynchronous,
    diagnose_many,
    failed_item,
    queued,
)
from deliverability.context import DEFAULT_DEADLINE
from deliverability.diagnosis import DiagnosisOptions, diagnose
from deliverability.dns import Resolver
from deliverability.results import Item, Listed

logger = logging.getLogger(__name__)

GRACE = 30.0
"""Seconds past a target's deadline before its worker counts as stuck: enough to make a
report under a full CPU load."""

MAX_MESSAGE = 64 * 1024 * 1024
"""Bytes of one message, at most: a report keeps to its size budget, far below this."""

_LENGTH = struct.Struct("!I")
_REAP_WAIT = 2.0
"""Seconds a worker is given to exit on its own when the batch ends before it is killed."""


class WorkerDied(Exception):
    """The process diagnosing a target stopped before handing its result over."""


@dataclass(eq=False)
class _Worker:
    pid: int
    channel: socket.socket
    outstanding: dict[Listed, float] = field(default_factory=dict)
    """The targets handed to this worker and not yet back, with when they were sent."""
    alive: bool = True
    """Not seen to stop yet: targets may be handed to it."""
    killed: str | None = None
    """Why the parent killed it (stuck), if it did."""


class Workers:
    """Forked processes that diagnose a batch's targets; close them (``with``) when done."""

    def __init__(self, workers: Sequence[_Worker], *, concurrency: int, stuck_after: float):
        self._workers = list(workers)
        self.concurrency = concurrency
        self.stuck_after = stuck_after
        """Seconds a target may stay with its worker before the worker is killed as stuck."""

    @classmethod
    def start(
        cls,
        count: int,
        *,
        resolver: Resolver,
        concurrency: int,
        diagnosis: Diagnosis = diagnose,
        grace: float = GRACE,
        **options: Unpack[DiagnosisOptions],
    ) -> Workers:
        """Fork ``count`` workers. Call it before any thread or event loop is started.

        ``resolver``, ``concurrency``, ``diagnosis`` and ``options`` are
        :func:`~deliverability.batch.diagnose_many`'s; each worker uses a copy of them.
        """
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        workers: list[_Worker] = []
        try:
            for _ in range(count):
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:  # the worker: never returns
                    ours.close()
                    for other in workers:  # or a sibling would keep another's channel open
                        other.channel.close()
                    _work(theirs, resolver, concurrency, diagnosis, options)
                theirs.close()
                workers.append(_Worker(pid, ours))
        except BaseException:
            _stop(workers)
            raise
        stuck_after = options.get("deadline", DEFAULT_DEADLINE) + grace
        return cls(workers, concurrency=concurrency, stuck_after=stuck_after)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every channel and wait for the workers: those still running are killed."""
        _stop(self._workers)

    async def diagnose(
        self, targets: Iterable[Listed] | AsyncIterable[Listed], *, lang: str = "en"
    ) -> AsyncGenerator[Item, None]:
        """Every target's item, as the workers finish them (see the module's docstring).

        Call it once. ``lang`` is the language of the items a dead worker leaves."""
        source = targets if isinstance(targets, AsyncIterable) else asynchronous(targets)
        slots = asyncio.Semaphore(self.concurrency)
        results: Results = asyncio.Queue()
        streams = {}
        for worker in self._workers:
            streams[worker] = await asyncio.open_connection(sock=worker.channel)

        async def feed() -> None:
            async for listed in source:
                await slots.acquire()
                alive = [worker for worker in self._workers if worker.alive]
                if not alive:
                    died = WorkerDied("every worker process stopped")
                    results.put_nowait(failed_item(listed, died, lang))
                    continue
                worker = min(alive, key=lambda w: len(w.outstanding))
                worker.outstanding[listed] = time.monotonic()
                _send(streams[worker][1], listed)
            for worker in self._workers:
                if worker.alive:
                    _send(streams[worker][1], None)

        async def collect(worker: _Worker) -> None:
            reader, writer = streams[worker]
            watchdog = asyncio.create_task(self._watch(worker))
            try:
                with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
                    while True:
                        item = await _receive(reader)
                        if not isinstance(item, Item):
                            raise TypeError(f"a worker sent {type(item).__name__}, not an item")
                        del worker.outstanding[item.listed]
                        results.put_nowait(item)
            finally:
                watchdog.cancel()
            worker.alive = False
            writer.close()
            status = await asyncio.to_thread(_reap, worker.pid)
            died = WorkerDied(worker.killed or _status(worker.pid, status))
            for listed in worker.outstanding:
                results.put_nowait(failed_item(listed, died, lang))
            worker.outstanding.clear()

        async def supervise() -> None:
            collectors = [asyncio.create_task(collect(worker)) for worker in self._workers]
            try:
                await feed()
                await asyncio.gather(*collectors)
            except Exception as exc:  # reading the list failed: the consumer raises it
                results.put_nowait(exc)
            finally:
                for collector in collectors:
                    collector.cancel()
            results.put_nowait(None)

        supervisor = asyncio.create_task(supervise())
        try:
            async for item in queued(results):
                yield item
                slots.release()
        finally:
            supervisor.cancel()
            await asyncio.gather(supervisor, return_exceptions=True)
            for _, writer in streams.values():
                writer.close()

    async def _watch(self, worker: _Worker) -> None:
        """Kill the worker once a target has been with it longer than :attr:`stuck_after`.

        A task of its own, not a timeout on reading: cancelling a read between a message's
        length and its body would lose the message's framing."""
        while True:
            oldest = min(worker.outstanding.values(), default=time.monotonic())
            late = oldest + self.stuck_after - time.monotonic()
            if late < 0:
                worker.killed = (
                    f"worker process {worker.pid} gave no result in {self.stuck_after:g} s"
                )
                _kill(worker.pid)
                return
            await asyncio.sleep(min(late, 1.0) + 0.01)


def default_count() -> int:
    """Workers for a batch: one per CPU this process may run on, on Linux; 1 (diagnose in
    this process) elsewhere, or when another thread runs: a fork copies only the calling
    thread, and a lock another one held (a log handler's, a stream's) would stay locked in
    the worker for good."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


# -- in the worker ---------------------------------------------------------------------------


def _work(
    channel: socket.socket,
    resolver: Resolver,
    concurrency: int,
    diagnosis: Diagnosis,
    options: DiagnosisOptions,
) -> NoReturn:
    """The worker's whole life: its batch, then ``os._exit`` (never the parent's cleanup:
    its buffered output, its ``atexit`` handlers, a test runner's teardown)."""
    code = 0
    try:
        asyncio.run(_serve(channel, resolver, concurrency, diagnosis, options))
    except BaseException:  # the parent gone, an interrupt, a bug: its targets fail there
        logger.debug("worker %d stopped", os.getpid(), exc_info=True)
        code = 1
    finally:
        os._exit(code)


async def _serve(
    channel: socket.socket,
    resolver: Resolver,
    concurrency: int,
    diagnosis: Diagnosis,
    options: DiagnosisOptions,
) -> None:
    reader, writer = await asyncio.open_connection(sock=channel)

    async def targets() -> AsyncGenerator[Listed, None]:
        while (listed := await _receive(reader)) is not None:
            if not isinstance(listed, Listed):
                raise TypeError(f"the parent sent {type(listed).__name__}, not a target")
            yield listed

    results = diagnose_many(
        targets(), resolver=resolver, concurrency=concurrency, diagnosis=diagnosis, **options
    )
    async with contextlib.aclosing(results):
        async for item in results:
            _send(writer, item)
            await writer.drain()
    writer.close()
    await writer.wait_closed()


# -- messages and processes ------------------------------------------------------------------


def _send(writer: asyncio.StreamWriter, message: Listed | Item | None) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(_LENGTH.pack(len(data)) + data)


async def _receive(reader: asyncio.StreamReader) -> object:
    (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
    if length > MAX_MESSAGE:
        raise ValueError(f"a message of {length} bytes, more than {MAX_MESSAGE}")
    return pickle.loads(await reader.readexactly(length))  # noqa: S301 (our own process's)


def _stop(workers: Iterable[_Worker]) -> None:
    for worker in workers:
        worker.channel.close()
    for worker in workers:
        _reap(worker.pid)


def _reap(pid: int) -> int | None:
    """Wait for a worker to exit, killing it if it does not within :data:`_REAP_WAIT`;
    its wait status, or None if it was reaped already."""
    until = time.monotonic() + _REAP_WAIT
    with contextlib.suppress(ChildProcessError):
        while time.monotonic() < until:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            time.sleep(0.01)
        _kill(pid)
        return os.waitpid(pid, 0)[1]
    return None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _status(pid: int, status: int | None) -> str:
    if status is not None and os.WIFSIGNALED(status):
        return f"worker process {pid} killed by signal {os.WTERMSIG(status)}"
    code = os.waitstatus_to_exitcode(status) if status is not None else "unknown"
    return f"worker process {pid} exited with status {code}"
