"""A free-mail target: nothing asks the customer to publish DNS records at the provider's domain."""

from __future__ import annotations

import pytest

OWNER_ONLY = {
    "spf.platform_not_authorized",
    "spf.merge_impossible",
    "dkim.missing",
    "dmarc.unaligned",
}


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
