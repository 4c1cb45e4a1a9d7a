"""DNS for a run: the resolver and the outcome of each lookup."""

from deliverability.dns._outcome import Lookup, Outcome
from deliverability.dns._resolver import DEFAULT_TIMEOUT, Resolver

__all__ = ["DEFAULT_TIMEOUT", "Lookup", "Outcome", "Resolver"]
