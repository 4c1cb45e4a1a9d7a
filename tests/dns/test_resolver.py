"""The run's resolver against the loopback server: outcomes, cache, merging, deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import dns.exception
import dns.name
import pytest

from deliverability.dns import Outcome, Resolver
from deliverability.dns._resolver import _qname
from deliverability.testing import DnsServer, Faults, zone_from_text

ZONE = """
$TTL 300
@     IN SOA ns.resolver.test. h.resolver.test. 1 3600 600 86400 60
@     IN TXT "v=spf1 -all"
@     IN MX 10 mx
mx    IN A 192.0.2.1
alias IN CNAME mx
big   IN TXT "{a}" "{a}" "{a}"
big   IN TXT "{b}" "{b}" "{b}"
slow  IN A 192.0.2.2
""".replace("{a}", "a" * 250).replace("{b}", "b" * 250)


@pytest.fixture(scope="module")
def server():
    faults = Faults(
        timeout={"slow.resolver.test": None},
        servfail={"broken.resolver.test": frozenset({"TXT"})},
        refused={"closed.resolver.test": None},
    )
    with DnsServer([zone_from_text(ZONE, "resolver.test")], faults=faults) as running:
        yield running


def lookup(server: DnsServer, name: str, rdtype: str, **options: float):
    return asyncio.run(Resolver([server.address], **options).lookup(name, rdtype))


@pytest.mark.parametrize(
    ("name", "rdtype", "outcome"),
    (
        ("resolver.test", "TXT", Outcome.ANSWER),
        ("resolver.test", "AAAA", Outcome.NODATA),
        ("nothing.resolver.test", "A", Outcome.NXDOMAIN),
        ("outside.invalid", "A", Outcome.NXDOMAIN),
        ("broken.resolver.test", "TXT", Outcome.SERVFAIL),
        ("closed.resolver.test", "A", Outcome.REFUSED),
        ("slow.resolver.test", "A", Outcome.TIMEOUT),
        ("a" * 64 + ".resolver.test", "A", Outcome.ERROR),
    ),
)
def test_outcomes(server: DnsServer, name: str, rdtype: str, outcome: Outcome) -> None:
    result = lookup(server, name, rdtype, timeout=0.3)
    assert result.outcome is outcome
    assert result.failed is (
        outcome in (Outcome.SERVFAIL, Outcome.TIMEOUT, Outcome.REFUSED, Outcome.ERROR)
    )


def test_cname_is_followed_and_reported(server: DnsServer) -> None:
    result = lookup(server, "alias.resolver.test", "A")
    assert result.addresses() == ("192.0.2.1",)
    assert result.cnames == ("mx.resolver.test",)


def test_truncated_answer_falls_back_to_tcp(server: DnsServer) -> None:
    result = lookup(server, "big.resolver.test", "TXT")
    assert sorted(len(text) for text in result.texts()) == [750, 750]


def test_negative_answers_are_cached_and_queries_merged(server: DnsServer) -> None:
    async def run() -> Resolver:
        resolver = Resolver([server.address])
        await asyncio.gather(*(resolver.lookup("mx.resolver.test", "A") for _ in range(50)))
        await resolver.lookup("nothing.resolver.test", "A")
        await resolver.lookup("nothing.resolver.test", "A")
        return resolver

    assert asyncio.run(run()).queries == 2


def test_failures_are_not_cached(server: DnsServer) -> None:
    async def run() -> Resolver:
        resolver = Resolver([server.address], timeout=0.2)
        await resolver.lookup("broken.resolver.test", "TXT")
        await resolver.lookup("broken.resolver.test", "TXT")
        return resolver

    assert asyncio.run(run()).queries == 2


def test_deadline_ends_lookups_as_timeouts(server: DnsServer) -> None:
    async def run():
        resolver = Resolver([server.address], timeout=5)
        with resolver.budget(0.2) as budget:
            first = await resolver.lookup("slow.resolver.test", "A")
            second = await resolver.lookup(
                "resolver.test", "MX"
            )  # after the deadline: not even sent
        return first, second, budget

    first, second, budget = asyncio.run(run())
    assert first.outcome is Outcome.TIMEOUT and "deadline" in first.error
    assert second.outcome is Outcome.TIMEOUT
    assert budget.queries == 1


@pytest.mark.parametrize("nameserver", ("127.0.0.1:0", "not-an-ip", "127.0.0.1:99999", "[::1]:x"))
def test_bad_nameserver_is_a_clear_error(nameserver: str) -> None:
    with pytest.raises(ValueError, match="nameserver"):
        Resolver([nameserver])


def test_ipv6_nameserver_syntax_is_accepted() -> None:
    Resolver(["[::1]:5353", "::1", "127.0.0.1"])


@pytest.mark.parametrize(
    "name",
    [
        "example.com",
        "_dmarc.Example.COM",
        "a.b.",
        "*.x.y",
        "x" * 63 + ".com",
        "x" * 64 + ".com",
        ".".join(["abcdefghi"] * 25),
        ".".join(["abcdefghi"] * 26),
        "a..b",
        ".a",
        "a.b..",
        "",
        ".",
        "@",
        "a\\.b.c",
        "a\\065.b",
        "é.fr",
        "a b.c",
    ],
)
def test_a_name_is_asked_as_dnspython_reads_it(name: str) -> None:
    """The quick reading of a plain name gives dnspython's name, or dnspython's error."""

    def read(parse: Callable[[str], dns.name.Name]) -> object:
        try:
            return parse(name)
        except dns.exception.DNSException as exc:
            return type(exc)

    assert read(_qname) == read(dns.name.from_text)
