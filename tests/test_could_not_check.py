"""When the domain's DNS fails, every check about it says "could not check", never "missing"."""

from __future__ import annotations

from pathlib import Path

import pytest

from deliverability.advice import Platform, load_platform
from deliverability.demo import world

DOMAIN_CHECKS = ("mx", "spf", "dmarc", "dkim", "sender")


@pytest.fixture
def platform() -> Platform:
    return load_platform(Path(str(world() / "platform.toml")))


@pytest.mark.parametrize("target", ("shop.timeout.test", "contact@shop.servfail.test"))
def test_failures_are_never_verdicts(diagnose_for_platform, target: str) -> None:
    report = diagnose_for_platform(target, deadline=5)
    about_the_domain = [f for f in report.findings if f.check in DOMAIN_CHECKS]
    assert about_the_domain, "the checks ran"
    assert {f.code for f in about_the_domain} == {"dns.unavailable"}
    assert not [c for c in report.changes if c.kind == "dns"], "no record proposed on a guess"
