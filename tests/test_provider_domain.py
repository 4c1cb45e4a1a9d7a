"""A free-mail target: nothing asks the customer to publish DNS records at the provider's domain."""

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

OWNER_ONLY = {
    "spf.platform_not_authorized",
    "spf.merge_impossible",
    "dkim.missing",
    "dmarc.unaligned",
}


@pytest.fixture
def platform() -> Platform:
    return PLATFORM


@pytest.mark.parametrize("target", ("artisan@wanadoo.fr", "someone@gmail.com", "client@yahoo.fr"))
def test_free_mail_gets_sender_advice_only(diagnose_for_platform, target: str) -> None:
    report = diagnose_for_platform(target)
    assert "sender.freemail" in report.codes()
    assert not report.codes() & OWNER_ONLY
    assert all(change.kind != "dns" for change in report.changes)
    assert report.facts.spf is None or not report.facts.spf.platform_results


def test_the_same_platform_on_an_own_domain_gets_dns_advice(diagnose_for_platform) -> None:
    report = diagnose_for_platform("prov-bare.test")
    assert "sender.freemail" not in report.codes()
    assert any(change.kind == "dns" for change in report.changes)
