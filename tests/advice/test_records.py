"""The DKIM and DMARC record advice: through the loopback server, and from facts built by hand."""

from __future__ import annotations

import pytest

from deliverability.advice import Platform, records
from deliverability.context import Context
from deliverability.facts import DmarcFacts, Facts, LookupFact
from deliverability.report import Change
from deliverability.target import parse_target

KEY = "dx1._domainkey.adv-platform.test"


def mine(report) -> list[tuple[str, str, str | None, str, int]]:
    """The DKIM and DMARC changes, in report order (other advisors' changes left out)."""
    return [
        (c.name, c.type, c.current, c.proposed, c.impact)
        for c in report.changes
        if "._domainkey." in c.name or c.name.startswith("_dmarc.")
    ]


@pytest.mark.parametrize(
    ("target", "expected"),
    (
        ("adv-healthy.test", []),
        # p=reject and no DKIM: the delegation fixes what gets the platform's mail refused.
        ("adv-reject.test", [("dx1._domainkey.adv-reject.test", "CNAME", None, KEY, 40)]),
        # p=quarantine: the delegation first, then the step to reject (once the delegation is live).
        (
            "adv-noinclude.test",
            [
                ("dx1._domainkey.adv-noinclude.test", "CNAME", None, KEY, 30),
                (
                    "_dmarc.adv-noinclude.test",
                    "TXT",
                    "v=DMARC1; p=quarantine; rua=mailto:dmarc@adv-noinclude.test",
                    "v=DMARC1; p=reject; rua=mailto:dmarc@adv-noinclude.test",
                    10,
                ),
            ],
        ),
        (
            "adv-typo.test",
            [
                (
                    "dx1._domainkey.adv-typo.test",
                    "CNAME",
                    "dx1._domainkey.adv-platfrom.test",
                    KEY,
                    30,
                ),
                (
                    "_dmarc.adv-typo.test",
                    "TXT",
                    "v=DMARC1; p=quarantine; rua=mailto:dmarc@adv-typo.test",
                    "v=DMARC1; p=reject; rua=mailto:dmarc@adv-typo.test",
                    10,
                ),
            ],
        ),
        (
            "adv-nodmarc.test",
            [
                (
                    "_dmarc.adv-nodmarc.test",
                    "TXT",
                    None,
                    "v=DMARC1; p=none; rua=mailto:dmarc@adv-nodmarc.test",
                    20,
                )
            ],
        ),
        (
            "adv-monitor.test",
            [
                (
                    "_dmarc.adv-monitor.test",
                    "TXT",
                    "v=DMARC1; p=none; rua=mailto:dmarc@adv-monitor.test; adkim=r",
                    "v=DMARC1; p=quarantine; rua=mailto:dmarc@adv-monitor.test; adkim=r",
                    10,
                )
            ],
        ),
        ("adv.timeout.test", []),
    ),
)
def test_changes(diagnose_for_platform, target: str, expected: list) -> None:
    assert mine(diagnose_for_platform(target)) == expected


def test_weak_txt_key_is_replaced_by_the_delegation(diagnose_for_platform) -> None:
    [(name, rdtype, current, proposed, impact)] = [
        c for c in mine(diagnose_for_platform("adv-weak.test")) if c[1] == "CNAME"
    ]
    assert (name, rdtype, proposed, impact) == ("dx1._domainkey.adv-weak.test", "CNAME", KEY, 30)
    assert current is not None and current.startswith("v=DKIM1; k=rsa; p=")
    [change] = [c for c in diagnose_for_platform("adv-weak.test").changes if c.type == "CNAME"]
    assert change.why.startswith("Delete the record now at this name first")


def test_why_explains_the_delegation(diagnose_for_platform) -> None:
    [change] = [c for c in diagnose_for_platform("adv-reject.test").changes if c.type == "CNAME"]
    assert "Devis Express signs your mail with the selector dx1" in change.why
    assert "rsa, 2048 bits" in change.why and "d=adv-reject.test" in change.why


def test_tightening_waits_for_the_delegation(diagnose_for_platform) -> None:
    [dmarc] = [
        c
        for c in diagnose_for_platform("adv-noinclude.test").changes
        if c.name.startswith("_dmarc.")
    ]
    assert dmarc.why.endswith("until then, Devis Express's mail would fail too.")


def test_no_cname_towards_a_key_the_platform_does_not_publish(
    diagnose_for_platform, platform: Platform
) -> None:
    """dx2 has no key at adv-platform.test: a CNAME would be a guess. As nothing can then align
    the platform's mail, no stricter DMARC policy is advised either."""
    other = platform.model_copy(update={"dkim_selectors": ["dx2"]})
    assert mine(diagnose_for_platform("adv-noinclude.test", platform=other)) == []


def test_without_platform_only_dmarc_advice(diagnose_here) -> None:
    assert mine(diagnose_here("adv-reject.test")) == []
    assert [c[3] for c in mine(diagnose_here("adv-monitor.test"))] == [
        "v=DMARC1; p=quarantine; rua=mailto:dmarc@adv-monitor.test; adkim=r"
    ]


# -- from facts built by hand ------------------------------------------------------------------


def dmarc_facts(
    domain: str, record: str | None, *, outcome: str = "answer", policy_domain: str | None = None
) -> DmarcFacts:
    return DmarcFacts(
        domain=domain,
        organizational_domain=policy_domain or domain,
        lookups=[LookupFact(name=f"_dmarc.{domain}", rdtype="TXT", outcome=outcome)],  # type: ignore[arg-type]
        policy_domain=(policy_domain or domain) if record else None,
        records=[record] if record else [],
    )


def advise(facts: DmarcFacts, domain: str) -> list[Change]:
    return records.advise(Facts(dmarc=facts), Context(parse_target(domain)))


@pytest.mark.parametrize(
    ("facts", "domain", "expected"),
    (
        (
            dmarc_facts("example.com", "v=DMARC1; pct=50; p=none"),
            "example.com",
            ["v=DMARC1; pct=50; p=quarantine"],
        ),
        (
            dmarc_facts("example.com", "v=DMARC1;p=quarantine;rua=mailto:d@example.com"),
            "example.com",
            ["v=DMARC1; p=reject; rua=mailto:d@example.com"],
        ),
        (dmarc_facts("example.com", "v=DMARC1; p=reject"), "example.com", []),
        # The starter goes to the organizational domain, where it covers every subdomain.
        (
            dmarc_facts("shop.example.com", None, outcome="nxdomain", policy_domain="example.com"),
            "shop.example.com",
            ["v=DMARC1; p=none; rua=mailto:dmarc@example.com"],
        ),
        (dmarc_facts("example.com", None, outcome="timeout"), "example.com", []),
        # A free-mail provider's policy is not the customer's to change.
        (dmarc_facts("gmail.com", None, outcome="nxdomain"), "gmail.com", []),
    ),
)
def test_dmarc_advice(facts: DmarcFacts, domain: str, expected: list[str]) -> None:
    assert [change.proposed for change in advise(facts, domain)] == expected


def test_starter_name() -> None:
    [change] = advise(
        dmarc_facts("shop.example.com", None, outcome="nxdomain", policy_domain="example.com"),
        "shop.example.com",
    )
    assert (change.kind, change.name, change.type, change.current) == (
        "dns",
        "_dmarc.example.com",
        "TXT",
        None,
    )
    assert "p=quarantine" in change.why and "dmarc@example.com" in change.why


def test_broken_dmarc_gets_no_record_advice() -> None:
    """Several records, or one that does not parse: the DMARC check says how to repair it first."""
    several = dmarc_facts("example.com", "v=DMARC1; p=none").model_copy(
        update={"records": ["v=DMARC1; p=none", "v=DMARC1; p=reject"]}
    )
    assert advise(several, "example.com") == []
    broken = dmarc_facts("example.com", "v=DMARC1; p=maybe")
    assert advise(broken, "example.com") == []
