"""What a diagnosis is about: the target, the platform and the options (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deliverability import providers
from deliverability.advice.platform import Platform
from deliverability.target import Target

if TYPE_CHECKING:  # the fetcher needs the SMTP address policy, which needs this module
    from deliverability.blocklists import Catalogue
    from deliverability.https import HttpsClient

DEFAULT_DEADLINE = 30.0
"""Seconds a whole diagnosis may take before every pending lookup ends as a timeout."""


@dataclass(frozen=True, slots=True)
class Options:
    """Switches of a diagnosis."""

    smtp: bool = False
    """Probe the MX hosts on port 25 (opt-in: slow, and often blocked from where the tool runs)."""
    dkim_selectors: tuple[str, ...] = ()
    """DKIM selectors to look up besides the platform's."""
    common_dkim_selectors: bool = False
    """Also try a short list of selectors many senders use (``default``, ``google``, ``selector1`` …)."""
    deadline: float = DEFAULT_DEADLINE
    """Seconds the whole diagnosis may take."""
    blocklists: Catalogue | None = None
    """The DNS blocklists to ask (None: none; opt-in, their free use is limited — docs/blocklists.md)."""
    spamhaus_key: str | None = field(default=None, repr=False)
    """A Spamhaus Data Query Service key: Spamhaus lists are then asked as KEY.<zone>.dq.spamhaus.net.
    A secret: never in a repr, a report or a log."""
    https: HttpsClient | None = None
    """How MTA-STS policies and BIMI documents are fetched (None: port 443, the system's CAs,
    public addresses only)."""
    allow_private: bool = False
    """Let the SMTP probe connect to private and loopback addresses (an administrator's own
    network, a test); refused by default, so a hostile MX cannot aim it inside."""


@dataclass(frozen=True, slots=True)
class Context:
    """The input of every probe and rule."""

    target: Target
    platform: Platform | None = None
    options: Options = field(default_factory=Options)

    @property
    def domain(self) -> str:
        return self.target.domain

    @property
    def provider_domain(self) -> bool:
        """True when the domain is a mailbox provider's (gmail.com, wanadoo.fr …): its DNS is not
        the customer's to change, so no rule or advisor asks them to publish anything there."""
        return providers.for_domain(self.domain) is not None
