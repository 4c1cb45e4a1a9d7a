"""A score out of 10 for a test delivery, in the manner of mail-tester: a number a customer
understands, computed from the report's findings alone (pure, so a stored report scores the same).

Every finding that is not ok or info takes points off, by what it is about and how bad it is:

=================  ===========================================  =======  =====  ========
weight group       checks                                       warning  error  critical
=================  ===========================================  =======  =====  ========
authentication     spf, dkim, dmarc, auth, sender, alignment    1        3      5
receiver side      ptr, mx, smtp, receiver, blocklist, tls …    0.5      2      3
content            content, message                             0.5      1      1
=================  ===========================================  =======  =====  ========

Authentication weighs most because receivers decide on it first (Gmail's and Yahoo's sender
rules); content weighs least, because a clean, authenticated sender with a good reputation
is delivered whatever its words. A check not listed counts as the receiver side. Each check
loses at most its critical weight, so one broken record cannot take the whole score, and a
report where nothing could be checked scores nothing rather than 10.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from deliverability.report import Report, Severity

Group = Literal["authentication", "receiver", "content"]

GROUPS: dict[str, Group] = {
    "spf": "authentication",
    "dkim": "authentication",
    "dmarc": "authentication",
    "auth": "authentication",
    "sender": "authentication",
    "content": "content",
    "message": "content",
}
"""The weight group of each check; every other check is on the receiver side."""

WEIGHTS: dict[Group, dict[Severity, float]] = {
    "authentication": {Severity.WARNING: 1.0, Severity.ERROR: 3.0, Severity.CRITICAL: 5.0},
    "receiver": {Severity.WARNING: 0.5, Severity.ERROR: 2.0, Severity.CRITICAL: 3.0},
    "content": {Severity.WARNING: 0.5, Severity.ERROR: 1.0, Severity.CRITICAL: 1.0},
}
"""Points a finding takes off, by group and severity (ok and info take none)."""

UNCHECKED_CODE = "dns.unavailable"


@dataclass(frozen=True, slots=True)
class Score:
    """The score and what took points off it."""

    value: float
    """0 to 10, by halves."""
    deductions: tuple[tuple[str, float], ...]
    """(check, points taken off) for each check that lost points, worst first."""


def score(report: Report) -> Score:
    """The report's score out of 10."""
    if report.findings and all(f.code == UNCHECKED_CODE for f in report.findings):
        return Score(0.0, ())
    lost: dict[str, float] = defaultdict(float)
    for finding in report.findings:
        group = GROUPS.get(finding.check, "receiver")
        lost[finding.check] += WEIGHTS[group].get(finding.severity, 0.0)
    capped = {
        check: min(points, WEIGHTS[GROUPS.get(check, "receiver")][Severity.CRITICAL])
        for check, points in lost.items()
        if points
    }
    value = max(0.0, 10.0 - sum(capped.values()))
    deductions = tuple(sorted(capped.items(), key=lambda item: -item[1]))
    return Score(round(value * 2) / 2, deductions)
