"""Free-mail senders: the provider's live DMARC policy, the ways out, the mailbox settings, in French too.

The provider domains are served by the loopback DNS server only (tests/providers/zones/):
wanadoo.fr p=quarantine, gmail.com p=none, yahoo.fr p=reject, hotmail.fr p=none, free.fr no record.
"""

from __future__ import annotations

import pytest

from deliverability.checks import sender
from deliverability.codes import localize
from deliverability.context import Context
from deliverability.facts import DmarcFacts, Facts, LookupFact
from deliverability.facts.sender import SenderFacts
from deliverability.report import Severity
from deliverability.target import parse_target


@pytest.mark.parametrize(
    ("target", "severity", "policy", "mailbox"),
    (
        ("artisan@wanadoo.fr", Severity.ERROR, "quarantine", "sender.mailbox_password"),
        ("jean.martin@gmail.com", Severity.ERROR, "none", "sender.mailbox_app_password"),
        ("camille@yahoo.fr", Severity.CRITICAL, "reject", "sender.mailbox_app_password"),
        ("paul@hotmail.fr", Severity.ERROR, "none", "sender.mailbox_oauth"),
        (
            "marie@free.fr",
            Severity.ERROR,
            "none",
            "sender.mailbox_password",
        ),  # no DMARC record at all
    ),
)
def test_freemail_sender(
    diagnose_for_platform, target: str, severity: Severity, policy: str, mailbox: str
) -> None:
    report = diagnose_for_platform(target)
    assert report.codes("sender") == {"sender.freemail", mailbox}
    freemail = next(f for f in report.findings if f.code == "sender.freemail")
    assert freemail.severity is severity
    assert freemail.params["policy"] == policy
    assert freemail.params["address"] == target
    assert f"p={policy}" in freemail.detail
    assert f"Reply-To: {target}" in freemail.fix
    assert any(line.startswith(f"_dmarc.{target.split('@')[1]} TXT") for line in freemail.evidence)
    assert report.facts.sender is not None and report.facts.sender.address == target
    # The platform cannot send as a free-mail domain at all: no receiver requirements to weigh.
    assert report.codes("requirements") == set()


def test_wanadoo_gives_orange_settings_and_changes(diagnose_for_platform) -> None:
    report = diagnose_for_platform("artisan@wanadoo.fr")
    assert report.facts.sender == SenderFacts(
        domain="wanadoo.fr", address="artisan@wanadoo.fr", provider="orange", provider_name="Orange"
    )
    mailbox = next(f for f in report.findings if f.code == "sender.mailbox_password")
    assert mailbox.fix == (
        "In the platform's SMTP settings, type: server smtp.orange.fr, port 465, security SSL/TLS, "
        "login artisan@wanadoo.fr, password the Orange mailbox password."
    )
    assert any("ispdb/orange.fr.xml" in reference for reference in mailbox.references)
    changes = [(c.kind, c.name, c.proposed) for c in report.changes if c.kind != "dns"]
    assert changes == [
        ("platform", "From", "prov-platform.test"),
        ("platform", "Reply-To", "artisan@wanadoo.fr"),
        ("smtp", "SMTP server", "smtp.orange.fr"),
        ("smtp", "SMTP port", "465"),
        ("smtp", "SMTP security", "SSL/TLS"),
        ("smtp", "SMTP login", "artisan@wanadoo.fr"),
    ]
    # From the platform's domain first: it resolves the error; the mailbox is the alternative.
    impacts = {c.name: c.impact for c in report.changes}
    assert impacts["From"] == Severity.ERROR.rank * 10 > impacts["SMTP server"]


def test_gmail_needs_an_app_password_with_two_step_verification(diagnose_for_platform) -> None:
    report = diagnose_for_platform("jean.martin@gmail.com")
    mailbox = next(f for f in report.findings if f.code == "sender.mailbox_app_password")
    assert "https://myaccount.google.com/apppasswords" in mailbox.fix
    assert "2-step verification" in mailbox.fix
    assert (
        "server smtp.gmail.com, port 465, security SSL/TLS, login jean.martin@gmail.com"
        in mailbox.fix
    )
    assert mailbox.evidence == [
        "smtp.gmail.com:465 ssl login=address auth=app_password "
        "(2-step verification required), only way since 2022-05-30"
    ]


def test_yahoo_reject_is_critical_and_ranks_first(diagnose_for_platform) -> None:
    report = diagnose_for_platform("camille@yahoo.fr")
    assert report.worst is Severity.CRITICAL
    assert (
        report.changes[0].name == "From" and report.changes[0].impact == Severity.CRITICAL.rank * 10
    )


def test_outlook_takes_no_password_since_16_september_2024(diagnose_for_platform) -> None:
    report = diagnose_for_platform("paul@hotmail.fr")
    oauth = next(f for f in report.findings if f.code == "sender.mailbox_oauth")
    assert oauth.params["since"] == "2024-09-16"
    assert "smtp-mail.outlook.com accepts only OAuth2" in oauth.detail
    # No SMTP settings are proposed: no password can work.
    assert [c.name for c in report.changes if c.kind != "dns"] == ["From", "Reply-To"]


def test_free_logs_in_with_the_local_part(diagnose_for_platform) -> None:
    report = diagnose_for_platform("marie@free.fr")
    assert {c.name: c.proposed for c in report.changes}["SMTP login"] == "marie"


def test_a_free_mail_domain_without_address(diagnose_for_platform) -> None:
    report = diagnose_for_platform("wanadoo.fr")
    freemail = next(f for f in report.findings if f.code == "sender.freemail")
    assert freemail.params["address"] == "…@wanadoo.fr"
    assert [c.name for c in report.changes if c.kind != "dns"] == [
        "From",
        "SMTP server",
        "SMTP port",
        "SMTP security",
    ]


def test_without_a_platform_the_settings_remain(diagnose_here) -> None:
    report = diagnose_here("artisan@wanadoo.fr")
    assert report.codes("sender") == {"sender.freemail", "sender.mailbox_password"}
    assert [c.kind for c in report.changes if c.kind != "dns"] == ["smtp"] * 4


def test_a_customer_domain_is_no_free_mail(diagnose_for_platform) -> None:
    report = diagnose_for_platform("contact@prov-healthy.test")
    assert report.codes("sender") == set()
    assert report.facts.sender == SenderFacts(
        domain="prov-healthy.test", address="contact@prov-healthy.test"
    )


def test_french_report(diagnose_for_platform) -> None:
    report = diagnose_for_platform("artisan@wanadoo.fr", lang="fr")
    freemail = next(f for f in report.findings if f.code == "sender.freemail")
    assert freemail.title == (
        "artisan@wanadoo.fr appartient à Orange : seuls les serveurs Orange peuvent envoyer avec cette adresse"
    )
    assert "p=quarantine" in freemail.detail and "part en spam" in freemail.detail
    assert freemail.fix.startswith("Du plus fiable au moins fiable : (1)")
    mailbox = next(f for f in report.findings if f.code == "sender.mailbox_password")
    assert "saisissez : serveur smtp.orange.fr, port 465" in mailbox.fix
    # The parameters do not depend on the language: back to English gives the English text.
    assert localize(report, "en").findings == diagnose_for_platform("artisan@wanadoo.fr").findings


def _dmarc(outcome: str, records: list[str] | None = None) -> DmarcFacts:
    lookup = LookupFact(
        name="_dmarc.wanadoo.fr", rdtype="TXT", outcome=outcome, records=records or []
    )
    return DmarcFacts(
        domain="wanadoo.fr",
        organizational_domain="wanadoo.fr",
        lookups=[lookup],
        policy_domain="wanadoo.fr" if records else None,
        records=records or [],
    )


ORANGE = SenderFacts(
    domain="wanadoo.fr", address="artisan@wanadoo.fr", provider="orange", provider_name="Orange"
)
CONTEXT = Context(parse_target("artisan@wanadoo.fr"))


@pytest.mark.parametrize(
    ("dmarc", "policy", "severity", "codes"),
    (
        (
            _dmarc("answer", ["v=DMARC1; p=reject"]),
            "reject",
            Severity.CRITICAL,
            ["sender.freemail"],
        ),
        (
            _dmarc("answer", ["v=DMARC1; p=quarantine"]),
            "quarantine",
            Severity.ERROR,
            ["sender.freemail"],
        ),
        (_dmarc("answer", ["v=DMARC1; p=none"]), "none", Severity.ERROR, ["sender.freemail"]),
        (_dmarc("nxdomain"), "none", Severity.ERROR, ["sender.freemail"]),
        # Could not check: never a policy made up, and the failed lookup is said.
        (_dmarc("timeout"), "?", Severity.ERROR, ["sender.freemail", "dns.unavailable"]),
        (_dmarc("servfail"), "?", Severity.ERROR, ["sender.freemail", "dns.unavailable"]),
        (None, "?", Severity.ERROR, ["sender.freemail"]),
    ),
)
def test_policy_decides_the_severity(
    dmarc: DmarcFacts | None, policy: str, severity: Severity, codes: list[str]
) -> None:
    findings = sender.check(Facts(sender=ORANGE, dmarc=dmarc), CONTEXT)
    assert [f.code for f in findings] == [*codes, "sender.mailbox_password"]
    assert findings[0].params["policy"] == policy
    assert findings[0].severity is severity
    assert all(f.check == "sender" for f in findings)


@pytest.mark.parametrize(
    "facts",
    (
        Facts(),
        Facts(sender=SenderFacts(domain="example.com", address="a@example.com")),
        Facts(sender=SenderFacts(domain="x.example", provider="a-provider-no-longer-in-the-data")),
    ),
)
def test_nothing_to_say_without_a_known_provider(facts: Facts) -> None:
    assert sender.check(facts, CONTEXT) == []


def test_a_provider_without_settings_gets_the_ways_out_only() -> None:
    bbox = SenderFacts(
        domain="bbox.fr", address="a@bbox.fr", provider="bouygues", provider_name="Bouygues Telecom"
    )
    findings = sender.check(
        Facts(sender=bbox, dmarc=_dmarc("nxdomain")), Context(parse_target("a@bbox.fr"))
    )
    assert [f.code for f in findings] == ["sender.freemail"]
