"""Facts about the domain's DMARC policy."""

from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact

ReportTag = Literal["rua", "ruf"]
"""Which list of a DMARC record a report address comes from: aggregate or failure reports."""


class ReportDestination(Model):
    """One rua/ruf URI and, for a mailbox outside the domain, whether it agreed to receive reports."""

    tag: ReportTag
    """rua (aggregate reports) or ruf (failure reports)."""
    uri: str
    """The URI as published."""
    domain: str | None = None
    """The destination mailbox's domain (None when the URI is not a usable mailto:)."""
    external: bool = False
    """True when the destination is outside the policy's organizational domain."""
    authorization: LookupFact | None = None
    """``<domain>._report._dmarc.<destination>`` TXT, looked up for external destinations."""


class DmarcFacts(Model):
    """The DMARC record that applies to the domain, and where it was found."""

    domain: str
    """The domain checked."""
    organizational_domain: str
    """The organizational domain (Public Suffix List)."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """``_dmarc.<domain>`` then, if needed, ``_dmarc.<organizational domain>``."""
    policy_domain: str | None = None
    """The domain whose record applies (None when no record was found)."""
    records: list[str] = Field(default_factory=empty_list)
    """The DMARC records (``v=DMARC1`` …) found at the policy domain."""
    destinations: list[ReportDestination] = Field(default_factory=empty_list)
    """The rua/ruf destinations and their authorization lookups."""
