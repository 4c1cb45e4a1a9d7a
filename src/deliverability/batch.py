"""Many targets in one run: bounded concurrency, one shared resolver, results as they finish.

    async with contextlib.aclosing(diagnose_many(listed, resolver=resolver)) as results:
        async for item in results:
            ...

Targets are read lazily (a list on a pipe through :func:`read_in_thread`, so a slow producer
never stalls lookups in flight) and at most ``concurrency`` diagnoses are in flight; each
result is handed over as soon as it is ready (not in input order) and then forgotten, so a
list of 100,000 domains keeps memory flat. Every diagnosis shares the one
resolver, whose cache and in-flight merging make a provider's SPF include (``_spf.google.com``)
a single query for the whole batch. A line that is not a domain or an address becomes an
:class:`Item` with an ``error`` and the batch goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Unpack

from deliverability.diagnosis import DiagnosisOptions, diagnose
from deliverability.dns import Resolver
from deliverability.results import ARGUMENT, Item, Listed
from deliverability.target import Target, TargetError, parse_target

DEFAULT_CONCURRENCY = 64
"""Diagnoses in flight at once: enough to hide DNS round trips, few enough for one core."""

MAX_CONCURRENCY = 10_000

MAX_LINE = 1024
"""Characters of a list line kept: no target is longer (a name is 253 octets, a local part 64)."""


def from_arguments(targets: Iterable[str]) -> Iterator[Listed]:
    """TARGET arguments of the command line, numbered from 1."""
    for number, text in enumerate(targets, start=1):
        yield Listed(text, ARGUMENT, number)


def from_lines(lines: Iterable[str], *, source: str) -> Iterator[Listed]:
    """One target per line; blank lines and ``#`` comments are skipped.

    A comment starts at a ``#`` at the beginning of the line or after a blank (``#`` is a
    legal character in an address's local part, ``a#b@example.com``). Over-long lines are
    cut to :data:`MAX_LINE` characters, which makes them fail as targets, never as memory.
    """
    for number, line in enumerate(lines, start=1):
        text = _strip_comment(line[:MAX_LINE]).strip()
        if text:
            yield Listed(text, source, number)


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    for blank in (" #", "\t#"):
        line = line.partition(blank)[0]
    return line


async def read_in_thread(targets: Iterable[Listed]) -> AsyncIterator[Listed]:
    """``targets`` pulled one at a time in a worker thread: for a list read from a pipe
    (``--file -``), where waiting for the next line must not block the event loop."""
    iterator = iter(targets)
    while (listed := await asyncio.to_thread(next, iterator, None)) is not None:
        yield listed


async def diagnose_many(
    targets: Iterable[Listed] | AsyncIterable[Listed],
    *,
    resolver: Resolver,
    concurrency: int = DEFAULT_CONCURRENCY,
    **options: Unpack[DiagnosisOptions],
) -> AsyncGenerator[Item, None]:
    """Diagnose every target, at most ``concurrency`` at once; yield each result when ready.

    ``targets`` is consumed lazily: a slot is taken per target and given back once its
    result has been handed over, so targets in flight plus results not yet taken never
    exceed ``concurrency``. Close the iterator (``contextlib.aclosing``) to stop early: the
    diagnoses in flight are cancelled. An exception other than a bad target (a bug) is
    raised here, not swallowed.
    """
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, got {concurrency}")
    source = targets if isinstance(targets, AsyncIterable) else _asynchronous(targets)
    slots = asyncio.Semaphore(concurrency)
    results: asyncio.Queue[Item | Exception | None] = asyncio.Queue()
    running: set[asyncio.Task[None]] = set()

    async def one(listed: Listed, target: Target) -> None:
        try:
            report = await diagnose(target, resolver=resolver, **options)
        except Exception as exc:  # handed to the consumer, which raises it
            results.put_nowait(exc)
        else:
            results.put_nowait(Item(listed, report=report))

    async def feed() -> None:
        try:
            async for listed in source:
                await slots.acquire()
                try:
                    target = parse_target(listed.text)
                except TargetError as exc:
                    results.put_nowait(Item(listed, error=exc.message(options.get("lang", "en"))))
                    continue
                task = asyncio.create_task(one(listed, target))
                running.add(task)
                task.add_done_callback(running.discard)
            await asyncio.gather(*running)
        except Exception as exc:  # reading the list failed: the consumer raises it
            results.put_nowait(exc)
        results.put_nowait(None)

    feeder = asyncio.create_task(feed())
    try:
        while (result := await results.get()) is not None:
            if isinstance(result, Exception):
                raise result
            yield result
            slots.release()
    finally:
        for task in (feeder, *running):
            task.cancel()
        await asyncio.gather(feeder, *running, return_exceptions=True)


async def _asynchronous(targets: Iterable[Listed]) -> AsyncIterator[Listed]:
    for listed in targets:
        yield listed
