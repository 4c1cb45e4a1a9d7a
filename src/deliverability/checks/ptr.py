"""PTR rules: does each sending address have reverse DNS pointing back to it, and the HELO name?"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import ptr as ptr_codes
from deliverability.context import Context
from deliverability.facts import Facts, HeloFact, PtrFacts, ReverseDns
from deliverability.report import Finding


def check(facts: Facts, context: Context) -> list[Finding]:
    return judge(facts.ptr) if facts.ptr is not None else []


def judge(ptr: PtrFacts) -> list[Finding]:
    """The findings about sending addresses and a HELO name, whoever's they are (the
    platform's, or the server that delivered a test message)."""
    helo = ptr.helo.name if ptr.helo else ""
    found = [item for reverse in ptr.addresses for item in _reverse(reverse, helo)]
    confirmed = [reverse.address for reverse in ptr.addresses if reverse.confirmed]
    if confirmed and len(confirmed) == len(ptr.addresses):
        found.insert(
            0, finding(ptr_codes.OK, {"addresses": confirmed}, evidence=_evidence(ptr.addresses))
        )
    if ptr.helo is not None:
        found.extend(_helo(ptr.helo, [reverse.address for reverse in ptr.addresses]))
    return found


def _reverse(reverse: ReverseDns, helo: str) -> Iterator[Finding]:
    if reverse.confirmed:
        return
    if reverse.lookup.failed:
        yield unavailable(reverse.lookup, check="ptr")
        return
    if not reverse.names:
        yield finding(
            ptr_codes.MISSING,
            {
                "address": reverse.address,
                "reverse_name": reverse.lookup.name,
                "outcome": reverse.lookup.outcome,
                "helo": helo,
            },
            evidence=[reverse.lookup.describe()],
        )
        return
    # No name confirmed: a forward lookup that failed may be the one that would have.
    failed = next((name.lookup for name in reverse.names if name.lookup.failed), None)
    if failed is not None:
        yield unavailable(failed, check="ptr")
        return
    yield finding(
        ptr_codes.MISMATCH,
        {
            "address": reverse.address,
            "names": [name.name for name in reverse.names],
            "first_name": reverse.names[0].name,
        },
        evidence=_evidence([reverse]),
    )


def _helo(helo: HeloFact, addresses: list[str]) -> Iterator[Finding]:
    evidence = [lookup.describe() for lookup in helo.lookups]
    failed = next((lookup for lookup in helo.lookups if lookup.failed), None)
    if failed is not None:  # the addresses found may be half of them: no verdict
        yield unavailable(failed, check="ptr")
        return
    if not helo.addresses:
        outcome = helo.lookups[0].outcome if helo.lookups else "nxdomain"
        yield finding(
            ptr_codes.HELO_UNRESOLVED, {"helo": helo.name, "outcome": outcome}, evidence=evidence
        )
        return
    # One profile names one HELO name for servers that may each greet with their own, so only a
    # name pointing at none of the sending addresses is wrong for sure.
    resolved = {ipaddress.ip_address(address) for address in helo.addresses}
    if not any(ipaddress.ip_address(address) in resolved for address in addresses):
        yield finding(
            ptr_codes.HELO_MISMATCH,
            {"helo": helo.name, "helo_addresses": helo.addresses, "addresses": addresses},
            evidence=evidence,
        )


def _evidence(addresses: list[ReverseDns]) -> list[str]:
    lines = []
    for reverse in addresses:
        lines.append(reverse.lookup.describe())
        lines.extend(name.lookup.describe() for name in reverse.names)
    return lines
