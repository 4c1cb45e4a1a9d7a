"""A lookup's first round on the wire, without dnspython's resolver loop: the common case, leanly.

dnspython's ``Resolver.resolve`` builds a ``Message`` for the query, opens an asyncio datagram
endpoint (a transport, a protocol and their callbacks) for each attempt and wraps the reply
in an ``Answer``: in a batch of many domains that machinery cost more CPU than parsing the
replies. Here the query's wire form is written directly and sent from a plain non-blocking
socket of its own, connected to the nameserver:

- each query still gets a fresh socket, so a source port the kernel picks at random, and a
  random ID (``secrets``): both are the defence against spoofed answers, as in dnspython;
- a reply counts only with the query's ID, the QR bit and the query's question; anything
  else on the socket is ignored until the attempt's timeout, as dnspython does;
- a truncated reply is asked again over TCP (dnspython's ``asyncquery.tcp``);
- the nameservers are tried in order, each for the resolver's per-attempt timeout within
  the lookup's lifetime, as dnspython's first round does.

A reply without answer records (no data, a non-existent name: half of a domain's lookups)
is read by :func:`_negative` from its header and the SOA in its authority section, without
building a dnspython ``Message``: parsing the SOA's names and hashing its record was about
as costly as parsing a whole answer. Likewise a plain answer of addresses, texts
or mail exchangers (A, AAAA, TXT, MX: nearly all of a domain's other lookups) is read by
:func:`_positive`: the records are still dnspython's own, made by
``dns.rdata.from_wire_parser`` as dnspython's parser makes them, but without a ``Message``,
its question parsed again, and an RRset searched for each record. Anything either does not
recognise as plain goes to dnspython's parser as before.

:func:`first_round` returns the reply when it settles the lookup (an answer, no data, a
non-existent name, or the failure code of the only nameserver) and None otherwise: every
nameserver silent, a malformed reply, a failure code with another nameserver left to ask,
or a configuration this module does not write (TSIG, EDNS options, a non-UDP nameserver).
The caller then hands the lookup to dnspython's full resolution for what remains of its
lifetime, with its retries, back-off and failover unchanged.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import socket
import struct
import time
from collections.abc import Callable
from typing import NamedTuple

import dns.asyncquery
import dns.asyncresolver
import dns.exception
import dns.flags
import dns.inet
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.wire

_HEADER = struct.Struct("!HHHHHH")
_QUESTION_TAIL = struct.Struct("!HH")
_OPT = struct.Struct("!BHHIH")
"""An OPT record (RFC 6891): root owner, type 41, payload size, extended flags, no options."""
_RECORD = struct.Struct("!HHIH")
"""A resource record after its owner name: type, class, TTL, data length."""
_SOA_COUNTERS = struct.Struct("!IIIII")
"""An SOA's data after its two names: serial, refresh, retry, expire, minimum."""
_MAX_REPLY = 65535
_MAX_TTL = 2**31 - 1
"""RFC 2181 §8: a TTL above this is malformed; such a reply goes to dnspython's parser."""
_POINTER = 0xC0
_MAX_LABEL = 63


class Negative(NamedTuple):
    """A reply that answers no data or no such name: what the lookup needs of it."""

    rcode: dns.rcode.Rcode
    """NOERROR (no data) or NXDOMAIN."""
    flags: int
    """The header's flags (AD: the resolver validated the denial)."""
    soa: tuple[int, int] | None
    """The TTL and ``minimum`` field of the authority section's SOA, if it has one."""


class Positive(NamedTuple):
    """A reply that answers with records of the type asked for, at the name asked for."""

    flags: int
    """The header's flags (AD: the resolver validated the answer)."""
    records: tuple[dns.rdata.Rdata, ...]
    """The records, duplicates dropped, in the order received (as dnspython's RRset keeps them)."""
    ttl: int
    """The lowest of the records' TTLs (as dnspython's RRset keeps it)."""


async def first_round(
    resolver: dns.asyncresolver.Resolver,
    qname: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    lifetime: float,
) -> dns.message.QueryMessage | Negative | Positive | None:
    """The reply that settles ``qname``/``rdtype``, or None for dnspython's full resolution."""
    nameservers = resolver.nameservers
    if (
        resolver.keyname is not None
        or resolver.ednsoptions
        or not all(type(ns) is dns.nameserver.Do53Nameserver for ns in nameservers)
    ):
        return None
    owner = qname.to_wire()
    assert owner is not None  # without a file to write to, dnspython returns the bytes
    question = owner + _QUESTION_TAIL.pack(rdtype, dns.rdataclass.IN)
    expiry = time.monotonic() + lifetime
    for nameserver in nameservers:
        assert isinstance(nameserver, dns.nameserver.Do53Nameserver)
        remaining = expiry - time.monotonic()
        if remaining <= 0:
            return None
        timeout = min(resolver.timeout, remaining)
        ident = secrets.randbits(16)
        wire = _query_wire(resolver, ident, question)
        try:
            reply = await _udp(nameserver, wire, question, qname, rdtype, ident, timeout)
            if isinstance(reply, Negative | Positive):
                return reply  # an answer, no data or no such name: settled
            if reply is not None and reply.flags & dns.flags.TC:
                query = dns.message.from_wire(wire)
                over_tcp = await dns.asyncquery.tcp(
                    query, nameserver.address, timeout=timeout, port=nameserver.port
                )
                if not isinstance(over_tcp, dns.message.QueryMessage):
                    return None
                reply = over_tcp
        except (dns.exception.DNSException, OSError, EOFError):
            return None
        if reply is None:
            continue  # silent: the next nameserver, as dnspython's first round
        rcode = reply.rcode()
        if rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            return reply
        # A failure code ends the lookup only when no other nameserver could answer.
        return reply if len(nameservers) == 1 and rcode != dns.rcode.YXDOMAIN else None
    return None


def _query_wire(resolver: dns.asyncresolver.Resolver, ident: int, question: bytes) -> bytes:
    """The query as ``dns.message.make_query`` and the resolver's settings would write it."""
    flags = dns.flags.RD if resolver.flags is None else int(resolver.flags)
    edns = resolver.edns >= 0
    header = _HEADER.pack(ident, flags, 1, 0, 0, 1 if edns else 0)
    if not edns:
        return header + question
    extended = (resolver.edns << 16) | int(resolver.ednsflags)
    return header + question + _OPT.pack(0, dns.rdatatype.OPT, resolver.payload, extended, 0)


async def _udp(
    nameserver: dns.nameserver.Do53Nameserver,
    wire: bytes,
    question: bytes,
    qname: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    ident: int,
    timeout: float,
) -> dns.message.QueryMessage | Negative | Positive | None:
    """The reply to ``wire`` from a fresh connected socket, or None when none came in time.

    The socket is watched with one reader callback and one timer, both settling one future:
    ``loop.sock_recv`` in a loop under ``asyncio.timeout`` made a future, a callback and a
    timeout scope per datagram, for every one of a batch's queries.
    """
    loop = asyncio.get_running_loop()
    family = _family(nameserver.address)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        sock.connect((nameserver.address, nameserver.port))
        await loop.sock_sendall(sock, wire)
        settled: asyncio.Future[dns.message.QueryMessage | Negative | Positive | None]
        settled = loop.create_future()

        def readable() -> None:
            while not settled.done():
                try:
                    data = sock.recv(_MAX_REPLY)
                except (BlockingIOError, InterruptedError):
                    return  # read everything there was: wait for the next datagram
                except OSError as exc:  # an ICMP error for the nameserver's port, say
                    settled.set_exception(exc)
                    return
                reply = _reply(data, question, qname, rdtype, ident)
                if reply is not None:
                    settled.set_result(reply)

        def silent() -> None:
            if not settled.done():
                settled.set_result(None)

        loop.add_reader(sock.fileno(), readable)
        timer = loop.call_later(timeout, silent)
        try:
            return await settled
        finally:
            timer.cancel()
            loop.remove_reader(sock.fileno())


@functools.lru_cache(maxsize=64)
def _family(address: str) -> int:
    """The address family of a nameserver's address: dnspython parses the text each time,
    2 % of a batch's CPU when asked for every query. A resolver has a few nameservers."""
    return dns.inet.af_for_address(address)


def _reply(
    data: bytes, question: bytes, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, ident: int
) -> dns.message.QueryMessage | Negative | Positive | None:
    """``data`` parsed when it answers the query; None for anything else (ignored)."""
    if len(data) < _HEADER.size or int.from_bytes(data[:2], "big") != ident:
        return None
    lean = _negative(data, question) or _positive(data, question, rdtype)
    if lean is not None:
        return lean
    try:
        reply = dns.message.from_wire(data, raise_on_truncation=True)
    except dns.message.Truncated as truncated:
        # The header and question, TC set: the caller asks again over TCP.
        reply = truncated.message()  # type: ignore[no-untyped-call]
    except dns.exception.DNSException:
        return None
    asked = reply.question
    if not isinstance(reply, dns.message.QueryMessage) or not reply.flags & dns.flags.QR:
        return None
    if len(asked) != 1:
        return None
    echoed = asked[0]
    if echoed.name != qname or echoed.rdtype != rdtype or echoed.rdclass != dns.rdataclass.IN:
        return None
    return reply


def _negative(data: bytes, question: bytes) -> Negative | None:
    """``data`` read as a plain negative reply to ``question``, or None to leave it to dnspython.

    Plain: a standard query's response (QR, opcode QUERY, not truncated), NOERROR or
    NXDOMAIN, our question byte for byte, no answer record, at most one SOA in the
    authority section, no additional record but an OPT without an extended rcode, and
    nothing after the last record. The authority's names are skipped, not read: only the
    SOA's TTL and ``minimum`` are used (the negative-caching TTL, RFC 2308).
    """
    _, flags, questions, answers, authority, additional = _HEADER.unpack_from(data)
    rcode = flags & 0xF
    if (
        answers
        or questions != 1
        or not flags & dns.flags.QR
        or flags & (dns.flags.TC | 0x7800)  # truncated, or an opcode other than QUERY
        or rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN)
        or data[_HEADER.size : _HEADER.size + len(question)] != question
    ):
        return None
    offset = _HEADER.size + len(question)
    soa: tuple[int, int] | None = None
    try:
        for _ in range(authority):
            offset = _skip_name(data, offset)
            rdtype, rdclass, ttl, length = _RECORD.unpack_from(data, offset)
            start = offset + _RECORD.size
            offset = start + length
            if offset > len(data) or rdclass != dns.rdataclass.IN or ttl > _MAX_TTL:
                return None
            if rdtype == dns.rdatatype.SOA:
                counters = _skip_name(data, _skip_name(data, start))
                if soa is not None or offset - counters != _SOA_COUNTERS.size:
                    return None
                soa = (ttl, _SOA_COUNTERS.unpack_from(data, counters)[4])
        offset = _after_opt(data, offset, additional)
    except (IndexError, struct.error):
        return None
    if offset != len(data):
        return None
    return Negative(dns.rcode.Rcode(rcode), flags, soa)


def _same_bytes(raw: bytes, record: dns.rdata.Rdata) -> object:
    return raw


def _same_exchange(raw: bytes, record: dns.rdata.Rdata) -> object:
    return (record.preference, record.exchange)  # type: ignore[attr-defined]


_LEAN_TYPES: dict[dns.rdatatype.RdataType, Callable[[bytes, dns.rdata.Rdata], object]] = {
    dns.rdatatype.A: _same_bytes,
    dns.rdatatype.AAAA: _same_bytes,
    dns.rdatatype.TXT: _same_bytes,
    dns.rdatatype.MX: _same_exchange,
}
"""Types read by :func:`_positive`, each with what makes two of its records the same record,
as dnspython's RRset compares them to drop a duplicate: the bytes when no name is inside,
the preference and the exchange (compared without case, however it was compressed) for MX."""
_QUESTION_POINTER = b"\xc0\x0c"
"""An owner name written as a pointer to the question's name (offset 12): how servers write
the answer's owner."""


def _positive(data: bytes, question: bytes, rdtype: dns.rdatatype.RdataType) -> Positive | None:
    """``data`` read as a plain answer to ``question``, or None to leave it to dnspython.

    Plain: a standard query's NOERROR response (QR, opcode QUERY, not truncated), our question
    byte for byte, a type of :data:`_LEAN_TYPES`, every answer record of that type and class
    IN at the question's name (no CNAME, no RRSIG), the authority section skipped, no
    additional record but an OPT without an extended rcode, nothing after the last record.
    """
    if rdtype not in _LEAN_TYPES:
        return None
    _, flags, questions, answers, authority, additional = _HEADER.unpack_from(data)
    if (
        not answers
        or questions != 1
        or not flags & dns.flags.QR
        or flags & (dns.flags.TC | 0x7800 | 0xF)  # truncated, another opcode, an error rcode
        or data[_HEADER.size : _HEADER.size + len(question)] != question
    ):
        return None
    owner = question[: -_QUESTION_TAIL.size]
    offset = _HEADER.size + len(question)
    same = _LEAN_TYPES[rdtype]
    records: dict[object, dns.rdata.Rdata] = {}
    ttl = _MAX_TTL
    try:
        for _ in range(answers):
            if data.startswith(_QUESTION_POINTER, offset):
                offset += len(_QUESTION_POINTER)
            elif data.startswith(owner, offset):
                offset += len(owner)
            else:
                return None  # another name, or ours spelt otherwise: dnspython compares
            found, rdclass, record_ttl, length = _RECORD.unpack_from(data, offset)
            start = offset + _RECORD.size
            offset = start + length
            if (
                found != rdtype
                or rdclass != dns.rdataclass.IN
                or record_ttl > _MAX_TTL
                or offset > len(data)
            ):
                return None
            ttl = min(ttl, record_ttl)
            # The whole reply is the parser's: a name inside a record may point back into it.
            parser = dns.wire.Parser(data, start)
            with parser.restrict_to(length):
                record = dns.rdata.from_wire_parser(dns.rdataclass.IN, rdtype, parser)
            records.setdefault(same(data[start:offset], record), record)
        for _ in range(authority):
            offset = _skip_name(data, offset)
            length = _RECORD.unpack_from(data, offset)[3]
            offset += _RECORD.size + length
        offset = _after_opt(data, offset, additional)
    except (IndexError, struct.error, dns.exception.DNSException, ValueError):
        return None
    if offset != len(data):
        return None
    return Positive(flags, tuple(records.values()), ttl)


def _after_opt(data: bytes, offset: int, additional: int) -> int:
    """The offset after an additional section of at most an OPT record without an extended
    rcode; IndexError for anything else there."""
    for _ in range(additional):
        if data[offset] != 0:  # an OPT's owner is the root
            raise IndexError("an additional record other than OPT")
        rdtype, _, extended, length = _RECORD.unpack_from(data, offset + 1)
        offset += 1 + _RECORD.size + length
        if rdtype != dns.rdatatype.OPT or extended >> 24:  # extended rcode bits
            raise IndexError("an additional record other than OPT, or an extended rcode")
    return offset


def _skip_name(data: bytes, offset: int) -> int:
    """The offset after the name at ``offset``; IndexError when it is malformed."""
    start = offset
    while True:
        length = data[offset]
        if length == 0:
            return offset + 1
        if length >= _POINTER:
            # Compression (RFC 1035 §4.1.4): a pointer back to an earlier name ends it.
            if ((length & ~_POINTER) << 8 | data[offset + 1]) >= start:
                raise IndexError("a compression pointer that does not point back")
            return offset + 2
        if length > _MAX_LABEL:
            raise IndexError("a label type other than a length or a pointer")
        offset += 1 + length
