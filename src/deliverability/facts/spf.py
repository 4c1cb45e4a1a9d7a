"""Facts about the domain's SPF: its record, the include tree, and what it does for the platform.

The models here are also what :func:`deliverability.spf.check_host` returns, so a
renderer shows a one-off evaluation and a diagnosis the same way.
"""

from enum import StrEnum
from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact
from deliverability.facts.phrase import Phrase


class SpfResult(StrEnum):
    """The seven results of check_host() (RFC 7208 §2.6)."""

    NONE = "none"
    NEUTRAL = "neutral"
    PASS = "pass"
    FAIL = "fail"
    SOFTFAIL = "softfail"
    TEMPERROR = "temperror"
    PERMERROR = "permerror"


StepKind = Literal["record", "term", "lookup", "result", "note"]


class TraceStep(Model):
    """One step of an evaluation: a record fetched, a term tried, a DNS lookup, a result."""

    depth: int
    """0 for the domain checked, one more for each include or redirect followed."""
    domain: str
    """The domain whose record was being evaluated."""
    kind: StepKind
    """What happened."""
    text: str
    """The term, the record, the lookup (``name TYPE: outcome``) or the result, as seen."""
    outcome: str = ""
    """For terms ``match``, ``no match`` or the error; for lookups the DNS outcome."""


class SpfNode(Model):
    """One record of the include tree: a domain, its SPF record and what it leads to."""

    domain: str
    """The domain whose TXT records were read."""
    via: str = ""
    """The term that led here (``include:_spf.example.com``, ``redirect=…``); empty for the root."""
    lookup: LookupFact | None = None
    """The TXT lookup of the domain (None for a candidate record that was not looked up)."""
    record: str | None = None
    """The single SPF record found (None when there is none, or more than one)."""
    error: Phrase | None = None
    """Why this record cannot be evaluated, or what went wrong in it (None when nothing did)."""
    lookups: int = 0
    """DNS-querying terms of this record itself (include, a, mx, ptr, exists, redirect)."""
    void_lookups: int = 0
    """Terms of this record whose DNS query found nothing (NXDOMAIN or no records)."""
    unresolved: list[str] = Field(default_factory=empty_list)
    """Terms counted but not looked up: they depend on the connecting IP or sender (macros, ptr)."""
    children: "list[SpfNode]" = Field(default_factory=empty_list)
    """The records reached by this record's include terms and redirect."""


class SpfEvaluation(Model):
    """The outcome of check_host() for one IP, with the path that led to it."""

    ip: str
    """The client IP evaluated."""
    domain: str
    """The domain whose policy was evaluated."""
    sender: str
    """The envelope sender used for macros (``postmaster@<domain>`` when none was given)."""
    helo: str = ""
    """The HELO/EHLO name used for macros."""
    result: SpfResult
    """none, neutral, pass, fail, softfail, temperror or permerror."""
    explanation: str | None = None
    """The exp= text for a fail, expanded (None when there is none)."""
    matched: str | None = None
    """The term that decided the result (``~all``, ``include:_spf.example.com`` …), if any."""
    matched_domain: str | None = None
    """The domain whose record holds the deciding term."""
    reason: Phrase | None = None
    """Why a permerror or temperror happened, or why the result is none (or neutral)."""
    lookups: int = 0
    """DNS-querying terms evaluated, counted as RFC 7208 §4.6.4 does (limit 10)."""
    void_lookups: int = 0
    """Terms whose DNS query found nothing (limit 2)."""
    trace: list[TraceStep] = Field(default_factory=empty_list)
    """Each record, term and DNS lookup, in evaluation order."""
    tree: SpfNode | None = None
    """The records visited, as a tree."""


PermerrorKind = Literal["loop", "too_many_mx", "multiple_records", "syntax", "invalid_target"]


class SpfPermerror(Model):
    """A term or record of the tree that makes receivers stop with a permanent error (permerror)."""

    kind: PermerrorKind
    """loop (an include or redirect back to a record being evaluated), too_many_mx (an mx term's
    name has more than 10 MX records, RFC 7208 §4.6.4), multiple_records or syntax (the record
    an include or redirect leads to), invalid_target (an include or redirect to a name that is
    not a domain name)."""
    record: str
    """The domain whose record holds the term."""
    term: str
    """The term, as written (``include:_spf.example.com``, ``mx``, ``redirect=example.com``)."""
    target: str = ""
    """The name the term points to."""
    count: int = 0
    """too_many_mx: the MX records found; multiple_records: the SPF records found."""
    chain: list[str] = Field(default_factory=empty_list)
    """loop: the names from the domain checked to the one reached again (``a.test``, ``b.test``,
    ``a.test``)."""
    reason: str
    """What the evaluator found, in English (shown as evidence)."""


class IncludeTree(Model):
    """Every record reachable from a domain, with the lookups counted through includes and redirect."""

    root: SpfNode
    """The domain's own record."""
    lookups: int
    """DNS-querying terms of the whole tree, as RFC 7208 §4.6.4 counts them (limit 10)."""
    void_lookups: int
    """Terms of the whole tree whose DNS query found nothing (limit 2)."""
    failed: list[LookupFact] = Field(default_factory=empty_list)
    """Lookups that could not be made (timeout, SERVFAIL …): parts of the tree are unknown."""
    truncated: bool = False
    """The walk stopped early (an include loop, or far too many lookups to be worth counting)."""
    permerrors: list[SpfPermerror] = Field(default_factory=empty_list)
    """Terms and records that make receivers stop with a permerror (the first 20 found)."""


class SpfMerge(Model):
    """The SPF record proposed to authorise the platform, and its verification by the engine."""

    current: str | None
    """The record published today (None when there is none)."""
    proposed: str
    """The record to publish."""
    include: str
    """The platform's include domain."""
    verified: bool
    """True when every check below passed."""
    lookups: int
    """DNS-querying terms of the proposed record's tree (limit 10)."""
    void_lookups: int
    """Void lookups of the proposed record's tree (limit 2)."""
    platform_results: list[SpfEvaluation] = Field(default_factory=empty_list)
    """The proposed record evaluated for each of the platform's sending IPs."""
    kept: list[str] = Field(default_factory=empty_list)
    """Addresses named by the current record that it authorises and the proposal still does."""
    lost: list[str] = Field(default_factory=empty_list)
    """Addresses the current record authorises and the proposal no longer would."""
    unknown: bool = False
    """Some evaluation ended in temperror: the verification could not be completed."""


class SpfFacts(Model):
    """The SPF policy of the domain, its include tree and, with a platform, what it does for it."""

    domain: str
    """The domain checked."""
    lookup: LookupFact
    """The TXT lookup of the domain."""
    records: list[str] = Field(default_factory=empty_list)
    """Every ``v=spf1`` record found (more than one is an error)."""
    syntax_error: Phrase | None = None
    """The syntax error of the single record, saying where (None when it parses)."""
    all_qualifier: str | None = None
    """The qualifier of the record's own ``all`` term (``-``, ``~``, ``?``, ``+``), None without one."""
    redirect: str | None = None
    """The record's redirect= target as written, if any."""
    tree: IncludeTree | None = None
    """The include tree, with the lookups counted (None when there is no single record)."""
    platform_include: str | None = None
    """The platform's include domain, when a platform was given."""
    platform_results: list[SpfEvaluation] = Field(default_factory=empty_list)
    """check_host() for each of the platform's sending IPs against the published record."""
    merge: SpfMerge | None = None
    """The record proposed to authorise the platform, when it is not authorised today."""

    @property
    def record(self) -> str | None:
        """The single SPF record, if there is exactly one."""
        return self.records[0] if len(self.records) == 1 else None
