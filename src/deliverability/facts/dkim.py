"""Facts about the DKIM keys published for the domain's selectors."""

from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_dict, empty_list
from deliverability.facts.lookup import LookupFact
from deliverability.facts.phrase import Phrase

SelectorSource = Literal["platform", "option", "common"]


class DkimKeyFact(Model):
    """A key record that parsed: what verifiers will use."""

    key_type: Literal["rsa", "ed25519"]
    """The k= key type (rsa when absent)."""
    bits: int | None = None
    """The key size read from the key (RSA modulus bits, 256 for Ed25519); None when revoked."""
    revoked: bool = False
    """p= is empty: the key was withdrawn and every signature made with it fails."""
    testing: bool = False
    """t=y: the domain is testing DKIM; verifiers treat its signatures as absent."""
    tags: dict[str, str] = Field(default_factory=empty_dict)
    """The record's tags as published (p= included)."""


class DkimRecordFact(Model):
    """The TXT lookup of one ``<selector>._domainkey.<domain>`` name and what it holds."""

    name: str
    """The name looked up."""
    lookup: LookupFact
    """The TXT lookup (CNAMEs followed: see ``lookup.cnames``)."""
    cname: LookupFact | None = None
    """When the TXT lookup found no such name: the CNAME lookup, showing a delegation to nowhere."""
    key: DkimKeyFact | None = None
    """The parsed key, when there is exactly one record and it is valid."""
    error: Phrase | None = None
    """Why the record found is not a usable key (None when it is, or when there is no record)."""

    @property
    def delegated_to(self) -> str | None:
        """The name a CNAME delegates the key to, whether or not that name exists."""
        if self.lookup.cnames:
            return self.lookup.cnames[-1]
        if self.cname is not None and self.cname.outcome == "answer" and self.cname.records:
            return self.cname.records[0].rstrip(".").lower()
        return None


class DkimSelectorFact(Model):
    """One selector: where it came from, the customer's record, and the platform's own key."""

    selector: str
    """The selector (``dx1`` → ``dx1._domainkey.<domain>``)."""
    source: SelectorSource
    """platform (the platform signs with it), option (named by the user) or common (usual name)."""
    record: DkimRecordFact
    """The record at the customer's domain."""
    platform_record: DkimRecordFact | None = None
    """For a platform selector: the key the platform publishes at
    ``<selector>._domainkey.<from_domain>``, the target a delegating CNAME should point at."""


class DkimFacts(Model):
    """The DKIM key records of the selectors checked."""

    domain: str
    """The domain whose selectors were looked up (the d= of the signatures)."""
    selectors: list[DkimSelectorFact] = Field(default_factory=empty_list)
    """Platform selectors first, then those named by the user, then the common ones."""
