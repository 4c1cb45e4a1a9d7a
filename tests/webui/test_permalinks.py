"""The shared-report store: bounded in time and size, ids that cannot be guessed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deliverability.report import Report
from webui.permalinks import Permalinks


class Clock:
    """A clock the test moves by hand, so expiry is tested without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _report(target: str) -> Report:
    return Report(
        target=target,
        domain=target,
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1,
        dns_queries=0,
    )


def test_a_report_is_found_by_its_link_until_it_expires() -> None:
    clock = Clock()
    store = Permalinks(ttl=60, capacity=10, clock=clock)
    link = store.add(_report("a.example"))
    clock.now += 59
    found = store.get(link)
    assert found is not None and found.target == "a.example"
    clock.now += 1
    assert store.get(link) is None


def test_the_oldest_reports_go_first_when_the_store_is_full() -> None:
    store = Permalinks(ttl=60, capacity=2, clock=Clock())
    links = [store.add(_report(f"r{number}.example")) for number in range(3)]
    assert store.get(links[0]) is None
    assert [store.get(link).target for link in links[1:]] == ["r1.example", "r2.example"]  # type: ignore[union-attr]


def test_links_are_long_random_and_distinct() -> None:
    store = Permalinks(ttl=60, capacity=100)
    links = {store.add(_report("a.example")) for _ in range(50)}
    assert len(links) == 50
    assert all(len(link) >= 16 for link in links)


def test_an_unknown_link_is_none() -> None:
    assert Permalinks(ttl=60, capacity=1).get("nope") is None


@pytest.mark.parametrize(("ttl", "capacity"), ((0, 1), (1, 0), (-5, 10)))
def test_limits_must_be_positive(ttl: float, capacity: int) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        Permalinks(ttl=ttl, capacity=capacity)
