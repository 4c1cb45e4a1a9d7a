"""The lean first round on the wire: what a spoofer would aim at, and failing over.

A hand-written UDP peer on loopback answers each query as the test tells it to: first a
reply with the wrong ID (what a spoofer guessing blindly sends), then the right one.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator

import dns.message
import dns.rrset
import pytest

from deliverability.dns import Outcome, Resolver
from deliverability.testing import DnsServer, Faults, zone_from_text

Reply = Callable[[dns.message.Message], list[bytes]]


class Peer:
    """A UDP peer on loopback that records each query's source port and ID."""

    def __init__(self, reply: Reply) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[tuple[int, int]] = []
        self.reply = reply
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                data, source = self.sock.recvfrom(65535)
            except OSError:
                return
            query = dns.message.from_wire(data)
            self.seen.append((source[1], query.id))
            for wire in self.reply(query):
                self.sock.sendto(wire, source)

    def close(self) -> None:
        self.sock.close()


def answer(query: dns.message.Message, *, ident: int | None = None) -> bytes:
    response = dns.message.make_response(query)
    response.answer.append(dns.rrset.from_text(query.question[0].name, 60, "IN", "A", "192.0.2.7"))
    if ident is not None:
        response.id = ident
    return response.to_wire()


@pytest.fixture
def spoofed() -> Iterator[Peer]:
    """A wrong-ID reply, then a wrong question, then the genuine answer."""

    def reply(query: dns.message.Message) -> list[bytes]:
        other = dns.message.make_query("other.test", "A")
        other.id = query.id
        return [
            answer(query, ident=(query.id + 1) % 65536),
            answer(other),
            answer(query),
        ]

    peer = Peer(reply)
    yield peer
    peer.close()


def test_replies_with_another_id_or_question_are_ignored(spoofed: Peer) -> None:
    resolver = Resolver([spoofed.address], timeout=2)
    result = asyncio.run(resolver.lookup("genuine.test", "A"))
    assert result.outcome is Outcome.ANSWER
    assert [record.to_text() for record in result.records] == ["192.0.2.7"]


def test_each_query_has_a_source_port_and_an_id_of_its_own(spoofed: Peer) -> None:
    resolver = Resolver([spoofed.address], timeout=2)

    async def several() -> None:
        await asyncio.gather(*(resolver.lookup(f"n{number}.test", "A") for number in range(8)))

    asyncio.run(several())
    ports = {port for port, _ in spoofed.seen}
    ids = {ident for _, ident in spoofed.seen}
    assert len(spoofed.seen) == 8
    assert len(ports) == 8  # a socket per query, the port the kernel picked
    assert len(ids) > 1  # random IDs (8 equal ones would be a 1 in 2**105 chance)


def test_a_silent_nameserver_is_followed_by_the_next() -> None:
    silent = Peer(lambda query: [])
    zone = zone_from_text(
        "@ 300 IN SOA ns h 1 3600 600 86400 60\nhost 300 IN A 192.0.2.9\n", "next.test"
    )
    try:
        with DnsServer([zone], faults=Faults()) as server:
            resolver = Resolver([silent.address, server.address], timeout=3)
            result = asyncio.run(resolver.lookup("host.next.test", "A"))
    finally:
        silent.close()
    assert result.outcome is Outcome.ANSWER
    assert len(silent.seen) == 1
