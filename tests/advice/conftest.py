"""The platform of the advice tests (adv-platform.test), and a diagnosis made for it."""

from __future__ import annotations

import pytest

from deliverability.advice import Platform

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
    """The platform of this folder's diagnoses (``diagnose_for_platform`` in tests/conftest.py)."""
    return PLATFORM
