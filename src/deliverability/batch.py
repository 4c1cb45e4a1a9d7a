"""Many targets in one run: bounded concurrency, one shared resolver, results as they finish.

    async with contextlib.aclosing(diagnose_many(listed, resolver=resolver)) as results:
        async for item in results:
            ...

Targets are read lazily (a list on a pipe through :func:`read_in_thread`, so a slow producer
never stalls lookups in flight) and at most ``concurrency`` diagnoses are in flight; each
result is handed over as soon as it is ready (not in input order) and then forgotten, so a
list of 100,000 domains keeps memory flat; a report is made only once the one before it has
been handed over (:data:`REPORTS_AHEAD`). Every diagnosis shares the one
resolver, whose cache and in-flight merging make a provider's SPF include (``_spf.google.com``)
a single query for the whole batch. A line that is not a domain or an address becomes an
:class:`Item` with an ``error`` and the batch goes on; so does a target whose diagnosis
failed, whatever the exception (a bug in a probe or a rule met by one domain's data): that
item is marked ``failed``, and the other targets are diagnosed as if nothing happened.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from typing import Unpack

from deliverability.diagnosis import DiagnosisOptions, diagnose
from deliverability.dns import Resolver
from deliverability.dns._resolver import MAX_DEADLINE
from deliverability.errors import positive_number
from deliverability.i18n import N_, translator
from deliverability.report import Report
from deliverability.results import ARGUMENT, Item, Listed
from deliverability.target import Target, TargetError, parse_target

logger = logging.getLogger(__name__)

Diagnosis = Callable[..., Awaitable[Report]]
"""What the batch runs for each target: :func:`~deliverability.diagnosis.diagnose`'s signature."""

_MAX_ERROR = 300
"""Characters of an exception's text kept in a failed item."""

DEFAULT_CONCURRENCY = 64
"""Diagnoses in flight at once: enough to hide DNS round trips, few enough for one core."""

MAX_CONCURRENCY = 10_000

REPORTS_AHEAD = 1
"""Results made and not yet handed over, at most. Diagnoses whose facts are gathered wait
for a slot before making their report: once their answers are cached, many diagnoses run to
the end in one turn of the event loop, and each report made (its facts, the copy its size
budget cuts, its evidence) waited for the consumer; 100 of 200 in flight piled up that way
against the crafted zones of ``benchmarks/bounds.py``. Making reports is CPU work in the one
thread, so making them one at a time costs no time."""

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
    diagnosis: Diagnosis = diagnose,
    **options: Unpack[DiagnosisOptions],
) -> AsyncGenerator[Item, None]:
    """Diagnose every target, at most ``concurrency`` at once; yield each result when ready.

    ``targets`` is consumed lazily: a slot is taken per target and given back once its
    result has been handed over, so targets in flight plus results not yet taken never
    exceed ``concurrency``. Close the iterator (``contextlib.aclosing``) to stop early: the
    diagnoses in flight are cancelled. A target whose diagnosis raises becomes a ``failed``
    item (logged with its traceback at DEBUG level); reading the list failing is raised here.

    ``diagnosis`` is what runs for each target, called as ``diagnosis(target,
    resolver=resolver, report_slot=..., **options)``: :func:`~deliverability.diagnosis.diagnose`
    unless the caller wraps it (to add work per target, or, in a test, to make one target
    fail); a wrapper passes ``report_slot`` on, or its reports are not held back.
    """
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}, got {concurrency}")
    if "deadline" in options:  # once here, rather than as one failed item per target
        positive_number("deadline", options["deadline"], maximum=MAX_DEADLINE)
    lang = options.get("lang", "en")
    source = targets if isinstance(targets, AsyncIterable) else asynchronous(targets)
    slots = asyncio.Semaphore(concurrency)
    ahead = asyncio.Semaphore(REPORTS_AHEAD)  # every item takes one, the consumer gives it back
    results: Results = asyncio.Queue()
    running: set[asyncio.Task[None]] = set()

    async def one(listed: Listed, target: Target) -> None:
        held = False

        async def report_slot() -> None:
            nonlocal held
            await ahead.acquire()
            held = True

        try:
            report = await diagnosis(target, resolver=resolver, report_slot=report_slot, **options)
        except Exception as exc:  # one target's failure, whatever it is, is that target's only
            logger.debug("diagnosis of %s failed", listed.where, exc_info=True)
            item = failed_item(listed, exc, lang)
        else:
            item = Item(listed, report=report)
        if not held:  # failed before its report, or a diagnosis that does not ask for a slot
            await ahead.acquire()
        results.put_nowait(item)

    async def feed() -> None:
        try:
            async for listed in source:
                await slots.acquire()
                try:
                    target = parse_target(listed.text)
                except TargetError as exc:
                    await ahead.acquire()
                    results.put_nowait(Item(listed, error=exc.message(lang)))
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
        async for item in queued(results):
            yield item
            slots.release()
            ahead.release()
    finally:
        for task in (feeder, *running):
            task.cancel()
        await asyncio.gather(feeder, *running, return_exceptions=True)


Results = asyncio.Queue[Item | Exception | None]
"""Where a batch's producers put items for its consumer: an exception when reading the list
failed, None once every target's item is in."""


async def queued(results: Results) -> AsyncIterator[Item]:
    """The items put in ``results`` until None; an exception put there is raised."""
    while (result := await results.get()) is not None:
        if isinstance(result, Exception):
            raise result
        yield result


def failed_item(listed: Listed, exc: Exception, lang: str) -> Item:
    """The item of a target whose diagnosis raised ``exc``."""
    # The exception's text is evidence (English, from wherever it was raised), kept short.
    text = f"{type(exc).__name__}: {exc}"
    shown = text if len(text) <= _MAX_ERROR else text[: _MAX_ERROR - 1] + "…"
    message = translator(lang)(N_("the diagnosis failed ({error}); the other targets go on"))
    return Item(listed, error=message.format(error=shown), failed=True)


async def asynchronous(targets: Iterable[Listed]) -> AsyncIterator[Listed]:
    """``targets`` as an asynchronous iterator (a list that never blocks)."""
    for listed in targets:
        yield listed
