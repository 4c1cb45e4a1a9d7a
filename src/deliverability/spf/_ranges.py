"""Terms that authorise a large share of the internet: IPv4 prefixes shorter than /8, IPv6
prefixes shorter than /16. Pure: reads the records of an include tree.

Why these thresholds. A /8 is 16.7 million IPv4 addresses, the largest block IANA ever
allocated in one piece (IANA IPv4 Address Space Registry): a shorter prefix spans blocks held
by different organisations, so it cannot describe one sender's servers. In IPv6, the regional
registries allocate operators /32 and up (a /16 holds 65,536 of those), from the /12 blocks IANA
gives them: a shorter prefix covers a large part of a whole registry's space. Such a term is no
sender's network; it authorises strangers' servers, like ``+all`` (RFC 7208 §5.6 lets any
prefix length through, so the evaluation still says pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from deliverability.facts.spf import SpfNode
from deliverability.spf._record import Mechanism, SpfSyntaxError, parse_record

MIN_IPV4_PREFIX = 8
"""ip4 (and a/mx ``/n``) prefixes shorter than this authorise a large share of the internet."""
MIN_IPV6_PREFIX = 16
"""ip6 (and a/mx ``//n``) prefixes shorter than this authorise a large share of the internet."""

_MAX_DEPTH = 12


class WideRange(NamedTuple):
    """A pass term of a record whose range is wider than the thresholds."""

    domain: str
    """The domain whose record holds the term."""
    term: str
    """The term, as written."""
    family: str
    """IPv4 or IPv6."""
    prefix: int
    """The prefix length."""

    @property
    def share(self) -> str:
        """The share of the family's whole address space the range covers: ``100%``, ``0.781%``."""
        return f"{100 / 2**self.prefix:.3g}%"


def wide_ranges(node: SpfNode) -> list[WideRange]:
    """The wide pass terms of ``node``'s record and of the records it passes through to: the
    includes whose own qualifier is pass (``-include:`` turns their pass into a fail) and the
    redirect."""
    return list(_walk(node, 0))


def _walk(node: SpfNode, depth: int) -> Iterator[WideRange]:
    if node.record is None or depth > _MAX_DEPTH:
        return
    try:
        mechanisms = parse_record(node.record).mechanisms
    except SpfSyntaxError:
        return
    for mechanism in mechanisms:
        found = _wide(mechanism)
        if found is not None and mechanism.qualifier == "+":
            yield WideRange(node.domain, mechanism.text, *found)
    for child in node.children:
        if child.via[:1] not in "-~?":
            yield from _walk(child, depth + 1)


def _wide(mechanism: Mechanism) -> tuple[str, int] | None:
    if mechanism.network is not None:
        minimum = MIN_IPV4_PREFIX if mechanism.network.version == 4 else MIN_IPV6_PREFIX
        prefix = mechanism.network.prefixlen
        return (f"IPv{mechanism.network.version}", prefix) if prefix < minimum else None
    if mechanism.name in ("a", "mx"):
        if mechanism.cidr4 < MIN_IPV4_PREFIX:
            return ("IPv4", mechanism.cidr4)
        if mechanism.cidr6 < MIN_IPV6_PREFIX:
            return ("IPv6", mechanism.cidr6)
    return None
