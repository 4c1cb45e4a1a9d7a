"""The resolver's DNSSEC lookups against the loopback server's signed zones: DO brings the
RRSIGs, AD says the resolver validated, CD gets an answer for a bogus zone; each way of asking
is cached apart."""

from __future__ import annotations

import asyncio

from deliverability.dns import Outcome, Resolver

from .conftest import BOGUS, SIGNED


def _lookup(resolver: Resolver, name: str, rdtype: str, **bits: bool):
    return asyncio.run(resolver.lookup(name, rdtype, **bits))


def test_a_plain_lookup_carries_no_dnssec_verdict(validating_resolver: Resolver) -> None:
    found = _lookup(validating_resolver, SIGNED, "MX")
    assert found.outcome is Outcome.ANSWER
    assert (found.signed, found.authenticated) == (False, False)


def test_do_brings_the_signatures_and_a_validating_resolver_sets_ad(
    plain_resolver: Resolver, validating_resolver: Resolver
) -> None:
    plain = _lookup(plain_resolver, SIGNED, "DNSKEY", dnssec=True)
    assert (plain.signed, plain.authenticated) == (True, False)
    validated = _lookup(validating_resolver, SIGNED, "DNSKEY", dnssec=True)
    assert (validated.signed, validated.authenticated) == (True, True)


def test_ds_is_answered_by_the_parent(plain_resolver: Resolver) -> None:
    found = _lookup(plain_resolver, SIGNED, "DS", dnssec=True)
    assert found.outcome is Outcome.ANSWER
    assert found.signed  # the parent is signed too


def test_a_bogus_zone_fails_unless_checking_is_disabled(validating_resolver: Resolver) -> None:
    assert _lookup(validating_resolver, BOGUS, "SOA", dnssec=True).outcome is Outcome.SERVFAIL
    unchecked = _lookup(validating_resolver, BOGUS, "SOA", unchecked=True)
    assert unchecked.outcome is Outcome.ANSWER
    assert not unchecked.authenticated


def test_each_way_of_asking_is_cached_apart(validating_resolver: Resolver) -> None:
    async def both() -> tuple[bool, bool]:
        plain = await validating_resolver.lookup(SIGNED, "SOA")
        checked = await validating_resolver.lookup(SIGNED, "SOA", dnssec=True)
        return plain.authenticated, checked.authenticated

    assert asyncio.run(both()) == (False, True)
    assert validating_resolver.queries == 2
