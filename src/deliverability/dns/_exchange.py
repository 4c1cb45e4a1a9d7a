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
_MAX_REPLY = 65535


async def first_round(
    resolver: dns.asyncresolver.Resolver,
    qname: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    lifetime: float,
) -> dns.message.QueryMessage | None:
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
            reply = await _udp(nameserver, wire, qname, rdtype, ident, timeout)
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
    qname: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    ident: int,
    timeout: float,
) -> dns.message.QueryMessage | None:
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
                    reply = _reply(data, qname, rdtype, ident)
                    if reply is not None:
                        return reply
    return None


def _reply(
    data: bytes, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, ident: int
) -> dns.message.QueryMessage | None:
    """``data`` parsed when it answers the query; None for anything else (ignored)."""
    if len(data) < _HEADER.size or int.from_bytes(data[:2], "big") != ident:
        return None
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
    question = asked[0]
    if question.name != qname or question.rdtype != rdtype or question.rdclass != dns.rdataclass.IN:
        return None
    return reply
