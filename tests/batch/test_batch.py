"""diagnose_many: lists, bounded concurrency, streaming, bad lines, laziness."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Iterable
from typing import Any

import pytest

from deliverability.batch import (
    REPORTS_AHEAD,
    diagnose_many,
    from_arguments,
    from_lines,
    read_in_thread,
)
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.report import Report
from deliverability.results import Item, Listed
from deliverability.target import Target


@pytest.mark.parametrize(
    ("lines", "expected"),
    (
        (["example.com\n"], [("example.com", 1)]),
        (
            ["# customers\n", "\n", "  a.example  \n", "b.example # shop\n"],
            [("a.example", 3), ("b.example", 4)],
        ),
        (["\tc.example\t# tab before the comment\n"], [("c.example", 1)]),
        (["   # indented comment\n", "#d.example\n"], []),
        # '#' is legal in a local part: a comment needs a blank before it.
        (["a#b@example.com\n"], [("a#b@example.com", 1)]),
        (["e.example\r\n"], [("e.example", 1)]),
    ),
)
def test_list_lines(lines: list[str], expected: list[tuple[str, int]]) -> None:
    listed = list(from_lines(lines, source="list.txt"))
    assert [(item.text, item.line) for item in listed] == expected
    assert all(item.where == f"list.txt:{item.line}" for item in listed)


def test_an_overlong_line_is_cut_not_kept() -> None:
    (listed,) = from_lines(["x" * 1_000_000 + ".example\n"], source="list.txt")
    assert len(listed.text) <= 1024


def test_arguments_are_numbered() -> None:
    assert [item.where for item in from_arguments(["a.example", "b.example"])] == [
        "argument 1",
        "argument 2",
    ]


def collect(targets: Iterable[str], resolver: Resolver, **options: object) -> list[Item]:
    async def run() -> list[Item]:
        return [
            item
            async for item in diagnose_many(from_arguments(targets), resolver=resolver, **options)
        ]

    return asyncio.run(run())


def test_every_target_gets_a_report_and_a_bad_one_an_error(resolver: Resolver) -> None:
    items = collect(
        ["batch-ok.test", "not a domain", "batch-null.test", "x@batch-warn.test"], resolver
    )
    reports = {item.report.target: item.report for item in items if item.report is not None}
    assert set(reports) == {"batch-ok.test", "batch-null.test", "x@batch-warn.test"}
    assert "mx.null" in reports["batch-null.test"].codes()
    (bad,) = [item for item in items if item.report is None]
    assert bad.listed.where == "argument 2"
    assert "not a domain or an e-mail address" in (bad.error or "")


def test_one_at_a_time_keeps_the_input_order(resolver: Resolver) -> None:
    targets = ["batch-warn.test", "batch-ok.test", "batch-null.test", "batch-ok.test"]
    assert [item.target for item in collect(targets, resolver, concurrency=1)] == targets


@pytest.mark.parametrize("concurrency", (1, 2, 5))
def test_never_more_diagnoses_in_flight_than_the_concurrency(dns_server, concurrency: int) -> None:
    targets = [f"host{n}.batch-ok.test" for n in range(12)]
    resolver = Resolver([dns_server.address], timeout=2)
    peak = 0

    async def run() -> int:
        nonlocal peak
        count = 0
        async for _item in diagnose_many(
            from_arguments(targets), resolver=resolver, concurrency=concurrency
        ):
            in_flight = [
                t
                for t in asyncio.all_tasks()
                if "diagnose_many.<locals>.one" in t.get_coro().__qualname__
            ]
            peak = max(peak, len(in_flight))
            count += 1
        return count

    assert asyncio.run(run()) == len(targets)
    assert peak <= concurrency


def test_a_slow_target_does_not_hold_back_the_others(dns_server) -> None:
    # The first target's lookups go unanswered until the resolver gives up; the others finish
    # meanwhile and are handed over first.
    resolver = Resolver([dns_server.address], timeout=3)
    items = collect(
        ["slow.timeout.test", "batch-ok.test", "batch-warn.test"], resolver, concurrency=3
    )
    assert [item.target for item in items][-1] == "slow.timeout.test"
    assert items[-1].report is not None and "dns.unavailable" in items[-1].report.codes()


def test_one_shared_resolver_asks_each_name_once(dns_server) -> None:
    alone = Resolver([dns_server.address], timeout=2)
    collect(["batch-ok.test"], alone)
    shared = Resolver([dns_server.address], timeout=2)
    items = collect(["batch-ok.test"] * 20, shared, concurrency=20)
    # Twenty diagnoses of one domain at once: in-flight merging and the cache make them
    # cost what one costs.
    assert len(items) == 20
    assert shared.queries == alone.queries > 0


def test_targets_are_read_lazily(resolver: Resolver) -> None:
    pulled = itertools.count()

    def endless() -> Iterable[Listed]:
        for number in pulled:
            yield Listed("batch-ok.test", "endless", number + 1)

    async def first_three() -> list[Item]:
        results = diagnose_many(endless(), resolver=resolver, concurrency=4)
        async with contextlib.aclosing(results):
            return [item async for item in _take(results, 3)]

    assert len(asyncio.run(first_three())) == 3
    assert next(pulled) <= 3 + 4 + 1  # taken, in flight, and the one being read


async def _take(items: AsyncIterator[Item], count: int) -> AsyncIterator[Item]:
    for _ in range(count):
        yield await anext(items)


def test_reading_in_a_thread_gives_the_same_targets() -> None:
    listed = list(from_arguments(["a.example", "b.example"]))

    async def run() -> list[Listed]:
        return [item async for item in read_in_thread(listed)]

    assert asyncio.run(run()) == listed


def test_a_failing_list_is_raised(resolver: Resolver) -> None:
    def broken() -> Iterable[Listed]:
        yield Listed("batch-ok.test", "list.txt", 1)
        raise OSError("disk on fire")

    async def run() -> list[Item]:
        return [item async for item in diagnose_many(broken(), resolver=resolver)]

    with pytest.raises(OSError, match="disk on fire"):
        asyncio.run(run())


def test_concurrency_is_bounded(resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="concurrency"):
        collect(["batch-ok.test"], resolver, concurrency=0)


def test_the_shared_cache_is_bounded_and_keeps_what_is_used(dns_server) -> None:
    # A batch of 100,000 domains must not keep every answer: the least recently used goes.
    resolver = Resolver([dns_server.address], timeout=2, cache_size=2)

    async def ask(*names: str) -> None:
        for name in names:
            await resolver.lookup(name, "TXT")

    asyncio.run(ask("batch-ok.test", "batch-warn.test", "batch-ok.test", "batch-null.test"))
    assert resolver.queries == 3  # the second batch-ok.test came from the cache
    asyncio.run(ask("batch-ok.test", "batch-null.test"))  # both kept: recently used
    assert resolver.queries == 3
    asyncio.run(ask("batch-warn.test"))  # evicted by batch-null.test
    assert resolver.queries == 4


def test_a_report_is_made_only_once_the_one_before_it_was_taken(dns_server) -> None:
    # Twelve diagnoses of one domain get their answers at once (merged in flight, then
    # cached): without the batch's report slot, each would make its report in the same turn
    # of the event loop and all twelve would wait for the consumer together.
    resolver = Resolver([dns_server.address], timeout=2)
    made = taken = most_waiting = 0

    async def counting(target: Target, **options: Any) -> Report:
        nonlocal made
        report = await diagnose(target, **options)
        made += 1
        return report

    async def run() -> None:
        nonlocal taken, most_waiting
        async for _item in diagnose_many(
            from_arguments(["batch-ok.test"] * 12),
            resolver=resolver,
            concurrency=12,
            diagnosis=counting,
        ):
            most_waiting = max(most_waiting, made - taken)
            taken += 1

    asyncio.run(run())
    assert taken == 12
    assert most_waiting == REPORTS_AHEAD == 1
