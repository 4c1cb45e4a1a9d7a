"""check_host() (RFC 7208 §4–§6) over the run's async resolver, and the include-tree walk.

Both are the same evaluator: one fetches records, counts DNS-querying terms and void
lookups (§4.6.4), follows include and redirect, and builds the tree of records it visits.

- ``check_host`` evaluates for one client IP and stops at the first match, as a receiver
  does; over the limits it ends in permerror.
- ``walk`` has no client IP: it visits every term of every record reachable, never
  matches and never stops at a limit, so it reports the whole count ("needs 12 lookups")
  and every include that leads nowhere. Terms that depend on the client (``ptr``, macros
  such as ``%{i}``) are counted but not looked up.

Everything DNS says is hostile: names are checked before they are queried, the number of
MX and PTR names followed is bounded, a walk stops at loops and past 50 lookups, the trace
is bounded, and the whole evaluation has a deadline (temperror when it runs out).
"""

from __future__ import annotations

import asyncio
import ipaddress
import sys
import time
from dataclasses import dataclass, field

import dns.name

from deliverability.dns import Lookup, Outcome, Resolver
from deliverability.facts.lookup import LookupFact
from deliverability.facts.phrase import Phrase
from deliverability.facts.spf import (
    IncludeTree,
    PermerrorKind,
    SpfEvaluation,
    SpfNode,
    SpfPermerror,
    SpfResult,
    StepKind,
    TraceStep,
)
from deliverability.i18n import N_
from deliverability.spf._limits import MAX_LOOKUPS, MAX_MX_NAMES, MAX_PTR_NAMES, MAX_VOID_LOOKUPS
from deliverability.spf._macro import (
    MacroNeedsClient,
    MacroValues,
    expand_domain,
    expand_explanation,
)
from deliverability.spf._record import (
    MacroString,
    Mechanism,
    Modifier,
    Record,
    SpfSyntaxError,
    is_spf_record,
    parse_macro_string,
    parse_record,
)

DEFAULT_DEADLINE = 20.0
"""Seconds one evaluation may take (RFC 7208 §4.6.4 asks for at least 20)."""

_WALK_CAP = 50
"""Lookups after which a walk stops counting: far over the limit, the exact figure no longer helps."""
_MAX_TRACE = 1000
_MAX_PERMERRORS = 20
_MAX_RECORD_SHOWN = 4096

IpLike = str | ipaddress.IPv4Address | ipaddress.IPv6Address

_QUALIFIER_RESULTS = {
    "+": SpfResult.PASS,
    "-": SpfResult.FAIL,
    "~": SpfResult.SOFTFAIL,
    "?": SpfResult.NEUTRAL,
}


async def check_host(
    *,
    ip: IpLike,
    domain: str,
    sender: str = "",
    helo: str = "",
    resolver: Resolver,
    record: str | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> SpfEvaluation:
    """Evaluate ``domain``'s SPF policy for mail from ``ip`` (RFC 7208 §4); never raises for DNS reasons.

    ``sender`` is the MAIL FROM address (``postmaster@<domain>`` when empty or without a
    local-part), ``helo`` the HELO/EHLO name. ``record`` evaluates that text as if it were
    published at ``domain`` (a candidate record), instead of looking it up. Raises
    ValueError only when ``ip`` is not an IP address.
    """
    client = client_address(ip)
    domain = _normalise(domain)
    sender = _sender(sender, domain)
    evaluation = _Evaluation(resolver, ip=client, sender=sender, helo=helo)
    root = _Node(domain)
    verdict = _Verdict(SpfResult.NONE)
    explanation = None
    if not valid_domain(domain):
        verdict = _Verdict(SpfResult.NONE, reason=_invalid_domain(domain))
    else:
        try:
            async with asyncio.timeout(deadline):
                verdict = await evaluation.check(domain, depth=0, node=root, record_text=record)
                if verdict.result is SpfResult.FAIL and verdict.exp is not None:
                    explanation = await evaluation.explain(verdict.exp, verdict.domain or domain)
        except _Stop as stop:
            verdict = _Verdict(stop.result, reason=stop.phrase)
        except TimeoutError:
            verdict = _Verdict(
                SpfResult.TEMPERROR,
                reason=Phrase.model_construct(
                    template=N_("the evaluation took longer than {seconds} s"),
                    values={"seconds": f"{deadline:g}"},
                ),
            )
    evaluation.step(0, domain, "result", verdict.result.value, str(verdict.reason or ""))
    return SpfEvaluation.model_construct(
        ip=str(client),
        domain=domain,
        sender=sender,
        helo=helo,
        result=verdict.result,
        explanation=explanation,
        matched=verdict.matched,
        matched_domain=verdict.domain if verdict.matched else None,
        reason=verdict.reason,
        lookups=evaluation.lookups,
        void_lookups=evaluation.void_lookups,
        trace=evaluation.trace,
        tree=root.model(),
    )


async def walk(
    domain: str,
    *,
    resolver: Resolver,
    record: str | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> IncludeTree:
    """Every record reachable from ``domain`` (or from the candidate ``record``), with the
    DNS-querying terms and void lookups counted through includes and redirect."""
    domain = _normalise(domain)
    evaluation = _Evaluation(resolver, ip=None, sender=f"postmaster@{domain}", helo="")
    root = _Node(domain)
    try:
        if not valid_domain(domain):
            root.note(_invalid_domain(domain))
            raise _Truncated
        async with asyncio.timeout(deadline):
            await evaluation.check(domain, depth=0, node=root, record_text=record)
    except _Truncated:
        evaluation.truncated = True
    except TimeoutError:
        evaluation.truncated = True
        root.error = root.error or Phrase.model_construct(
            template=N_("the walk took longer than {seconds} s"),
            values={"seconds": f"{deadline:g}"},
        )
    return IncludeTree.model_construct(
        root=root.model(),
        lookups=evaluation.lookups,
        void_lookups=evaluation.void_lookups,
        failed=evaluation.failed,
        truncated=evaluation.truncated,
        permerrors=evaluation.permerrors,
    )


def client_address(ip: IpLike) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The client IP; an IPv4-mapped IPv6 address is its IPv4 address (RFC 7208 §5)."""
    address = ip if not isinstance(ip, str) else ipaddress.ip_address(ip.strip())
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def valid_domain(name: str) -> bool:
    """A multi-label domain name that can be queried (RFC 7208 §4.3)."""
    return "." in name and queryable(name) and not name.startswith("[")


def queryable(name: str) -> bool:
    """A name DNS can be asked about: labels of 1-63 octets, 253 characters at most."""
    if not name or len(name) > 253:
        return False
    return all(0 < len(label.encode("utf-8", "surrogateescape")) <= 63 for label in name.split("."))


def _invalid_domain(domain: str) -> Phrase:
    return Phrase.model_construct(
        template=N_("{domain} is not a valid domain name (RFC 7208 §4.3)"),
        values={"domain": repr(domain)},
    )


class _Stop(Exception):
    """Evaluation ends with a permerror or temperror; ``kind`` says which permerror, for a walk."""

    def __init__(
        self,
        result: SpfResult,
        reason: Phrase,
        *,
        kind: PermerrorKind | None = None,
        target: str = "",
        count: int = 0,
    ) -> None:
        self.phrase = reason
        """Why, in either language (for the include tree and check_host()'s result)."""
        self.reason = reason.render("en")
        """Why, in English (for the trace and the rules' evidence)."""
        super().__init__(self.reason)
        self.result = result
        self.kind = kind
        self.target = target
        self.count = count


class _Truncated(Exception):
    """A walk went far past the limits: stop counting."""


@dataclass
class _Verdict:
    result: SpfResult
    matched: str | None = None
    domain: str | None = None
    exp: Modifier | None = None
    """The exp= of the record that decided a fail (include's never reach the top, §6.2)."""
    reason: Phrase | None = None


@dataclass
class _Node:
    """A record of the tree while it is being visited."""

    domain: str
    via: str = ""
    parent: str = ""
    """The domain whose record holds ``via`` (empty for the root)."""
    lookup: LookupFact | None = None
    record: str | None = None
    error: Phrase | None = None
    lookups: int = 0
    void_lookups: int = 0
    unresolved: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def child(self, domain: str, via: str) -> _Node:
        node = _Node(domain, via, parent=self.domain)
        self.children.append(node)
        return node

    def note(self, message: Phrase) -> None:
        if not self.error:
            self.error = message

    def model(self) -> SpfNode:
        return SpfNode.model_construct(
            domain=self.domain,
            via=self.via,
            lookup=self.lookup,
            record=self.record,
            error=self.error,
            lookups=self.lookups,
            void_lookups=self.void_lookups,
            unresolved=self.unresolved,
            children=[child.model() for child in self.children],
        )


class _Evaluation:
    """One check_host() call or one walk: the counters, the trace and the resolver."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None,
        sender: str,
        helo: str,
    ) -> None:
        self.resolver = resolver
        self.ip = ip
        self.walking = ip is None
        self.sender = sender
        self.helo = helo
        self.timestamp = int(time.time())
        self.lookups = 0
        self.void_lookups = 0
        self.trace: list[TraceStep] = []
        self.failed: list[LookupFact] = []
        self.truncated = False
        self.permerrors: list[SpfPermerror] = []
        self._ptr_names: tuple[bool, list[str]] | None = None

    # -- records --------------------------------------------------------------------------

    async def check(
        self,
        domain: str,
        *,
        depth: int,
        node: _Node,
        record_text: str | None = None,
        path: tuple[str, ...] = (),
    ) -> _Verdict:
        """check_host() for ``domain``: errors raise :class:`_Stop`, except in a walk where
        they are noted on the node and the walk goes on."""
        try:
            record = await self._record(domain, depth, node, record_text)
        except _Stop as stop:
            if not self.walking:
                raise
            node.note(stop.phrase)
            if node.parent:
                self.permerror(stop, record=node.parent, term=node.via)
            return _Verdict(stop.result, reason=stop.phrase)
        if record is None:
            return _Verdict(SpfResult.NONE, reason=node.error)
        path = (*path, domain)
        values = MacroValues(self.sender, domain, self.ip, self.helo, timestamp=self.timestamp)
        for mechanism in record.mechanisms:
            try:
                matched = await self._mechanism(mechanism, values, depth, node, path)
            except _Stop as stop:
                self.step(
                    depth, domain, "term", mechanism.text, f"{stop.result.value}: {stop.reason}"
                )
                if not self.walking:
                    raise
                node.note(stop.phrase)
                self.permerror(stop, record=domain, term=mechanism.text)
                continue
            self.step(depth, domain, "term", mechanism.text, "match" if matched else "no match")
            if matched and not self.walking:
                result = _QUALIFIER_RESULTS[mechanism.qualifier]
                exp = record.exp if result is SpfResult.FAIL else None
                return _Verdict(result, matched=mechanism.text, domain=domain, exp=exp)
        redirect = record.redirect
        if redirect is None or record.all is not None:
            return _Verdict(
                SpfResult.NEUTRAL, reason=Phrase.model_construct(template=N_("no term matched"))
            )
        try:
            return await self._redirect(redirect, values, depth, node, path)
        except _Stop as stop:
            if not self.walking:
                raise
            node.note(stop.phrase)
            self.permerror(stop, record=domain, term=redirect.text)
            return _Verdict(stop.result, reason=stop.phrase)

    async def _record(
        self, domain: str, depth: int, node: _Node, record_text: str | None
    ) -> Record | None:
        """The SPF record of ``domain`` (RFC 7208 §4.4, §4.5), or None when it has none."""
        if record_text is None:
            lookup = await self.lookup(domain, "TXT", depth, domain)
            node.lookup = lookup.fact()
            if lookup.failed:
                raise _Stop(
                    SpfResult.TEMPERROR,
                    Phrase.model_construct(
                        template=N_("the TXT lookup of {domain} ended with {outcome}"),
                        values={"domain": domain, "outcome": lookup.outcome.value},
                    ),
                )
            records = [text for text in lookup.txt_bytes() if is_spf_record(text)]
            if not records:
                template = (
                    N_("{domain} has no SPF record (the name does not exist)")
                    if lookup.outcome is Outcome.NXDOMAIN
                    else N_("{domain} has no SPF record")
                )
                node.note(Phrase.model_construct(template=template, values={"domain": domain}))
                return None
            if len(records) > 1:
                raise _Stop(
                    SpfResult.PERMERROR,
                    Phrase.model_construct(
                        template=N_(
                            "{domain} has {count} SPF records; it must have one (RFC 7208 §4.5)"
                        ),
                        values={"domain": domain, "count": len(records)},
                    ),
                    kind="multiple_records",
                    target=domain,
                    count=len(records),
                )
            # One string per record text, however many evaluations read it: a batch's
            # diagnoses in flight all hold the include tree's records.
            record_text = sys.intern(records[0].decode("latin-1"))
        node.record = (
            record_text
            if len(record_text) <= _MAX_RECORD_SHOWN
            else record_text[:_MAX_RECORD_SHOWN] + "…"
        )
        self.step(depth, domain, "record", node.record)
        try:
            return parse_record(record_text)
        except SpfSyntaxError as exc:
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_("syntax error in {domain}'s SPF record, {error}"),
                    values={"domain": domain, "error": exc.phrase},
                ),
                kind="syntax",
                target=domain,
            ) from None

    async def _redirect(
        self,
        redirect: Modifier,
        values: MacroValues,
        depth: int,
        node: _Node,
        path: tuple[str, ...],
    ) -> _Verdict:
        domain = values.domain
        self._count(node, redirect.text)
        target = await self._target(redirect.value, values, node, redirect.text)
        if target is None:
            return _Verdict(SpfResult.NEUTRAL)
        self.step(depth, domain, "term", redirect.text, "followed")
        return await self._descend("redirect", target, redirect.text, depth, node, path)

    async def _descend(
        self, kind: str, target: str, via: str, depth: int, node: _Node, path: tuple[str, ...]
    ) -> _Verdict:
        """Evaluate the record an include or a redirect points to, as a child of ``node``."""
        if not valid_domain(target):
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_("{kind} target {target} is not a valid domain name"),
                    values={"kind": kind, "target": repr(target)},
                ),
                kind="invalid_target",
                target=target,
            )
        child = node.child(target, via)
        if self.walking and target in path:
            # check_host() needs no such test: a loop runs into the 10-lookup limit (§4.6.4).
            reason = Phrase.model_construct(
                template=N_("loop: {target} is already being evaluated"), values={"target": target}
            )
            child.note(reason)
            self.truncated = True
            loop = _Stop(SpfResult.PERMERROR, reason, kind="loop", target=target)
            self.permerror(loop, record=node.domain, term=via, chain=[*path, target])
            return _Verdict(SpfResult.PERMERROR, reason=reason)
        verdict = await self.check(target, depth=depth + 1, node=child, path=path)
        if verdict.result is SpfResult.NONE and not self.walking:
            section = "§5.2" if kind == "include" else "§6.1"
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_("{kind} target {target} has no SPF record (RFC 7208 {section})"),
                    values={"kind": kind, "target": target, "section": section},
                ),
            )
        return verdict

    # -- mechanisms -----------------------------------------------------------------------

    async def _mechanism(
        self,
        mechanism: Mechanism,
        values: MacroValues,
        depth: int,
        node: _Node,
        path: tuple[str, ...],
    ) -> bool:
        name = mechanism.name
        if name == "all":
            return not self.walking
        if name in ("ip4", "ip6"):
            network = mechanism.network
            return (
                self.ip is not None
                and network is not None
                and self.ip.version == network.version
                and self.ip in network
            )
        self._count(node, mechanism.text)
        if name == "ptr" and self.walking:
            node.unresolved.append(mechanism.text)
            return False
        if mechanism.domain is None:
            target: str | None = values.domain
        else:
            target = await self._target(mechanism.domain, values, node, mechanism.text)
        if target is None:
            return False
        if name == "include":
            return await self._include(mechanism, target, depth, node, path)
        if not queryable(target):
            # An empty or over-long label: the name cannot exist, so the term cannot match.
            self.step(
                depth,
                values.domain,
                "note",
                f"{target!r} is not a valid domain name: {mechanism.text} does not match",
            )
            return False
        if name == "a":
            return await self._a(mechanism, target, depth, values.domain, node)
        if name == "mx":
            return await self._mx(mechanism, target, depth, values.domain, node)
        if name == "ptr":
            return await self._ptr(target, depth, values.domain, node)
        return await self._exists(target, depth, values.domain, node)

    async def _target(
        self, spec: MacroString, values: MacroValues, node: _Node, term: str
    ) -> str | None:
        """The domain-spec expanded; None when it depends on a client the walk does not have."""
        try:
            if "p" in spec.letters and self.ip is not None:
                values = MacroValues(
                    values.sender,
                    values.domain,
                    values.ip,
                    values.helo,
                    validated_name=await self._validated_name(values.domain),
                    timestamp=values.timestamp,
                )
            if self.walking and spec.letters & {"h", "s", "l"}:
                raise MacroNeedsClient("sender")
            return expand_domain(spec, values).lower()
        except MacroNeedsClient:
            node.unresolved.append(term)
            return None

    async def _include(
        self, mechanism: Mechanism, target: str, depth: int, node: _Node, path: tuple[str, ...]
    ) -> bool:
        verdict = await self._descend("include", target, mechanism.text, depth, node, path)
        return not self.walking and verdict.result is SpfResult.PASS

    async def _a(
        self, mechanism: Mechanism, target: str, depth: int, domain: str, node: _Node
    ) -> bool:
        if self.ip is None:
            found = [await self.lookup(target, rdtype, depth, domain) for rdtype in ("A", "AAAA")]
            if not any(lookup.failed or lookup.outcome is Outcome.ANSWER for lookup in found):
                self._void(node, mechanism.text)
            return False
        lookup = await self._query(target, self._address_type, depth, domain, node, mechanism.text)
        return lookup is not None and self._matches(lookup.addresses(), mechanism)

    async def _mx(
        self, mechanism: Mechanism, target: str, depth: int, domain: str, node: _Node
    ) -> bool:
        lookup = await self._query(target, "MX", depth, domain, node, mechanism.text)
        if lookup is None:
            return False
        hosts = [host for host in lookup.hostnames() if host]
        if len(lookup.records) > MAX_MX_NAMES:
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_(
                        "{target} has {count} MX records; mx may follow at most {limit} "
                        "(RFC 7208 §4.6.4)"
                    ),
                    values={"target": target, "count": len(lookup.records), "limit": MAX_MX_NAMES},
                ),
                kind="too_many_mx",
                target=target,
                count=len(lookup.records),
            )
        if self.walking:
            return False
        for host in hosts:
            if not queryable(host):
                continue
            addresses = await self._query(host, self._address_type, depth, domain, node, None)
            if addresses is not None and self._matches(addresses.addresses(), mechanism):
                return True
        return False

    async def _ptr(self, target: str, depth: int, domain: str, node: _Node) -> bool:
        void, names = await self._validated_names(depth, domain)
        if void:
            self._void(node, "ptr")
        return any(name == target or name.endswith("." + target) for name in names)

    async def _exists(self, target: str, depth: int, domain: str, node: _Node) -> bool:
        lookup = await self._query(target, "A", depth, domain, node, f"exists:{target}")
        return lookup is not None and not self.walking

    async def _query(
        self, name: str, rdtype: str, depth: int, domain: str, node: _Node, term: str | None
    ) -> Lookup | None:
        """A lookup a term stands on: a failure is a temperror (RFC 7208 §5); nothing found is
        a void lookup of ``term`` (None for an MX host's addresses, which are not the term's
        own query); returns None when there is nothing to match against."""
        lookup = await self.lookup(name, rdtype, depth, domain)
        if lookup.failed:
            if self.walking:
                return None
            raise _Stop(
                SpfResult.TEMPERROR,
                Phrase.model_construct(
                    template=N_("the {rdtype} lookup of {name} ended with {outcome}"),
                    values={"rdtype": rdtype, "name": name, "outcome": lookup.outcome.value},
                ),
            )
        if lookup.outcome is not Outcome.ANSWER:
            if term is not None:
                self._void(node, term)
            return None
        return lookup

    @property
    def _address_type(self) -> str:
        """A or AAAA, as the client's address family needs."""
        return "A" if self.ip is not None and self.ip.version == 4 else "AAAA"

    def _matches(self, addresses: tuple[str, ...], mechanism: Mechanism) -> bool:
        assert self.ip is not None
        prefix = mechanism.cidr4 if self.ip.version == 4 else mechanism.cidr6
        for text in addresses:
            address = ipaddress.ip_address(text)
            if address.version == self.ip.version and self.ip in ipaddress.ip_network(
                f"{address}/{prefix}", strict=False
            ):
                return True
        return False

    async def _validated_names(self, depth: int, domain: str) -> tuple[bool, list[str]]:
        """The client's PTR names confirmed by a forward lookup, at most 10 tried (§5.5, §4.6.4).

        Returns whether the PTR lookup was void, and the validated names. DNS errors make
        the mechanism not match (§5.5), they are not a temperror.
        """
        if self._ptr_names is not None:
            return self._ptr_names
        assert self.ip is not None
        reverse = self.ip.reverse_pointer
        lookup = await self.lookup(reverse, "PTR", depth, domain)
        validated: list[str] = []
        names = lookup.hostnames()
        if len(names) > MAX_PTR_NAMES:
            # Unlike mx, more names is no error: those past the 10th are ignored (§4.6.4).
            self.step(
                depth,
                domain,
                "note",
                f"{reverse} has {len(names)} PTR names; only the first {MAX_PTR_NAMES} are tried (RFC 7208 §4.6.4)",
            )
        for name in names[:MAX_PTR_NAMES]:
            if not queryable(name):
                continue
            rdtype = "A" if self.ip.version == 4 else "AAAA"
            forward = await self.lookup(name, rdtype, depth, domain)
            if any(ipaddress.ip_address(text) == self.ip for text in forward.addresses()):
                validated.append(name)
        void = lookup.outcome in (Outcome.NXDOMAIN, Outcome.NODATA)
        self._ptr_names = (void, validated)
        return self._ptr_names

    async def _validated_name(self, domain: str) -> str | None:
        """%{p}: a validated name, preferring ``domain`` or one of its subdomains (§7.3)."""
        _, names = await self._validated_names(0, domain)
        for name in names:
            if name == domain or name.endswith("." + domain):
                return name
        return names[0] if names else None

    # -- limits ---------------------------------------------------------------------------

    def permerror(
        self, stop: _Stop, *, record: str, term: str, chain: list[str] | None = None
    ) -> None:
        """Keep, for the rules, a permerror a walk noted and went past."""
        if stop.kind is None or len(self.permerrors) >= _MAX_PERMERRORS:
            return
        self.permerrors.append(
            SpfPermerror.model_construct(
                kind=stop.kind,
                record=record,
                term=term,
                target=stop.target,
                count=stop.count,
                chain=chain or [],
                reason=stop.reason,
            )
        )

    def _count(self, node: _Node, term: str) -> None:
        self.lookups += 1
        node.lookups += 1
        if self.walking:
            if self.lookups > _WALK_CAP:
                raise _Truncated
            return
        if self.lookups > MAX_LOOKUPS:
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_(
                        "{term} would be DNS lookup number {count}; the limit is {limit} "
                        "(RFC 7208 §4.6.4)"
                    ),
                    values={"term": term, "count": self.lookups, "limit": MAX_LOOKUPS},
                ),
            )

    def _void(self, node: _Node, term: str) -> None:
        self.void_lookups += 1
        node.void_lookups += 1
        if self.void_lookups > MAX_VOID_LOOKUPS and not self.walking:
            raise _Stop(
                SpfResult.PERMERROR,
                Phrase.model_construct(
                    template=N_(
                        "{term} is void lookup number {count}; the limit is {limit} "
                        "(RFC 7208 §4.6.4)"
                    ),
                    values={"term": term, "count": self.void_lookups, "limit": MAX_VOID_LOOKUPS},
                ),
            )

    # -- explanation ----------------------------------------------------------------------

    async def explain(self, exp: Modifier, domain: str) -> str | None:
        """The exp= text (RFC 7208 §6.2); any problem means no explanation, never an error."""
        values = MacroValues(self.sender, domain, self.ip, self.helo, timestamp=self.timestamp)
        try:
            if "p" in exp.value.letters:
                values = MacroValues(
                    self.sender,
                    domain,
                    self.ip,
                    self.helo,
                    validated_name=await self._validated_name(domain),
                    timestamp=self.timestamp,
                )
            target = expand_domain(exp.value, values)
        except MacroNeedsClient:
            return None
        if not queryable(target):
            return None
        lookup = await self.lookup(target, "TXT", 0, domain)
        texts = lookup.txt_bytes()
        if lookup.outcome is not Outcome.ANSWER or len(texts) != 1:
            return None
        try:
            string = parse_macro_string(texts[0].decode("ascii"), explanation=True)
            validated = await self._validated_name(domain) if "p" in string.letters else None
        except (UnicodeDecodeError, SpfSyntaxError):
            return None
        values = MacroValues(
            self.sender,
            domain,
            self.ip,
            self.helo,
            validated_name=validated,
            timestamp=self.timestamp,
        )
        return expand_explanation(string, values)

    # -- DNS and trace --------------------------------------------------------------------

    async def lookup(self, name: str, rdtype: str, depth: int, domain: str) -> Lookup:
        """Ask the resolver, with the name escaped so that no character of it is read as syntax."""
        result = await self.resolver.lookup(_query_name(name), rdtype)
        self.step(depth, domain, "lookup", result.describe(), result.outcome.value)
        if result.failed:
            self.failed.append(result.fact())
        return result

    def step(self, depth: int, domain: str, kind: StepKind, text: str, outcome: str = "") -> None:
        if len(self.trace) < _MAX_TRACE:
            self.trace.append(
                TraceStep.model_construct(
                    depth=depth, domain=domain, kind=kind, text=text, outcome=outcome
                )
            )
        elif len(self.trace) == _MAX_TRACE:
            self.trace.append(
                TraceStep.model_construct(
                    depth=depth, domain=domain, kind="note", text="trace cut here"
                )
            )


def _query_name(name: str) -> str:
    """``name`` in DNS presentation form: dots split labels, everything else is escaped."""
    labels = [label.encode("utf-8", "surrogateescape") for label in name.split(".")]
    return dns.name.Name([*labels, b""]).to_text(omit_final_dot=True)


def _normalise(domain: str) -> str:
    domain = domain.strip().lower()
    return domain[:-1] if domain.endswith(".") else domain


def _sender(sender: str, domain: str) -> str:
    """<sender> with a local-part: ``postmaster`` when there is none (RFC 7208 §4.3)."""
    if not sender:
        return f"postmaster@{domain}"
    local, at, sender_domain = sender.rpartition("@")
    if not at:
        return f"postmaster@{sender}"
    return f"{local or 'postmaster'}@{sender_domain}"
