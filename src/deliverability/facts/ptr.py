"""Facts about the reverse DNS of the platform's sending addresses and its HELO name."""

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact


class PtrName(Model):
    """One PTR target and whether it resolves back to the address."""

    name: str
    """The host name the PTR record gives (lower-case, no trailing dot)."""
    lookup: LookupFact
    """The A (IPv4) or AAAA (IPv6) lookup of the name."""
    confirmed: bool = False
    """The name's addresses include the sending address (forward-confirmed)."""


class ReverseDns(Model):
    """The reverse DNS of one sending address."""

    address: str
    """The sending address."""
    lookup: LookupFact
    """The PTR lookup of the address's reverse name (``25.2.0.192.in-addr.arpa``)."""
    names: list[PtrName] = Field(default_factory=empty_list)
    """The PTR targets, each looked up forward (at most 10 are followed)."""

    @property
    def confirmed(self) -> bool:
        """At least one PTR name resolves back to the address (FCrDNS)."""
        return any(name.confirmed for name in self.names)


class HeloFact(Model):
    """The name the platform gives in EHLO and where it points."""

    name: str
    """The HELO/EHLO name."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """Its A and AAAA lookups."""
    addresses: list[str] = Field(default_factory=empty_list)
    """The addresses it resolves to."""


class PtrFacts(Model):
    """Forward-confirmed reverse DNS of the platform's sending addresses, and its HELO name."""

    addresses: list[ReverseDns] = Field(default_factory=empty_list)
    """One entry per sending address of the platform."""
    helo: HeloFact | None = None
    """The HELO name's resolution."""
