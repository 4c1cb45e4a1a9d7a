"""The one way every check says "could not check": a lookup that failed is not a missing record."""

from __future__ import annotations

from deliverability.codes import finding
from deliverability.facts import LookupFact
from deliverability.report import Finding


def unavailable(lookup: LookupFact, *, check: str) -> Finding:
    """``dns.unavailable`` for a failed lookup, filed under the check that needed it."""
    return finding(
        "dns.unavailable",
        check=check,
        evidence=[lookup.describe()],
        name=lookup.name,
        rdtype=lookup.rdtype,
        outcome=lookup.outcome,
    )
