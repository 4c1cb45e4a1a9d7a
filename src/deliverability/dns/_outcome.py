"""How one DNS lookup ended, and what it returned.

Checks decide on outcomes, never on exceptions: a lookup that could not be made
(timeout, SERVFAIL, REFUSED) is "could not check", which is not a missing record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import dns.rdata
import dns.rdatatype
import dns.rdtypes.ANY.MX
import dns.rdtypes.ANY.TXT
import dns.rdtypes.IN.A
import dns.rdtypes.IN.AAAA

from deliverability.facts.lookup import LookupFact


class Outcome(StrEnum):
    """The ways a lookup can end."""

    ANSWER = "answer"
    """Records of the type asked for (possibly after CNAMEs)."""
    NXDOMAIN = "nxdomain"
    """The name does not exist."""
    NODATA = "nodata"
    """The name exists but has no record of that type."""
    SERVFAIL = "servfail"
    """The server failed to answer (DNSSEC failure, broken delegation …)."""
    TIMEOUT = "timeout"
    """No answer in time, or the run's deadline was reached."""
    REFUSED = "refused"
    """The server refused the query."""
    ERROR = "error"
    """The name cannot be queried at all (a label over 63 octets, an empty label …)."""

    @property
    def failed(self) -> bool:
        """True when the lookup did not tell whether the record exists."""
        return self in _FAILED


_FAILED = frozenset({Outcome.SERVFAIL, Outcome.TIMEOUT, Outcome.REFUSED, Outcome.ERROR})


@dataclass(frozen=True, slots=True)
class Lookup:
    """One lookup's result: the question, how it ended, and the records."""

    name: str
    """The name asked for, lower-case, without the trailing dot."""
    rdtype: str
    """The record type asked for (``TXT``, ``MX`` …)."""
    outcome: Outcome
    records: tuple[dns.rdata.Rdata, ...] = ()
    """The answer's records of the type asked for (empty unless ``outcome`` is ANSWER)."""
    cnames: tuple[str, ...] = ()
    """The CNAME chain followed to reach the answer, in order (targets, without the dot)."""
    ttl: int = 0
    """Seconds the answer (or the negative answer) may be cached."""
    error: str = field(default="", compare=False)
    """A short reason for a failed lookup, for evidence."""
    authenticated: bool = False
    """The resolver set the AD bit: it validated the answer with DNSSEC (asked with
    ``dnssec=True`` only; a resolver that does not validate never sets it)."""
    signed: bool = False
    """RRSIG records covering the type asked for came with the answer (``dnssec=True`` only)."""
    _fact: LookupFact | None = field(default=None, init=False, compare=False, repr=False)
    _described: str | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def failed(self) -> bool:
        """True when the lookup could not tell whether the record exists."""
        return self.outcome.failed

    def texts(self) -> tuple[str, ...]:
        """TXT records as text: each record's strings joined, undecodable bytes replaced."""
        return tuple(record.decode("utf-8", "replace") for record in self.txt_bytes())

    def txt_bytes(self) -> tuple[bytes, ...]:
        """TXT records as raw octets: each record's strings joined, as received."""
        return tuple(b"".join(r.strings) for r in self.txt_records())

    def txt_records(self) -> tuple[dns.rdtypes.ANY.TXT.TXT, ...]:
        return tuple(r for r in self.records if isinstance(r, dns.rdtypes.ANY.TXT.TXT))

    def mx_records(self) -> tuple[dns.rdtypes.ANY.MX.MX, ...]:
        return tuple(r for r in self.records if isinstance(r, dns.rdtypes.ANY.MX.MX))

    def addresses(self) -> tuple[str, ...]:
        """A / AAAA records as address strings."""
        return tuple(
            r.address
            for r in self.records
            if isinstance(r, (dns.rdtypes.IN.A.A, dns.rdtypes.IN.AAAA.AAAA))
        )

    def hostnames(self) -> tuple[str, ...]:
        """Targets of MX, PTR, NS or CNAME records, lower-case, without the trailing dot."""
        names = []
        for r in self.records:
            target = getattr(r, "exchange", None) or getattr(r, "target", None)
            if target is not None:
                names.append(target.to_text(omit_final_dot=True).lower())
        return tuple(names)

    def fact(self) -> LookupFact:
        """This lookup as plain data for a report (record text bounded in size).

        Made once per answer and shared: a cached answer is read by every diagnosis of a
        batch and by every SPF evaluation of each, and each must not hold its own copy of
        the records' text (the cache's byte bound counts this copy).
        """
        if self._fact is None:
            shown = (
                self.texts() if self.rdtype == "TXT" else tuple(r.to_text() for r in self.records)
            )
            fact = LookupFact.model_construct(
                name=self.name,
                rdtype=self.rdtype,
                outcome=self.outcome.value,
                records=[_bounded(text) for text in shown[:_MAX_RECORDS]],
                cnames=list(self.cnames),
                error=self.error,
            )
            object.__setattr__(self, "_fact", fact)  # a memo on a frozen value
            return fact
        return self._fact

    def describe(self) -> str:
        """One line for evidence: ``example.fr TXT: nxdomain`` (made once, like :meth:`fact`)."""
        if self._described is None:
            object.__setattr__(self, "_described", self.fact().describe())
            return self.describe()
        return self._described


_MAX_RECORDS = 50
_MAX_RECORD_CHARS = 4096


def _bounded(text: str) -> str:
    return text if len(text) <= _MAX_RECORD_CHARS else text[:_MAX_RECORD_CHARS] + "…"
