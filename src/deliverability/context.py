"""What a diagnosis is about: the target, the platform and the options (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from deliverability import providers
from deliverability.advice.platform import Platform
from deliverability.target import Target

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
