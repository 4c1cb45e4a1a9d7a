"""The lean first round on the wire: what a spoofer would aim at, and failing over.

A hand-written UDP peer on loopback answers each query as the test tells it to: first a
reply with the wrong ID (what a spoofer guessing blindly sends), then the right one.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from deliverability.dns import Lookup, Outcome, Resolver
from deliverability.dns._exchange import _negative, _positive
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


def negative(query: dns.message.Message, *, rcode: dns.rcode.Rcode, soa: str | None) -> bytes:
    response = dns.message.make_response(query)
    response.set_rcode(rcode)
    if soa is not None:
        response.authority.append(dns.rrset.from_text("neg.test.", 120, "IN", "SOA", soa))
    return response.to_wire()


@pytest.fixture
def spoofed_denial() -> Iterator[Peer]:
    """A denial for another question (what a spoofer would send), then the genuine no data."""

    def reply(query: dns.message.Message) -> list[bytes]:
        other = dns.message.make_query("other.neg.test", query.question[0].rdtype)
        other.id = query.id
        soa = "ns.neg.test. h.neg.test. 1 3600 600 86400 30"
        return [
            negative(other, rcode=dns.rcode.NXDOMAIN, soa=soa),
            negative(query, rcode=dns.rcode.NOERROR, soa=soa),
        ]

    peer = Peer(reply)
    yield peer
    peer.close()


def test_a_denial_for_another_question_is_ignored(spoofed_denial: Peer) -> None:
    resolver = Resolver([spoofed_denial.address], timeout=2)
    result = asyncio.run(resolver.lookup("genuine.neg.test", "TXT"))
    assert result.outcome is Outcome.NODATA
    assert result.ttl == 30  # the SOA's minimum, lower than its TTL (RFC 2308)


NEGATIVE_ZONE = """\
@ 120 IN SOA ns h 1 3600 600 86400 300
host 120 IN A 192.0.2.9
"""


@pytest.mark.parametrize(
    ("name", "rdtype", "outcome"),
    [
        ("host.neg.test", "TXT", Outcome.NODATA),
        ("missing.neg.test", "TXT", Outcome.NXDOMAIN),
        ("host.neg.test", "AAAA", Outcome.NODATA),
    ],
)
def test_denials_are_read_with_their_negative_ttl(name: str, rdtype: str, outcome: Outcome) -> None:
    """A denial read from its header and SOA: the outcome and the negative-caching TTL."""
    with DnsServer([zone_from_text(NEGATIVE_ZONE, "neg.test")]) as server:
        result = asyncio.run(Resolver([server.address]).lookup(name, rdtype))
    # The SOA's TTL, lower than its minimum; nothing else known of a denial.
    assert result == Lookup(name, rdtype, outcome, ttl=120)


def _denial(**changes: object) -> bytes:
    query = dns.message.make_query("a.neg.test", "TXT", id=7)
    response = dns.message.make_response(query)
    response.set_rcode(dns.rcode.NXDOMAIN)
    soa = "ns.neg.test. h.neg.test. 1 3600 600 86400 30"
    response.authority.append(dns.rrset.from_text("neg.test.", 120, "IN", "SOA", soa))
    for name, value in changes.items():
        setattr(response, name, value)
    return response.to_wire()


def _question() -> bytes:
    wire = dns.message.make_query("a.neg.test", "TXT", id=7).to_wire()
    return wire[12:]


def test_only_plain_denials_are_read_leanly() -> None:
    """Anything unusual goes to dnspython's parser, which accepts or rejects it as before."""
    question = _question()
    plain = _negative(_denial(), question)
    assert plain is not None and plain.soa == (120, 30)
    assert _negative(_denial() + b"\x00", question) is None  # trailing bytes
    assert _negative(_denial()[:-3], question) is None  # cut short
    wire = _denial()
    soa = wire[12 + len(question) :]
    two = wire[:8] + b"\x00\x02" + wire[10 : 12 + len(question)] + soa + soa
    assert _negative(two, question) is None  # two SOAs: which one counts is dnspython's call
    answered = [dns.rrset.from_text("a.neg.test.", 60, "IN", "TXT", '"x"')]
    assert _negative(_denial(answer=answered), question) is None
    assert _negative(_denial(), _question().upper()) is None  # another spelling: dnspython
    wire = bytearray(_denial())
    wire[3] = (wire[3] & 0xF0) | dns.rcode.SERVFAIL  # a failure, not a denial
    assert _negative(bytes(wire), question) is None


def _answer(rdtype: str = "TXT", *records: str, **changes: object) -> bytes:
    """A reply to ``a.pos.test`` ``rdtype`` with ``records`` (each ``TTL TYPE DATA``)."""
    query = dns.message.make_query("a.pos.test", rdtype, id=7)
    response = dns.message.make_response(query)
    for record in records:
        ttl, kind, data = record.split(" ", 2)
        response.answer.append(dns.rrset.from_text("a.pos.test.", int(ttl), "IN", kind, data))
    for name, value in changes.items():
        setattr(response, name, value)
    return response.to_wire()


def _asked(rdtype: str = "TXT") -> bytes:
    return dns.message.make_query("a.pos.test", rdtype, id=7).to_wire()[12:]


def test_plain_answers_are_read_as_dnspython_reads_them() -> None:
    wire = _answer("TXT", '300 TXT "v=spf1 -all"', '60 TXT "b" "c"')
    read = _positive(wire, _asked("TXT"), dns.rdatatype.TXT)
    parsed = dns.message.from_wire(wire).answer[0]
    assert read is not None and set(read.records) == set(parsed)
    assert read.ttl == parsed.ttl == 60  # the lowest, as dnspython's RRset keeps it
    for rdtype, data in (("A", "192.0.2.1"), ("AAAA", "2001:db8::1")):
        kind = dns.rdatatype.from_text(rdtype)
        address = _positive(_answer(rdtype, f"60 {rdtype} {data}"), _asked(rdtype), kind)
        assert address is not None and address.records[0].address == data


def test_mail_exchangers_are_read_with_their_compressed_names() -> None:
    wire = _answer("MX", "60 MX 10 mx1.pos.test.", "60 MX 20 MX1.Pos.Test.", "60 MX 10 other.test.")
    read = _positive(wire, _asked("MX"), dns.rdatatype.MX)
    parsed = dns.message.from_wire(wire).answer[0]
    assert read is not None and len(read.records) == len(parsed) == 3
    assert set(read.records) == set(parsed)
    # The same exchange in another case is the same record, however its name was compressed.
    again = _answer("MX", "60 MX 10 mx1.pos.test.")
    question = _asked("MX")
    record = again[12 + len(question) :]
    compressed = b"\x03mx1\xc0\x0e"  # mx1, then a pointer to the question's pos.test
    assert record.endswith(compressed)
    spelt = record.replace(compressed, b"\x03MX1\x03pos\x04test\x00")
    spelt = spelt[:10] + (len(spelt) - 12).to_bytes(2, "big") + spelt[12:]
    twice = again[:6] + b"\x00\x02" + again[8:] + spelt
    assert len(dns.message.from_wire(twice).answer[0]) == 1
    read = _positive(twice, question, dns.rdatatype.MX)
    assert read is not None and len(read.records) == 1


def test_a_record_sent_twice_is_one_record() -> None:
    wire = _answer("TXT", '60 TXT "v=spf1 -all"')
    question = _asked("TXT")
    record = wire[12 + len(question) :]
    twice = wire[:6] + b"\x00\x02" + wire[8:] + record
    assert len(dns.message.from_wire(twice).answer[0]) == 1  # dnspython's RRset: one record
    read = _positive(twice, question, dns.rdatatype.TXT)
    assert read is not None and len(read.records) == 1


def test_only_plain_answers_are_read_leanly() -> None:
    """CNAMEs, signatures, names inside records, odd sections: dnspython's parser, as before."""
    question, txt = _asked("TXT"), dns.rdatatype.TXT
    assert _positive(_answer("TXT", '60 TXT "x"'), question, txt) is not None
    assert _positive(_answer("TXT", '60 TXT "x"') + b"\x00", question, txt) is None
    assert _positive(_answer("TXT", '60 TXT "x"')[:-1], question, txt) is None
    assert _positive(_answer("TXT", "60 CNAME b.pos.test."), question, txt) is None
    ns = _answer("NS", "60 NS ns.pos.test.")
    assert _positive(ns, _asked("NS"), dns.rdatatype.NS) is None  # not a lean type
    signed = "60 RRSIG TXT 13 3 60 20300101000000 20200101000000 1 pos.test. AAAA"
    assert _positive(_answer("TXT", '60 TXT "x"', signed), question, txt) is None
    glue = [dns.rrset.from_text("ns.pos.test.", 60, "IN", "A", "192.0.2.53")]
    assert _positive(_answer("TXT", '60 TXT "x"', additional=glue), question, txt) is None
    other = _answer("TXT", '60 TXT "x"')
    assert _positive(other, _asked("TXT").upper(), txt) is None  # another spelling
    truncated = _answer("TXT", '60 TXT "x"', flags=dns.flags.QR | dns.flags.TC)
    assert _positive(truncated, question, txt) is None
    wire = bytearray(_answer("TXT", '60 TXT "x"'))
    wire[3] = (wire[3] & 0xF0) | dns.rcode.SERVFAIL
    assert _positive(bytes(wire), question, txt) is None
