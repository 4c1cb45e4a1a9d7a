"""Organizational domains, from the Public Suffix List (RFC 7489 §3.2).

The list is the one shipped inside the ``publicsuffixlist`` package, so no download
happens at run time; an unknown top-level domain (``.test``) counts as a public suffix.
The lookup is the list's own algorithm (publicsuffix.org, "Algorithm") over a set of its
rules: the package's parser also converts each of the 10,000 rules to punycode, which took
most of a one-domain ``check``'s run (docs/performance.md). Names are looked up as the list
spells its rules, with U-labels: ``xn--`` labels are decoded first.
"""

from __future__ import annotations

import functools
from pathlib import Path

from publicsuffixlist import PSLFILE


@functools.cache
def _rules() -> frozenset[str]:
    text = Path(PSLFILE).read_text(encoding="utf-8")
    return frozenset(
        line.split()[0].lower() for line in text.splitlines() if line and not line.startswith("//")
    )


def _u_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            pass  # not valid punycode: no rule can spell it
    return label


def _suffix_length(labels: list[str]) -> int:
    """How many trailing ``labels`` (U-labels, lower case) form the public suffix."""
    rules = _rules()
    for start in range(len(labels)):  # longest candidate first: the longest rule wins
        candidate = ".".join(labels[start:])
        if "!" + candidate in rules:  # an exception: its parent is the suffix
            return len(labels) - start - 1
        wildcard = "*." + ".".join(labels[start + 1 :])
        if candidate in rules or (start + 1 < len(labels) and wildcard in rules):
            return len(labels) - start
    return 1  # the default rule "*": an unknown top-level domain is a public suffix


def organizational_domain(domain: str) -> str:
    """``mail.shop.example.co.uk`` → ``example.co.uk``; a public suffix is its own."""
    domain = domain.rstrip(".").lower()
    labels = domain.split(".")
    suffix = _suffix_length([_u_label(label) for label in labels])
    return ".".join(labels[-suffix - 1 :]) if len(labels) > suffix else domain


def aligned(identifier: str, author_domain: str, *, strict: bool) -> bool:
    """DMARC identifier alignment (RFC 7489 §3.1): equal names in strict mode, equal
    organizational domains in relaxed mode. Stray leading or trailing dots are ignored."""
    identifier, author_domain = identifier.strip(".").lower(), author_domain.strip(".").lower()
    if not identifier or not author_domain or ".." in identifier or ".." in author_domain:
        return False
    if strict:
        return identifier == author_domain
    return organizational_domain(identifier) == organizational_domain(author_domain)
