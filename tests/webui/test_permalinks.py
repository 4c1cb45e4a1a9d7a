"""The shared-report store: bounded in time and size, ids that cannot be guessed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from deliverability.report import Report
from deliverability.storage import Store
from webui.permalinks import Permalinks


class Clock:
    """A clock the test moves by hand, so expiry is tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "links.db", clock=clock)


def _report(target: str) -> Report:
    return Report(
        target=target,
        domain=target,
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1,
        dns_queries=0,
    )


def test_a_report_is_found_by_its_link_until_it_expires(store: Store, clock: Clock) -> None:
    links = Permalinks(store, ttl=60, capacity=10)
    link = links.add(_report("a.example"))
    clock.now += 59
    found = links.get(link)
    assert found is not None and found.target == "a.example"
    clock.now += 1
    assert links.get(link) is None


def test_the_oldest_reports_go_first_when_the_store_is_full(store: Store) -> None:
    permalinks = Permalinks(store, ttl=60, capacity=2)
    links = [permalinks.add(_report(f"r{number}.example")) for number in range(3)]
    assert permalinks.get(links[0]) is None
    assert [permalinks.get(link).target for link in links[1:]] == ["r1.example", "r2.example"]  # type: ignore[union-attr]


def test_links_are_long_random_and_distinct(store: Store) -> None:
    permalinks = Permalinks(store, ttl=60, capacity=100)
    links = {permalinks.add(_report("a.example")) for _ in range(50)}
    assert len(links) == 50
    assert all(len(link) >= 16 for link in links)


def test_an_unknown_link_is_none(store: Store) -> None:
    assert Permalinks(store, ttl=60, capacity=1).get("nope") is None


@pytest.mark.parametrize(("ttl", "capacity"), ((0, 1), (1, 0), (-5, 10), (float("nan"), 1)))
def test_limits_must_be_positive(store: Store, ttl: float, capacity: int) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        Permalinks(store, ttl=ttl, capacity=capacity)
