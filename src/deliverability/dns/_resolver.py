"""The run's resolver: one per run, shared by every check and every target of a batch.

It caches positive and negative answers within their TTL, merges identical queries in
flight (so ``_spf.google.com`` is asked once for a thousand domains checked at once),
counts what goes on the wire, and honours a deadline per diagnosis: once the deadline
has passed, lookups end as TIMEOUT at once instead of hanging the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import ipaddress
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import dns.asyncresolver
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.rdtypes.IN.A
import dns.rdtypes.IN.AAAA
import dns.rdtypes.mxbase
import dns.rdtypes.txtbase
import dns.resolver
import dns.rrset

from deliverability.dns._exchange import Negative, Positive, first_round
from deliverability.dns._outcome import Lookup, Outcome
from deliverability.errors import positive_integer, positive_number

DEFAULT_TIMEOUT = 5.0
"""Seconds one lookup may take, retries included."""

_NEGATIVE_TTL_CAP = 300

DEFAULT_CACHE_SIZE = 10_000
"""Answers kept at most. A batch's working set is its lookups in flight plus the names
domains share (providers' includes and MX hosts); bounding the cache keeps a run of 100,000
domains in flat memory, and the least recently used answer goes first."""

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
"""Estimated bytes the cached answers may hold (64 MiB). A count alone does not bound memory:
a hostile zone answering 60 KB of TXT for every name would fill 10,000 entries with 600 MB."""

MAX_TIMEOUT = 3600.0
MAX_DEADLINE = 24 * 3600.0
MAX_CACHE_SIZE = 10_000_000
MAX_CACHE_BYTES = 1 << 40

_ENTRY_OVERHEAD = 512
"""Estimated bytes of one cache entry besides its records: key, tuples, the Lookup object."""
_RECORD_OVERHEAD = 128
"""Estimated bytes of one record's Python objects besides its data."""


_Mode = Literal["", "dnssec", "unchecked"]
"""How a query is asked: plainly; with the DO and AD bits (RRSIGs and the resolver's
validation verdict come back); or also with CD (the resolver's validation is off)."""

_Key = tuple[str, str, _Mode]

_EDNS_PAYLOAD = 1232
"""The EDNS buffer size DNS Flag Day 2020 recommends: no IP fragmentation."""


@dataclass
class _Budget:
    """The current diagnosis's deadline and query count (one per diagnosis, via a contextvar)."""

    deadline: float | None
    queries: int = 0


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


class Resolver:
    """Async DNS lookups with cache, in-flight merging, counting and deadlines.

    ``nameservers`` are ``"host"`` or ``"host:port"`` strings (IPv6 as ``"[::1]:53"``);
    without them the system's resolver configuration is used.
    """

    def __init__(
        self,
        nameservers: Sequence[str] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        cache_size: int = DEFAULT_CACHE_SIZE,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:
        self.timeout = positive_number("timeout", timeout, maximum=MAX_TIMEOUT)
        self.cache_size = positive_integer("cache_size", cache_size, maximum=MAX_CACHE_SIZE)
        self.cache_bytes = positive_integer("cache_bytes", cache_bytes, maximum=MAX_CACHE_BYTES)
        if nameservers:
            self._resolver = dns.asyncresolver.Resolver(configure=False)
            self._resolver.nameservers = [_parse_nameserver(ns) for ns in nameservers]
        else:
            self._resolver = dns.asyncresolver.Resolver()
        # dnspython's own cache stays off: ours also remembers negative answers, and is bounded.
        self._resolver.cache = None
        self._resolver.retry_servfail = False
        self._dnssec_resolvers: dict[_Mode, dns.asyncresolver.Resolver] = {}
        self._cache: dict[_Key, tuple[float, Lookup, int]] = {}
        self.cached_bytes = 0
        """Estimated bytes held by the cache (see :func:`_estimated_size`)."""
        self._in_flight: dict[_Key, asyncio.Future[Lookup]] = {}
        self._tasks: set[asyncio.Task[Lookup]] = (
            set()
        )  # the loop holds tasks weakly: keep them alive
        self.queries = 0
        """Queries sent on the wire over this resolver's life (cache hits and merges excluded)."""

    @contextlib.contextmanager
    def budget(self, seconds: float | None) -> Iterator[_Budget]:
        """Scope a diagnosis: lookups inside it stop at the deadline and are counted apart.

        Raises :class:`~deliverability.errors.OptionError` for a deadline that is not a
        finite number of seconds above 0.
        """
        if seconds is not None:
            seconds = positive_number("deadline", seconds, maximum=MAX_DEADLINE)
        deadline = None if seconds is None else time.monotonic() + seconds
        budget = _Budget(deadline)
        token = _budget.set(budget)
        try:
            yield budget
        finally:
            _budget.reset(token)

    async def lookup(
        self, name: str, rdtype: str, *, dnssec: bool = False, unchecked: bool = False
    ) -> Lookup:
        """Look ``name`` up for ``rdtype``; never raises for DNS reasons, returns an outcome.

        ``dnssec`` asks with the DO and AD bits, so the answer says whether it came signed
        and whether the resolver validated it (:attr:`Lookup.signed`, :attr:`Lookup.authenticated`);
        ``unchecked`` also sets CD, so a validating resolver answers even for a bogus zone
        (telling a bogus signature from a server failure).
        """
        mode: _Mode = "unchecked" if unchecked else "dnssec" if dnssec else ""
        key = (_normalise(name), rdtype.upper(), mode)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None:
            del self._cache[key]
            if cached[0] > now:
                self._cache[key] = cached  # now the most recently used
                return cached[1]
            self.cached_bytes -= cached[2]
        remaining = self._remaining()
        if remaining <= 0:
            return Lookup(key[0], key[1], Outcome.TIMEOUT, error="deadline reached")
        future = self._in_flight.get(key)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._in_flight[key] = future
            task = asyncio.ensure_future(self._query(key))
            self._tasks.add(task)
            task.add_done_callback(functools.partial(self._settle, key, future))
        try:
            # The query is shared: this waiter may give up (its deadline) without cancelling it.
            async with asyncio.timeout(remaining):
                return await asyncio.shield(future)
        except TimeoutError:
            reason = (
                "deadline reached"
                if remaining < self.timeout
                else f"no answer in {self.timeout:g} s"
            )
            return Lookup(key[0], key[1], Outcome.TIMEOUT, error=reason)

    def _remaining(self) -> float:
        budget = _budget.get()
        if budget is None or budget.deadline is None:
            return self.timeout
        return min(self.timeout, budget.deadline - time.monotonic())

    def _settle(
        self, key: _Key, future: asyncio.Future[Lookup], task: asyncio.Task[Lookup]
    ) -> None:
        del self._in_flight[key]
        self._tasks.discard(task)
        if task.cancelled():
            result = Lookup(key[0], key[1], Outcome.TIMEOUT, error="cancelled")
        elif task.exception() is not None:
            result = Lookup(key[0], key[1], Outcome.ERROR, error=type(task.exception()).__name__)
        else:
            result = task.result()
        if not result.failed and result.ttl > 0:
            self._remember(key, result)
        if not future.done():
            future.set_result(result)

    def _remember(self, key: _Key, result: Lookup) -> None:
        size = _estimated_size(result)
        if size > self.cache_bytes:
            return  # larger than the whole cache: answered, never kept
        previous = self._cache.pop(key, None)
        if previous is not None:
            self.cached_bytes -= previous[2]
        self._cache[key] = (time.monotonic() + result.ttl, result, size)
        self.cached_bytes += size
        while len(self._cache) > self.cache_size or self.cached_bytes > self.cache_bytes:
            oldest = next(iter(self._cache))  # the least recently used
            self.cached_bytes -= self._cache.pop(oldest)[2]

    async def _query(self, key: _Key) -> Lookup:
        name, rdtype, mode = key
        try:
            qname = _qname(name)
        except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
            return Lookup(name, rdtype, Outcome.ERROR, error=str(exc)[:200])
        self.queries += 1
        budget = _budget.get()
        if budget is not None:
            budget.queries += 1
        resolver = self._resolver_for(mode)
        started = time.monotonic()
        reply = await first_round(resolver, qname, dns.rdatatype.from_text(rdtype), self.timeout)
        if reply is not None:
            return _settled(name, rdtype, mode, reply)
        lifetime = self.timeout - (time.monotonic() - started)
        if lifetime <= 0:
            return Lookup(name, rdtype, Outcome.TIMEOUT, error=f"no answer in {self.timeout:g} s")
        try:
            answer = await resolver.resolve(
                qname,
                rdtype,
                raise_on_no_answer=False,
                lifetime=lifetime,
                search=False,
            )
        except dns.resolver.NXDOMAIN as exc:
            return Lookup(name, rdtype, Outcome.NXDOMAIN, ttl=_negative_ttl(exc.response(qname)))  # type: ignore[no-untyped-call]
        except dns.resolver.LifetimeTimeout:
            return Lookup(name, rdtype, Outcome.TIMEOUT, error=f"no answer in {self.timeout:g} s")
        except dns.resolver.NoNameservers as exc:
            return Lookup(name, rdtype, _failure_outcome(exc), error=_first_error(exc))
        except dns.resolver.YXDOMAIN:
            return Lookup(name, rdtype, Outcome.ERROR, error="name too long after DNAME")
        except dns.exception.DNSException as exc:
            return Lookup(name, rdtype, Outcome.ERROR, error=str(exc)[:200])
        return _answered(name, rdtype, mode, answer.response, answer.rrset)

    def _resolver_for(self, mode: _Mode) -> dns.asyncresolver.Resolver:
        """The plain resolver, or a twin on the same servers that asks with DNSSEC bits."""
        if not mode:
            return self._resolver
        twin = self._dnssec_resolvers.get(mode)
        if twin is None:
            twin = dns.asyncresolver.Resolver(configure=False)
            twin.nameservers = self._resolver.nameservers
            twin.cache = None
            twin.retry_servfail = False
            twin.use_edns(0, dns.flags.DO, _EDNS_PAYLOAD)
            # AD in a query asks for the AD bit in the reply (RFC 6840 §5.7).
            checking = dns.flags.CD if mode == "unchecked" else dns.flags.Flag(0)
            twin.flags = dns.flags.RD | dns.flags.AD | checking
            self._dnssec_resolvers[mode] = twin
        return twin


def _settled(
    name: str, rdtype: str, mode: _Mode, reply: dns.message.QueryMessage | Negative | Positive
) -> Lookup:
    """The outcome of a reply :func:`first_round` returned, as dnspython's resolution gives it."""
    if isinstance(reply, Positive):
        # No RRSIG in a plain answer: ``signed`` stays False, as _dnssec_flags would find.
        authenticated = bool(mode) and bool(reply.flags & dns.flags.AD)
        return Lookup(
            name,
            rdtype,
            Outcome.ANSWER,
            records=reply.records,
            ttl=reply.ttl,
            authenticated=authenticated,
        )
    if isinstance(reply, Negative):
        ttl = _capped(*reply.soa) if reply.soa else 0
        if reply.rcode == dns.rcode.NXDOMAIN:
            return Lookup(name, rdtype, Outcome.NXDOMAIN, ttl=ttl)
        authenticated = bool(mode) and bool(reply.flags & dns.flags.AD)
        return Lookup(name, rdtype, Outcome.NODATA, ttl=ttl, authenticated=authenticated)
    rcode = reply.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return Lookup(name, rdtype, Outcome.NXDOMAIN, ttl=_negative_ttl(reply))
    if rcode != dns.rcode.NOERROR:  # the only nameserver failed (NoNameservers in dnspython)
        outcome = Outcome.REFUSED if rcode == dns.rcode.REFUSED else Outcome.SERVFAIL
        return Lookup(name, rdtype, outcome, error=dns.rcode.to_text(rcode))
    try:
        chain = reply.resolve_chaining()
    except dns.exception.DNSException as exc:
        return Lookup(name, rdtype, Outcome.ERROR, error=str(exc)[:200])
    return _answered(name, rdtype, mode, reply, chain.answer)


def _answered(
    name: str,
    rdtype: str,
    mode: _Mode,
    response: dns.message.Message,
    rrset: dns.rrset.RRset | None,
) -> Lookup:
    """An answer or no data: ``rrset`` is the answer at the end of any CNAME chain."""
    authenticated, signed = _dnssec_flags(response, rdtype) if mode else (False, False)
    cnames = tuple(
        rrset[0].target.to_text(omit_final_dot=True).lower()
        for rrset in response.answer
        if rrset.rdtype == dns.rdatatype.CNAME and len(rrset)
    )
    if rrset is None:
        return Lookup(
            name,
            rdtype,
            Outcome.NODATA,
            cnames=cnames,
            ttl=_negative_ttl(response),
            authenticated=authenticated,
            signed=signed,
        )
    return Lookup(
        name,
        rdtype,
        Outcome.ANSWER,
        records=tuple(rrset),
        cnames=cnames,
        ttl=rrset.ttl,
        authenticated=authenticated,
        signed=signed,
    )


def _dnssec_flags(response: dns.message.Message, rdtype: str) -> tuple[bool, bool]:
    """Whether the resolver validated the reply (AD), and whether RRSIGs cover the answer."""
    covered = dns.rdatatype.from_text(rdtype)
    signed = any(
        rrset.rdtype == dns.rdatatype.RRSIG and rrset.covers == covered and len(rrset)
        for rrset in response.answer
    )
    return bool(response.flags & dns.flags.AD), signed


def _estimated_size(result: Lookup) -> int:
    """Bytes an answer holds in memory, estimated from its records' wire length.

    Each record's data counts three times: the record (dnspython keeps TXT strings as bytes
    objects of 255 octets at most, each with its own header), then the text of its fact and
    the evidence line made from it, both kept with the answer once made
    (:meth:`Lookup.fact`); plus a fixed overhead for the Python objects around them.
    """
    data = sum(_wire_length(record) for record in result.records)
    names = len(result.name) + sum(len(cname) for cname in result.cnames)
    return _ENTRY_OVERHEAD + names + 3 * data + _RECORD_OVERHEAD * len(result.records)


def _wire_length(record: dns.rdata.Rdata) -> int:
    """A record's data length on the wire; counted, not written, for the common types."""
    if isinstance(record, dns.rdtypes.txtbase.TXTBase):
        return sum(1 + len(string) for string in record.strings)
    if isinstance(record, dns.rdtypes.IN.A.A):
        return 4
    if isinstance(record, dns.rdtypes.IN.AAAA.AAAA):
        return 16
    if isinstance(record, dns.rdtypes.mxbase.MXBase):
        return 2 + sum(1 + len(label) for label in record.exchange.labels)
    return len(record.to_wire() or b"")


def _qname(name: str) -> dns.name.Name:
    """``name`` as dnspython's ``from_text`` reads it. A plain ASCII name (no escape, not empty,
    not ``@`` or ``.``: nearly every name asked) is split at its dots; ``from_text`` reads a text one
    character at a time, about as costly as the rest of a lean query."""
    if name not in ("", "@", ".") and name.isascii() and "\\" not in name:
        labels = [label.encode("ascii") for label in name.split(".")]
        if labels[-1]:
            labels.append(b"")  # relative to the root, as from_text makes it
        return dns.name.Name(labels)  # checks the labels as from_text's result does
    return dns.name.from_text(name)


def _normalise(name: str) -> str:
    return name.rstrip(".").lower()


def _parse_nameserver(text: str) -> dns.nameserver.Do53Nameserver:
    """``"127.0.0.1"``, ``"127.0.0.1:5353"``, ``"::1"`` or ``"[::1]:53"``."""
    host, port = text.strip(), 53
    if host.startswith("["):
        host, _, rest = host[1:].partition("]")
        if rest.startswith(":"):
            port = _port(rest[1:], text)
    elif host.count(":") == 1:
        host, _, port_text = host.partition(":")
        port = _port(port_text, text)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"nameserver {text!r} is not an IP address with an optional port"
        ) from None
    return dns.nameserver.Do53Nameserver(host, port)


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"nameserver {whole!r} has no valid port (1-65535)")
    return int(text)


def _negative_ttl(response: dns.message.Message | None) -> int:
    """The negative-caching TTL from the SOA in the authority section (RFC 2308)."""
    for rrset in response.authority if response is not None else ():
        if rrset.rdtype == dns.rdatatype.SOA and len(rrset):
            return _capped(rrset.ttl, rrset[0].minimum)
    return 0


def _capped(ttl: int, minimum: int) -> int:
    """RFC 2308 §5: the SOA's TTL or its ``minimum`` field, whichever is lower, capped."""
    return min(ttl, minimum, _NEGATIVE_TTL_CAP)


def _failure_outcome(exc: dns.resolver.NoNameservers) -> Outcome:
    for error in exc.kwargs.get("errors", ()):
        response = error[4] if len(error) > 4 else None
        if response is not None and response.rcode() == dns.rcode.REFUSED:
            return Outcome.REFUSED
    return Outcome.SERVFAIL


def _first_error(exc: dns.resolver.NoNameservers) -> str:
    for error in exc.kwargs.get("errors", ()):
        return str(error[3])[:200]
    return "no nameserver answered"
