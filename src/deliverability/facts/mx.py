"""Facts about where the domain receives mail."""

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact


class MxHost(Model):
    """One MX target and its addresses."""

    preference: int
    """Lower is tried first."""
    name: str
    """The exchange's host name as published (lower-case, no trailing dot)."""
    addresses: list[str] = Field(default_factory=empty_list)
    """IPv4 and IPv6 addresses the name resolves to."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """The A and AAAA lookups of the name."""


class MxFacts(Model):
    """The MX records of the domain and what they lead to."""

    lookup: LookupFact
    """The MX lookup of the domain."""
    hosts: list[MxHost] = Field(default_factory=empty_list)
    """MX targets, lowest preference first (at most 20 are followed)."""
    implicit: list[LookupFact] = Field(default_factory=empty_list)
    """Without MX records: the A/AAAA lookups of the domain itself (RFC 5321 §5.1 implicit MX)."""
    mailbox_host: str | None = None
    """The mailbox service recognised from the MX names (``Google Workspace`` …), if any."""
