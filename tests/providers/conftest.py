"""The platform of the provider tests (prov-platform.test), and a diagnosis made for it."""

from __future__ import annotations

import pytest

from deliverability.advice import Platform

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
def platform() -> Platform:
    """The platform of this folder's diagnoses (``diagnose_for_platform`` in tests/conftest.py)."""
    return PLATFORM
