"""Organizational domains, from the Public Suffix List (RFC 7489 §3.2).

The list is the one shipped inside the ``publicsuffixlist`` package, so no download
happens at run time; an unknown top-level domain (``.test``) counts as a public suffix.
"""

from __future__ import annotations

import functools

from publicsuffixlist import PublicSuffixList


@functools.cache
def _list() -> PublicSuffixList:
    return PublicSuffixList()


def organizational_domain(domain: str) -> str:
    """``mail.shop.example.co.uk`` → ``example.co.uk``; a public suffix is its own."""
    domain = domain.rstrip(".").lower()
    return _list().privatesuffix(domain) or domain


def aligned(identifier: str, author_domain: str, *, strict: bool) -> bool:
    """DMARC identifier alignment (RFC 7489 §3.1): equal names in strict mode, equal
    organizational domains in relaxed mode. Stray leading or trailing dots are ignored."""
    identifier, author_domain = identifier.strip(".").lower(), author_domain.strip(".").lower()
    if not identifier or not author_domain or ".." in identifier or ".." in author_domain:
        return False
    if strict:
        return identifier == author_domain
    return organizational_domain(identifier) == organizational_domain(author_domain)
