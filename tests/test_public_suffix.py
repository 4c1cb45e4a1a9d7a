"""Organizational domains against the Public Suffix List's own test cases.

The cases are publicsuffix.org's ``checkPublicSuffix`` list, as shipped with the
``publicsuffixlist`` package beside the list itself; each is also checked in A-labels, the
form every name in a diagnosis has.
"""

from __future__ import annotations

import re
from pathlib import Path

import publicsuffixlist
import pytest

from deliverability.domains import organizational_domain

CASES_FILE = Path(publicsuffixlist.__file__).with_name("test_psl.txt")
CASE = re.compile(r"checkPublicSuffix\('([^']*)', (?:'([^']*)'|null)\);")


def _cases() -> list[tuple[str, str]]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        match = CASE.match(line.strip())
        if match is None or match[1].startswith(".") or ".." in match[1]:
            continue  # null input, or a name no diagnosis would look up
        domain = match[1].lower()
        cases.append((domain, (match[2] or domain).lower()))  # a public suffix is its own
    return cases


CASES = _cases()


def _a_labels(name: str) -> str:
    return name.encode("idna").decode("ascii")


def test_the_official_cases_are_read() -> None:
    assert len(CASES) > 60


@pytest.mark.parametrize(("domain", "expected"), CASES)
def test_official_case(domain: str, expected: str) -> None:
    assert organizational_domain(domain) == expected


@pytest.mark.parametrize(("domain", "expected"), [c for c in CASES if not c[0].isascii()])
def test_official_case_in_a_labels(domain: str, expected: str) -> None:
    assert organizational_domain(_a_labels(domain)) == _a_labels(expected)
