"""Facts about DNSSEC: is each zone (the domain's, its MX hosts') signed, and the MX hosts' TLSA."""

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact


class ZoneFact(Model):
    """One zone's DNSSEC state: the DS its parent publishes and the DNSKEY at its apex."""

    names: list[str]
    """The names checked that live in this zone (the domain, MX hosts)."""
    apex: str | None = None
    """The zone's apex, found by walking up from the name with SOA queries (None: not found)."""
    walk: list[LookupFact] = Field(default_factory=empty_list)
    """The SOA lookups of that walk, in order."""
    ds: LookupFact | None = None
    """The DS lookup of the apex (answered by the parent zone)."""
    dnskey: LookupFact | None = None
    """The DNSKEY lookup of the apex, asked with the DO and AD bits."""
    dnskey_signed: bool = False
    """RRSIGs over the DNSKEY set came with the answer."""
    authenticated: bool = False
    """The resolver set the AD bit on the DNSKEY answer: it validated the zone's keys."""
    bogus: bool = False
    """The resolver refused the zone (SERVFAIL) but answered with checking disabled (CD):
    its signatures do not validate."""


class DnssecFacts(Model):
    """The zones of the domain and of its MX hosts."""

    domain: ZoneFact
    """The zone holding the domain."""
    mx: list[ZoneFact] = Field(default_factory=empty_list)
    """The other zones holding the MX hosts (at most 5 hosts followed)."""


class TlsaFact(Model):
    """The TLSA records of one MX host (``_25._tcp.HOST``, RFC 7672 §2.2)."""

    host: str
    """The MX host."""
    lookup: LookupFact
    """The TLSA lookup, asked with the DO and AD bits."""
    signed: bool = False
    """RRSIGs over the TLSA records came with the answer."""
    authenticated: bool = False
    """The resolver validated the answer (AD bit)."""


class DaneFacts(Model):
    """The TLSA records of the MX hosts (``check --smtp`` only: matching them needs the
    certificates the SMTP probe saw)."""

    hosts: list[TlsaFact] = Field(default_factory=empty_list)
    """One per MX host (at most 5)."""
