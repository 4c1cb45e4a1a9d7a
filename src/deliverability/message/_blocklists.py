"""A message against the DNS blocklists: the address it came from against the lists of
addresses, its From domain and the domains it links to against the lists of domains.

On by default (one message is a few dozen queries; ``check`` is opt-in because the free
lists' terms exclude heavy use: docs/blocklists.md). The queries themselves are
:func:`deliverability.probes.blocklist.query`'s; this module only chooses the subjects, and
records those it leaves out so that they read "not tested", never "not listed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from deliverability.addresses import AddressKind, address_kind, is_ip_address
from deliverability.dns import Resolver
from deliverability.domains import organizational_domain
from deliverability.facts.blocklist import BlocklistFacts, Role, SkippedSubject
from deliverability.probes.blocklist import query

if TYPE_CHECKING:
    from deliverability.blocklists import Catalogue

MAX_LINKED_DOMAINS = 20
"""Linked domains asked about at most per message (each costs one query per list of domains)."""

# No public list can know these addresses: a message that arrived from one came from inside the
# receiver's network (or the headers hide the public hop). Documentation ranges are asked: the
# examples and the tests use them.
_UNLISTABLE: frozenset[AddressKind] = frozenset(
    {"private", "loopback", "link-local", "unspecified", "multicast", "shared", "reserved"}
)
_HOST = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}")


async def probe(
    *,
    connecting_ip: str | None,
    from_domain: str | None,
    link_domains: Sequence[str],
    resolver: Resolver,
    catalogue: Catalogue,
    dqs_key: str | None,
) -> BlocklistFacts:
    """Ask the lists about the message's subjects; those left out are in ``skipped``."""
    subjects: list[tuple[str, Role]] = []
    skipped: list[SkippedSubject] = []
    if connecting_ip is not None:
        if address_kind(connecting_ip) in _UNLISTABLE:
            skipped.append(
                SkippedSubject.model_construct(
                    subject=connecting_ip, role="connecting", reason="private_address"
                )
            )
        else:
            subjects.append((connecting_ip, "connecting"))
    if from_domain:
        subjects.append((from_domain, "domain"))
    linked = linked_domains(link_domains, exclude=from_domain)
    subjects += [(domain, "linked") for domain in linked[:MAX_LINKED_DOMAINS]]
    skipped += [
        SkippedSubject.model_construct(subject=domain, role="linked", reason="over_limit")
        for domain in linked[MAX_LINKED_DOMAINS:]
    ]
    facts = await query(subjects, resolver=resolver, catalogue=catalogue, dqs_key=dqs_key)
    return facts.model_copy(update={"skipped": skipped})


def linked_domains(hosts: Sequence[str], *, exclude: str | None) -> list[str]:
    """The registered domains the links go to (what domain lists list), without the From
    domain's, in order of appearance. Addresses and names that are no DNS name are left out."""
    excluded = organizational_domain(exclude) if exclude else None
    found: dict[str, None] = {}
    for host in hosts:
        name = _ascii(host)
        if name is None or is_ip_address(name) or not _HOST.fullmatch(name):
            continue
        domain = organizational_domain(name)
        if domain != excluded:
            found[domain] = None
    return list(found)


def _ascii(host: str) -> str | None:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
