"""A DNS lookup as a fact: the question, how it ended, the records as text."""

from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list

OutcomeName = Literal["answer", "nxdomain", "nodata", "servfail", "timeout", "refused", "error"]
FAILED_OUTCOMES = frozenset({"servfail", "timeout", "refused", "error"})


class LookupFact(Model):
    """One DNS lookup and how it ended."""

    name: str
    """The name asked for."""
    rdtype: str
    """The record type asked for."""
    outcome: OutcomeName
    """answer, nxdomain, nodata (name exists, no such record), or a failure: servfail, timeout, refused, error."""
    records: list[str] = Field(default_factory=empty_list)
    """The records as received, in presentation form (TXT strings joined)."""
    cnames: list[str] = Field(default_factory=empty_list)
    """CNAME targets followed to reach the answer."""
    error: str = ""
    """Why a failed lookup failed."""

    @property
    def failed(self) -> bool:
        """The lookup could not tell whether the record exists: "could not check"."""
        return self.outcome in FAILED_OUTCOMES

    def describe(self) -> str:
        """One evidence line: ``_dmarc.example.fr TXT: nxdomain``."""
        if self.outcome == "answer":
            return f"{self.name} {self.rdtype}: " + " | ".join(self.records[:10])
        reason = f" ({self.error})" if self.error else ""
        return f"{self.name} {self.rdtype}: {self.outcome}{reason}"
