"""Facts about DNS blocklists: what was asked of which list, and what it answered."""

from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact

Role = Literal["platform", "mx", "domain", "connecting", "linked", "test"]
"""Why a subject was queried: the platform's sending address, an MX address of the domain,
the domain itself, a message's connecting address, a domain linked from a message, or the
list's test entry (which it always lists: unlisted, the list is not answering)."""


class BlocklistQuery(Model):
    """One subject asked of one list."""

    list_id: str
    """The list's id in ``blocklists/lists.toml`` (``spamhaus-zen`` …)."""
    subject: str
    """The address or domain asked about."""
    role: Role
    """Why it was asked."""
    lookup: LookupFact
    """The A lookup of the list's name for the subject (a Spamhaus DQS key shows as ``<key>``)."""


SkipReason = Literal["private_address", "over_limit"]
"""Why a subject was not asked: an address no public list can know (private, loopback,
link-local …), or one linked domain more than the run asks about."""


class SkippedSubject(Model):
    """A subject that was not asked of any list (not tested, never "not listed")."""

    subject: str
    """The address or domain left out."""
    role: Role
    """The role it would have been asked in."""
    reason: SkipReason
    """Why it was left out."""


class BlocklistFacts(Model):
    """Every blocklist query of a diagnosis (``check --blocklists``) or a message analysis."""

    dqs: bool = False
    """Spamhaus was asked through its Data Query Service (with a key) instead of its public mirrors."""
    queries: list[BlocklistQuery] = Field(default_factory=empty_list)
    """Each subject against each list that applies to it (IPv6 only where the list answers for it)."""
    skipped: list[SkippedSubject] = Field(default_factory=empty_list)
    """Subjects not asked of any list, and why (message analysis)."""
