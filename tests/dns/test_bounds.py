"""The resolver's bounds: options checked at the call, the cache bounded in bytes."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator

import dns.rrset
import pytest

from deliverability.diagnosis import diagnose_sync
from deliverability.dns import Resolver
from deliverability.dns._resolver import DEFAULT_CACHE_BYTES, _wire_length
from deliverability.errors import DeliverabilityError, InputError, OptionError
from deliverability.testing import DnsServer, big_txt_wildcard_zone


@pytest.fixture(scope="module")
def wildcard() -> Iterator[DnsServer]:
    with DnsServer([big_txt_wildcard_zone("big-wildcard.test", size=60_000)]) as server:
        yield server


@pytest.mark.parametrize(
    "options",
    (
        {"timeout": math.nan},
        {"timeout": math.inf},
        {"timeout": -1},
        {"timeout": 0},
        {"timeout": 1e9},
        {"timeout": "5"},
        {"cache_size": math.nan},
        {"cache_size": 0},
        {"cache_size": -5},
        {"cache_size": 2.5},
        {"cache_size": 10**12},
        {"cache_bytes": 0},
        {"cache_bytes": math.inf},
        {"cache_bytes": True},
    ),
)
def test_unusable_options_are_refused_at_the_call(options: dict[str, object]) -> None:
    with pytest.raises(OptionError) as raised:
        Resolver(["127.0.0.1"], **options)  # type: ignore[arg-type]
    error = raised.value
    assert isinstance(error, DeliverabilityError)
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert isinstance(error, TypeError)
    name = next(iter(options))
    assert str(error).startswith(f"{name} must be")
    assert error.message("fr").startswith(f"{name} doit")


@pytest.mark.parametrize("deadline", (-1, 0, math.nan, math.inf, "30"))
def test_a_diagnosis_refuses_a_deadline_that_is_not_a_positive_number(deadline: object) -> None:
    with pytest.raises(OptionError, match="deadline"):
        diagnose_sync("example.com", resolver=Resolver(["127.0.0.1"]), deadline=deadline)  # type: ignore[arg-type]


def test_the_cache_is_bounded_in_bytes(wildcard: DnsServer) -> None:
    # 60 KB of TXT for every name: 100 names would hold some 12 MB if only counted by entries.
    resolver = Resolver([wildcard.address], timeout=5, cache_bytes=1_000_000)

    async def ask(names: range) -> None:
        for number in names:
            lookup = await resolver.lookup(f"n{number}.big-wildcard.test", "TXT")
            assert len(lookup.txt_bytes()[0]) == 60_000

    asyncio.run(ask(range(100)))
    assert resolver.queries == 100
    assert 0 < resolver.cached_bytes <= 1_000_000
    asyncio.run(ask(range(99, 100)))  # the most recent answer is still kept
    assert resolver.queries == 100
    asyncio.run(ask(range(1)))  # the first was evicted for the bytes' sake
    assert resolver.queries == 101


def test_an_answer_larger_than_the_whole_cache_is_not_kept(wildcard: DnsServer) -> None:
    resolver = Resolver([wildcard.address], timeout=5, cache_bytes=50_000)
    for _ in range(2):
        asyncio.run(resolver.lookup("one.big-wildcard.test", "TXT"))
    assert resolver.queries == 2
    assert resolver.cached_bytes == 0


def test_the_default_byte_bound_is_64_mib() -> None:
    assert Resolver(["127.0.0.1"]).cache_bytes == DEFAULT_CACHE_BYTES == 64 * 1024 * 1024


@pytest.mark.parametrize(
    ("rdtype", "data"),
    [
        ("TXT", '"v=spf1 -all" "second string"'),
        ("SPF", '"v=spf1 -all"'),
        ("A", "192.0.2.1"),
        ("AAAA", "2001:db8::1"),
        ("MX", "10 mx.example.com."),
    ],
)
def test_a_record_is_counted_at_its_length_on_the_wire(rdtype: str, data: str) -> None:
    """The cache's byte bound counts records without writing the common ones out."""
    record = dns.rrset.from_text("example.com.", 60, "IN", rdtype, data)[0]
    assert _wire_length(record) == len(record.to_wire())
