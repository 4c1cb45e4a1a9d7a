"""The platform of the advice tests (adv-platform.test), and a diagnosis made for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deliverability.advice import Platform
from deliverability.report import Report

PLATFORM = Platform(
    name="Devis Express",
    spf_include="_spf.adv-platform.test",
    sending_ips=["203.0.113.10"],
    return_path_domain="bounce.adv-platform.test",
    helo="out1.adv-platform.test",
    dkim_selectors=["dx1"],
    from_domain="adv-platform.test",
)


@pytest.fixture
def platform() -> Platform:
    return PLATFORM


@pytest.fixture
def diagnose_for_platform(diagnose_here) -> Callable[..., Report]:
    """``diagnose_for_platform("x.test", ...)``: a whole diagnosis, for PLATFORM by default."""

    def run(target: str, **options: object) -> Report:
        options.setdefault("platform", PLATFORM)
        return diagnose_here(target, **options)

    return run
