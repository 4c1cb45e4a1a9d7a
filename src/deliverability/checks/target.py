"""Say what was diagnosed when the target was taken out of something else (a web address)."""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.codes import finding
from deliverability.codes import target as target_codes
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.report import Finding


def check(facts: Facts, context: Context) -> Iterator[Finding]:
    del facts  # the input alone decides
    url = context.target.url
    if url is not None:
        yield finding(target_codes.HOST_OF_URL, {"domain": context.domain, "url": url})
