"""A real DNS server on loopback, serving zone files: the DNS of tests, demos and users' CI.

It answers as the recursive resolver a client talks to would: CNAMEs are followed, a
missing name is NXDOMAIN and a missing type is NODATA (both with the zone's SOA), and a
name outside every zone is NXDOMAIN. Faults stand in for a broken internet: a delay on
every answer, and per-name timeouts (the query is dropped), SERVFAILs or REFUSEDs.

Signed zones (``dns.dnssec.sign_zone``) are served as they are: a query with the DO bit gets
the RRSIGs covering its answer, and a DS question goes to the parent zone, where DS records
live. With ``validating=True`` the server also plays a validating resolver: each zone whose
parent (another zone served) holds a DS is checked against it — a DNSKEY matching the DS,
and the answer's RRSIG verified with that DNSKEY — and the answer gets the AD bit (when the
query set DO or AD), or SERVFAIL when a check fails (unless the query set CD). Each parent is
trusted as an anchor: the chain is checked one level deep, which is what a test needs.

It runs its own event loop in a daemon thread, so sync tests, async tests and the CLI can
all use it the same way::

    with DnsServer.from_directory("zones") as server:
        resolver = Resolver([server.address])
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import dns.dnssec
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.node
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rrset
import dns.zone

from deliverability._background import BackgroundServer

FaultKind = Literal["timeout", "servfail", "refused"]
FaultRule = Callable[[str, str], "FaultKind | None"]

_MAX_CNAME_CHAIN = 8
_BIND_ATTEMPTS = 5
_MAX_UDP_WITHOUT_EDNS = 512
_UDP_RECEIVE_BUFFER = 4 * 1024 * 1024
"""Bytes of queries the UDP socket may hold before the kernel drops the next."""
_DEFAULT_SOA = "ns.invalid. hostmaster.invalid. 1 3600 600 86400 60"


@dataclass
class Faults:
    """What goes wrong, by name: lower-case names without the trailing dot.

    ``timeout``/``servfail``/``refused`` map a name to the record types affected (``None`` = all).
    ``except_types`` keeps those types answering for a timed-out name. ``rule`` decides
    anything else (for example every name starting with ``error.``).
    """

    timeout: dict[str, frozenset[str] | None] = field(default_factory=dict)
    servfail: dict[str, frozenset[str] | None] = field(default_factory=dict)
    refused: dict[str, frozenset[str] | None] = field(default_factory=dict)
    except_types: dict[str, frozenset[str]] = field(default_factory=dict)
    rule: FaultRule | None = None

    def for_query(self, name: str, rdtype: str) -> FaultKind | None:
        if rdtype in self.except_types.get(name, frozenset()):
            return None
        kinds: tuple[tuple[FaultKind, dict[str, frozenset[str] | None]], ...] = (
            ("timeout", self.timeout),
            ("servfail", self.servfail),
            ("refused", self.refused),
        )
        for kind, table in kinds:
            if name in table:
                types = table[name]
                if types is None or rdtype in types:
                    return kind
        return self.rule(name, rdtype) if self.rule else None


class DnsServer(BackgroundServer):
    """A loopback DNS server over UDP and TCP for a set of zones."""

    def __init__(
        self,
        zones: Iterable[dns.zone.Zone],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        delay: float = 0.0,
        faults: Faults | None = None,
        validating: bool = False,
    ) -> None:
        # Longest origin first, so a child zone wins over its parent.
        self.zones = sorted(zones, key=lambda z: len(_origin(z)), reverse=True)
        origins = [_origin(zone) for zone in self.zones]
        duplicates = sorted({origin.to_text() for origin in origins if origins.count(origin) > 1})
        if duplicates:
            raise ValueError(f"two zones for the same origin: {', '.join(duplicates)}")
        super().__init__(host=host, port=port)
        self.delay = delay
        """Seconds to wait before every answer (a stand-in for network round trips)."""
        self.faults = faults or Faults()
        self.validating = validating
        """Play a validating resolver: AD on verified answers, SERVFAIL on bogus ones."""
        self.queries = 0
        """Queries received (UDP and TCP)."""
        self._transport: asyncio.DatagramTransport | None = None
        self._tcp_server: asyncio.base_events.Server | None = None

    @classmethod
    def from_directory(cls, directory: str | Path, **options: object) -> DnsServer:
        """Serve every zone file in ``directory`` (see :func:`load_zone_directory`)."""
        return cls(load_zone_directory(directory), **options)  # type: ignore[arg-type]

    async def _open(self) -> None:
        # UDP and TCP must share one port. With an ephemeral port, the UDP side of the port
        # the kernel gave to TCP may be taken: try again with another.
        for attempt in range(_BIND_ATTEMPTS):
            self._tcp_server = await asyncio.start_server(self._serve_tcp, self.host, self.port)
            port = self._tcp_server.sockets[0].getsockname()[1]
            try:
                self._transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                    lambda: _UdpProtocol(self), local_addr=(self.host, port)
                )
            except OSError:
                await self._close()
                if self.port or attempt == _BIND_ATTEMPTS - 1:
                    raise
                continue
            # A burst of queries (a batch starting 64 diagnoses at once sends some 400) would
            # overflow the default buffer of about 200 KB while the loop is busy answering:
            # each dropped query costs its client a 2 s retry, which a real resolver's
            # larger buffer (Unbound recommends 4 MB) would not. The kernel caps the size.
            with contextlib.suppress(OSError):
                self._transport.get_extra_info("socket").setsockopt(
                    socket.SOL_SOCKET, socket.SO_RCVBUF, _UDP_RECEIVE_BUFFER
                )
            self.port = port
            return

    async def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if self._tcp_server is not None:
            self._tcp_server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._tcp_server.wait_closed(), 1)
            self._tcp_server = None

    # -- answering -------------------------------------------------------------------

    async def answer_wire(self, wire: bytes, *, udp: bool) -> bytes | None:
        """The reply to one query in wire format, or None to stay silent (a timeout)."""
        self.queries += 1
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        if not query.question:
            return None
        question = query.question[0]
        name = question.name.to_text(omit_final_dot=True).lower()
        rdtype = dns.rdatatype.to_text(question.rdtype)
        fault = self.faults.for_query(name, rdtype)
        if fault == "timeout":
            return None
        if self.delay:
            await asyncio.sleep(self.delay)
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        if fault in ("servfail", "refused"):
            response.set_rcode(dns.rcode.SERVFAIL if fault == "servfail" else dns.rcode.REFUSED)
        else:
            self._resolve(question.name, question.rdtype, response)
            if self.validating:
                self._validate(query, response)
            if query.ednsflags & dns.flags.DO:
                self._add_signatures(response)
        limit = 65535
        if udp:
            limit = (
                max(query.payload, _MAX_UDP_WITHOUT_EDNS)
                if query.edns >= 0
                else _MAX_UDP_WITHOUT_EDNS
            )
        try:
            return response.to_wire(max_size=limit)
        except dns.exception.TooBig:
            truncated = dns.message.make_response(query)
            truncated.flags |= dns.flags.TC | dns.flags.RA
            return truncated.to_wire()

    async def _serve_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                length = int.from_bytes(await reader.readexactly(2), "big")
                reply = await self.answer_wire(await reader.readexactly(length), udp=False)
                if reply is not None:
                    writer.write(len(reply).to_bytes(2, "big") + reply)
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def _resolve(
        self, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType, response: dns.message.Message
    ) -> None:
        """Fill ``response`` as a recursive resolver would, following CNAMEs."""
        for _ in range(_MAX_CNAME_CHAIN):
            zone = self._zone_for(qname, rdtype)
            if zone is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                return
            node = zone.get_node(qname) or _wildcard(zone, qname)
            if node is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                response.authority.append(_soa(zone))
                return
            rdataset = node.get_rdataset(dns.rdataclass.IN, rdtype)
            if rdataset:  # an empty set (a zone built in code) is no data, not an answer
                response.answer.append(_rrset(qname, rdataset))
                return
            if rdtype == dns.rdatatype.SOA and qname == _origin(zone):
                response.answer.append(_soa(zone))  # the default SOA of a zone without one
                return
            cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
            if not cname or rdtype == dns.rdatatype.CNAME:
                response.authority.append(_soa(zone))
                return
            response.answer.append(_rrset(qname, cname))
            qname = cname[0].target
        response.set_rcode(dns.rcode.SERVFAIL)  # a CNAME loop or an over-long chain

    def _zone_for(
        self, qname: dns.name.Name, rdtype: int = dns.rdatatype.A
    ) -> dns.zone.Zone | None:
        """The zone that answers: the closest enclosing one, but a zone's DS is its parent's."""
        for zone in self.zones:
            if qname.is_subdomain(_origin(zone)) and not (
                rdtype == dns.rdatatype.DS and qname == _origin(zone)
            ):
                return zone
        return None

    # -- DNSSEC ----------------------------------------------------------------------

    def _add_signatures(self, response: dns.message.Message) -> None:
        """Add the RRSIGs covering each answer and authority RRset, as a DO query asks."""
        for section in (response.answer, response.authority):
            for rrset in list(section):
                signatures = self._signatures(rrset)
                if signatures is not None:
                    section.append(signatures)

    def _signatures(self, rrset: dns.rrset.RRset) -> dns.rrset.RRset | None:
        zone = self._zone_for(rrset.name, rrset.rdtype)
        node = zone.get_node(rrset.name) if zone is not None else None
        if node is None:
            return None
        found = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.RRSIG, rrset.rdtype)
        return _rrset(rrset.name, found) if found else None

    def _validate(self, query: dns.message.Message, response: dns.message.Message) -> None:
        judged = response.answer or [
            rrset for rrset in response.authority if rrset.rdtype == dns.rdatatype.SOA
        ]
        verdicts = {self._verdict(rrset) for rrset in judged}
        if "bogus" in verdicts and not query.flags & dns.flags.CD:
            response.answer.clear()
            response.authority.clear()
            response.set_rcode(dns.rcode.SERVFAIL)
        elif verdicts == {"secure"} and (
            query.ednsflags & dns.flags.DO or query.flags & dns.flags.AD
        ):
            response.flags |= dns.flags.AD

    def _verdict(self, rrset: dns.rrset.RRset) -> Literal["insecure", "secure", "bogus"]:
        """RFC 4035 §5 one level deep: DS at the parent → DNSKEY → RRSIG over ``rrset``."""
        zone = self._zone_for(rrset.name, rrset.rdtype)
        if zone is None:
            return "insecure"
        origin = _origin(zone)
        parent = self._zone_for(origin, dns.rdatatype.DS)
        ds = parent.get_rdataset(origin, dns.rdatatype.DS) if parent is not None else None
        if not ds:
            return "insecure"
        keys = zone.get_rdataset(origin, dns.rdatatype.DNSKEY)
        signatures = self._signatures(rrset)
        if not keys or signatures is None:
            return "bogus"
        if not any(dns.dnssec.make_ds(origin, key, d.digest_type) == d for key in keys for d in ds):
            return "bogus"
        try:
            dns.dnssec.validate(rrset, signatures, {origin: keys})
        except dns.exception.ValidationFailure:
            return "bogus"
        return "secure"


class _UdpProtocol(asyncio.DatagramProtocol):
    def __init__(self, server: DnsServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        asyncio.ensure_future(self._reply(data, addr))

    async def _reply(self, data: bytes, addr: tuple[str, int]) -> None:
        reply = await self.server.answer_wire(data, udp=True)
        if reply is not None and self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(reply, addr)


def _rrset(name: dns.name.Name, rdataset: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset))


def _origin(zone: dns.zone.Zone) -> dns.name.Name:
    # Zones are read with their origin (the file name), so it is always set.
    assert zone.origin is not None
    return zone.origin


def _wildcard(zone: dns.zone.Zone, qname: dns.name.Name) -> dns.node.Node | None:
    """The wildcard node that answers ``qname`` (RFC 4592: the closest encloser's ``*``)."""
    name = qname
    while name != _origin(zone):
        name = name.parent()
        wildcard = zone.get_node(_STAR.concatenate(name))
        if wildcard is not None:
            return wildcard
        if zone.get_node(name) is not None:
            return None  # the closest encloser has no wildcard: the name does not exist
    return None


_STAR = dns.name.Name([b"*"])


def _soa(zone: dns.zone.Zone) -> dns.rrset.RRset:
    origin = _origin(zone)
    rdataset = zone.get_rdataset(origin, dns.rdatatype.SOA)
    if not rdataset:
        return dns.rrset.from_text(origin, 60, "IN", "SOA", _DEFAULT_SOA)
    return _rrset(origin, rdataset)


def load_zone_directory(directory: str | Path) -> list[dns.zone.Zone]:
    """Read every ``*.zone`` file in ``directory``; the origin is the file name without ``.zone``."""
    paths = sorted(Path(directory).glob("*.zone"))
    if not paths:
        raise FileNotFoundError(f"no *.zone files in {directory}")
    return [
        zone_from_text(path.read_text(encoding="utf-8"), path.stem, source=str(path.name))
        for path in paths
    ]


def zone_from_text(text: str, origin: str, *, source: str = "<zone>") -> dns.zone.Zone:
    """Parse RFC 1035 master-file text; a zone without SOA gets a default one."""
    try:
        return dns.zone.from_text(
            text, origin=origin, relativize=False, check_origin=False, filename=source
        )
    except dns.exception.DNSException as exc:
        raise ValueError(f"{source}: {exc}") from exc


def zone_from_records(
    origin: str, records: Mapping[str, Iterable[tuple[str, str]]], ttl: int = 300
) -> dns.zone.Zone:
    """Build a zone from ``{name: [(rdtype, rdata text), …]}`` (names absolute, no trailing dot needed)."""
    zone = dns.zone.Zone(dns.name.from_text(origin), relativize=False)
    for owner, entries in records.items():
        name = dns.name.from_text(owner)
        for rdtype, text in entries:
            rdataset = zone.find_rdataset(name, rdtype, create=True)
            rdataset.add(dns.rdata.from_text(dns.rdataclass.IN, rdtype, text), ttl)
    return zone
