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
as costly as parsing a whole answer. Anything it does not recognise as a plain negative
reply goes to dnspython's parser as before.

:func:`first_round` returns the reply when it settles the lookup (an answer, no data, a
non-existent name, or the failure code of the only nameserver) and None otherwise: every
nameserver silent, a malformed reply, a failure code with another nameserver left to ask,
or a configuration this module does not write (TSIG, EDNS options, a non-UDP nameserver).
The caller then hands the lookup to dnspython's full resolution for what remains of its
lifetime, with its retries, back-off and failover unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import struct
import time
from dataclasses import dataclass

import dns.asyncquery
import dns.asyncresolver
import dns.exception
import dns.flags
import dns.inet
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdataclass
import dns.rdatatype

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


@dataclass(frozen=True, slots=True)
class Negative:
    """A reply that answers no data or no such name: what the lookup needs of it."""

    rcode: dns.rcode.Rcode
    """NOERROR (no data) or NXDOMAIN."""
    flags: int
    """The header's flags (AD: the resolver validated the denial)."""
    soa: tuple[int, int] | None
    """The TTL and ``minimum`` field of the authority section's SOA, if it has one."""


async def first_round(
    resolver: dns.asyncresolver.Resolver,
    qname: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    lifetime: float,
) -> dns.message.QueryMessage | Negative | None:
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
            if isinstance(reply, Negative):
                return reply  # NOERROR or NXDOMAIN: settled
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
) -> dns.message.QueryMessage | Negative | None:
    """The reply to ``wire`` from a fresh connected socket, or None when none came in time."""
    loop = asyncio.get_running_loop()
    family = dns.inet.af_for_address(nameserver.address)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        sock.connect((nameserver.address, nameserver.port))
        await loop.sock_sendall(sock, wire)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while True:
                    data = await loop.sock_recv(sock, _MAX_REPLY)
                    reply = _reply(data, question, qname, rdtype, ident)
                    if reply is not None:
                        return reply
    return None


def _reply(
    data: bytes, question: bytes, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, ident: int
) -> dns.message.QueryMessage | Negative | None:
    """``data`` parsed when it answers the query; None for anything else (ignored)."""
    if len(data) < _HEADER.size or int.from_bytes(data[:2], "big") != ident:
        return None
    negative = _negative(data, question)
    if negative is not None:
        return negative
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
        for _ in range(additional):
            if data[offset] != 0:  # an OPT's owner is the root
                return None
            rdtype, _, extended, length = _RECORD.unpack_from(data, offset + 1)
            offset += 1 + _RECORD.size + length
            if rdtype != dns.rdatatype.OPT or extended >> 24:  # extended rcode bits
                return None
    except (IndexError, struct.error):
        return None
    if offset != len(data):
        return None
    return Negative(dns.rcode.Rcode(rcode), flags, soa)


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
