"""The one way every check says "could not check": a lookup that failed is not a missing record."""

from __future__ import annotations

from deliverability.codes import dns as dns_codes
from deliverability.codes import finding
from deliverability.facts import LookupFact
from deliverability.report import Check, Finding


def unavailable(lookup: LookupFact, *, check: Check) -> Finding:
    """``dns.unavailable`` for a failed lookup, filed under the check that needed it."""
    return finding(
        dns_codes.UNAVAILABLE,
        {"name": lookup.name, "rdtype": lookup.rdtype, "outcome": lookup.outcome},
        check=check,
        evidence=[lookup.describe()],
    )
