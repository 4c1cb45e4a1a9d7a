"""DMARC alignment of the platform's mail: through the loopback server, and as a pure table."""

from __future__ import annotations

import pytest

from deliverability.advice import Platform
from deliverability.checks import alignment
from deliverability.context import Context
from deliverability.facts import (
    DkimFacts,
    DkimKeyFact,
    DkimRecordFact,
    DkimSelectorFact,
    DmarcFacts,
    Facts,
    LookupFact,
)
from deliverability.report import Severity
from deliverability.target import parse_target


@pytest.mark.parametrize(
    ("target", "expected"),
    (
        ("adv-reject.test", Severity.CRITICAL),
        ("adv-noinclude.test", Severity.ERROR),
        ("adv-weak.test", Severity.ERROR),  # the only key is 512 bits: verifiers reject it
        ("adv-healthy.test", None),
        ("adv-nodmarc.test", None),
    ),
)
def test_unaligned_severity_follows_the_policy(
    diagnose_for_platform, target: str, expected: Severity | None
) -> None:
    found = [f for f in diagnose_for_platform(target).findings if f.code == "dmarc.unaligned"]
    assert [f.severity for f in found] == ([expected] if expected else [])


def test_unaligned_says_why(diagnose_for_platform) -> None:
    [item] = [
        f for f in diagnose_for_platform("adv-reject.test").findings if f.code == "dmarc.unaligned"
    ]
    assert item.params["return_path"] == "bounce.adv-platform.test"
    assert item.params["policy"] == "reject"
    assert item.params["selectors"] == ["dx1"]
    assert "dx1._domainkey.adv-reject.test TXT: nxdomain" in item.evidence
    assert "adv-platform.test" in item.fix


def test_in_french(diagnose_for_platform) -> None:
    [item] = [
        f
        for f in diagnose_for_platform("adv-reject.test", lang="fr").findings
        if f.code == "dmarc.unaligned"
    ]
    assert (
        item.title
        == "Les e-mails de Devis Express ne peuvent pas passer DMARC pour adv-reject.test"
    )


# -- the rule, from facts built by hand --------------------------------------------------------

DOMAIN = "example.com"


def dmarc(record: str | None, *, domain: str = DOMAIN, outcome: str = "answer") -> DmarcFacts:
    lookup = LookupFact(
        name=f"_dmarc.{domain}", rdtype="TXT", outcome=outcome, records=[record] if record else []
    )  # type: ignore[arg-type]
    policy_domain = None if record is None else "example.com"
    return DmarcFacts(
        domain=domain,
        organizational_domain="example.com",
        lookups=[lookup],
        policy_domain=policy_domain,
        records=[record] if record else [],
    )


def dkim(
    *, outcome: str = "nxdomain", key: DkimKeyFact | None = None, domain: str = DOMAIN
) -> DkimFacts:
    name = f"dx1._domainkey.{domain}"
    record = DkimRecordFact(
        name=name, lookup=LookupFact(name=name, rdtype="TXT", outcome=outcome), key=key
    )  # type: ignore[arg-type]
    return DkimFacts(
        domain=domain,
        selectors=[DkimSelectorFact(selector="dx1", source="platform", record=record)],
    )


GOOD_KEY = DkimKeyFact(key_type="rsa", bits=2048)
EXTERNAL = "bounce.platform.example"


def unaligned(
    platform: Platform, facts: Facts, *, return_path: str = EXTERNAL, domain: str = DOMAIN
) -> list[Severity]:
    profile = platform.model_copy(update={"return_path_domain": return_path})
    found = alignment.check(facts, Context(parse_target(domain), profile))
    assert all(f.code == "dmarc.unaligned" for f in found)
    return [f.severity for f in found]


@pytest.mark.parametrize(
    ("facts", "return_path", "expected"),
    (
        (Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim()), EXTERNAL, [Severity.CRITICAL]),
        (Facts(dmarc=dmarc("v=DMARC1; p=quarantine"), dkim=dkim()), EXTERNAL, [Severity.ERROR]),
        (Facts(dmarc=dmarc("v=DMARC1; p=none"), dkim=dkim()), EXTERNAL, [Severity.WARNING]),
        (Facts(dmarc=dmarc(None, outcome="nxdomain"), dkim=dkim()), EXTERNAL, [Severity.WARNING]),
        (
            Facts(dmarc=dmarc("v=DMARC1; p=reject")),
            EXTERNAL,
            [Severity.CRITICAL],
        ),  # no selector at all
        # SPF: relaxed takes any name in the organizational domain, strict the domain.
        (Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim()), "bounce.example.com", []),
        (
            Facts(dmarc=dmarc("v=DMARC1; p=reject; aspf=s"), dkim=dkim()),
            "bounce.example.com",
            [Severity.CRITICAL],
        ),
        (Facts(dmarc=dmarc("v=DMARC1; p=reject; aspf=S"), dkim=dkim()), "example.com", []),
        (
            Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim()),
            "example.com.evil.example",
            [Severity.CRITICAL],
        ),
        # DKIM: a usable key for the platform's selector aligns; a revoked or too short one not.
        (
            Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim(outcome="answer", key=GOOD_KEY)),
            EXTERNAL,
            [],
        ),
        (
            Facts(
                dmarc=dmarc("v=DMARC1; p=reject"),
                dkim=dkim(outcome="answer", key=DkimKeyFact(key_type="ed25519", bits=256)),
            ),
            EXTERNAL,
            [],
        ),
        (
            Facts(
                dmarc=dmarc("v=DMARC1; p=reject"),
                dkim=dkim(outcome="answer", key=DkimKeyFact(key_type="rsa", revoked=True)),
            ),
            EXTERNAL,
            [Severity.CRITICAL],
        ),
        (
            Facts(
                dmarc=dmarc("v=DMARC1; p=reject"),
                dkim=dkim(outcome="answer", key=DkimKeyFact(key_type="rsa", bits=512)),
            ),
            EXTERNAL,
            [Severity.CRITICAL],
        ),
        # Could not check: no verdict.
        (Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim(outcome="timeout")), EXTERNAL, []),
        (Facts(dmarc=dmarc(None, outcome="servfail"), dkim=dkim()), EXTERNAL, []),
        (Facts(dkim=dkim()), EXTERNAL, []),
    ),
)
def test_rule(platform: Platform, facts: Facts, return_path: str, expected: list[Severity]) -> None:
    assert unaligned(platform, facts, return_path=return_path) == expected


def test_subdomain_gets_the_subdomain_policy(platform: Platform) -> None:
    facts = Facts(
        dmarc=dmarc("v=DMARC1; p=none; sp=reject", domain="shop.example.com"),
        dkim=dkim(domain="shop.example.com"),
    )
    assert unaligned(platform, facts, domain="shop.example.com") == [Severity.CRITICAL]
    assert (
        unaligned(platform, facts, domain="shop.example.com", return_path="bounce.example.com")
        == []
    )


def test_free_mail_domain_is_left_to_the_sender_check(platform: Platform) -> None:
    facts = Facts(
        dmarc=dmarc("v=DMARC1; p=reject", domain="gmail.com"), dkim=dkim(domain="gmail.com")
    )
    assert unaligned(platform, facts, domain="gmail.com") == []


def test_no_platform_no_alignment() -> None:
    facts = Facts(dmarc=dmarc("v=DMARC1; p=reject"), dkim=dkim())
    assert alignment.check(facts, Context(parse_target(DOMAIN))) == []
    assert alignment.assess(facts, Context(parse_target(DOMAIN))) is None


@pytest.mark.parametrize(
    ("spf_passes", "spf_aligned", "dkim", "spf", "passes"),
    (
        (True, True, False, True, True),
        (True, False, False, False, False),  # SPF passes for the envelope domain, not the From
        (False, True, False, False, False),
        (None, True, False, None, None),  # SPF could not be evaluated
        (None, False, True, False, True),  # DKIM alone is enough
        (False, False, None, False, None),  # a selector lookup failed
        (True, True, None, True, True),
    ),
)
def test_dmarc_path_passes_when_either_way_does(
    spf_passes: bool | None,
    spf_aligned: bool,
    dkim: bool | None,
    spf: bool | None,
    passes: bool | None,
) -> None:
    path = alignment.DmarcPath(
        spf_passes=spf_passes, spf_aligned=spf_aligned, dkim=dkim, policy="reject"
    )
    assert (path.spf, path.passes) == (spf, passes)


@pytest.mark.parametrize(
    ("target", "expected"),
    (
        ("adv-reject.test", alignment.DmarcPath(True, False, False, "reject")),
        ("adv-healthy.test", alignment.DmarcPath(True, False, True, "reject")),
    ),
)
def test_dmarc_path_from_a_diagnosis(
    diagnose_for_platform, platform: Platform, target: str, expected: alignment.DmarcPath
) -> None:
    report = diagnose_for_platform(target)
    path = alignment.dmarc_path(report.facts, Context(parse_target(target), platform))
    assert path == expected
    assert path.passes is expected.dkim
