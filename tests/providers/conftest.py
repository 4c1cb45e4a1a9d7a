"""The platform of the provider tests (prov-platform.test), and a diagnosis made for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deliverability.advice import Platform
from deliverability.report import Report

PLATFORM = Platform(
    name="Devis Express",
    spf_include="_spf.prov-platform.test",
    sending_ips=["198.51.100.25"],
    return_path_domain="bounce.prov-platform.test",
    helo="out1.prov-platform.test",
    dkim_selectors=["pv1"],
    from_domain="prov-platform.test",
)


@pytest.fixture
def diagnose_for_platform(diagnose_here) -> Callable[..., Report]:
    """``diagnose_for_platform("x@wanadoo.fr")``: a whole diagnosis on loopback, for PLATFORM by default."""

    def run(target: str, **options: object) -> Report:
        options.setdefault("platform", PLATFORM)
        return diagnose_here(target, **options)

    return run
