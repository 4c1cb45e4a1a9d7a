"""Reading replies and pasted bounces with the table in checks/replies.toml."""

from __future__ import annotations

from string import Formatter

import pytest

from deliverability.checks.replies import READINGS, normalise, table
from deliverability.codes import REGISTRY
from deliverability.report import Severity
from deliverability.smtp import explain, read_reply

# Reply texts as providers send them (provider reference, section 7), addresses documentary.
BOUNCES = (
    # Gmail
    (
        "550-5.7.26 This mail has been blocked because the sender is\n550-5.7.26 unauthenticated. Gmail requires "
        "all senders to authenticate with\n550 5.7.26 either SPF or DKIM. - gsmtp",
        "bounce.unauthenticated",
        "Gmail",
    ),
    (
        "421-4.7.26 This email has been rate limited because it is unauthenticated. - gsmtp",
        "bounce.unauthenticated",
        "Gmail",
    ),
    (
        "550 5.7.26 Unauthenticated email from yahoo.fr is not accepted due to domain's DMARC policy. Please contact "
        "the administrator of yahoo.fr domain if this was a legitimate mail. - gsmtp",
        "bounce.dmarc_reject",
        "Gmail",
    ),
    (
        "451 4.7.26 Unauthenticated email from example.fr is not accepted due to domain's DMARC policy, but temporary "
        "DNS failures prevent authentication. - gsmtp",
        "bounce.sender_dns",
        "Gmail",
    ),
    (
        "550 5.7.26 The MAIL FROM domain [example.fr] has an SPF record with a hard fail policy (-all) but it fails "
        "to pass SPF checks with the ip: [192.0.2.25]. - gsmtp",
        "bounce.spf_fail",
        "Gmail",
    ),
    (
        "550 5.7.25 The IP address sending this message does not have a PTR record setup. - gsmtp",
        "bounce.ptr",
        "Gmail",
    ),
    (
        "421 4.7.0 The IP address sending this message does not have a PTR record setup - gsmtp",
        "bounce.ptr",
        "Gmail",
    ),
    (
        "550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication. - gsmtp",
        "bounce.ptr",
        "Gmail",
    ),
    (
        "550 5.7.27 Your email has been blocked because the sender is not authenticated with SPF. - gsmtp",
        "bounce.spf_fail",
        "Gmail",
    ),
    (
        "421 4.7.30 Your email has been rate limited because DKIM authentication didn't pass. - gsmtp",
        "bounce.dkim_fail",
        "Gmail",
    ),
    (
        "550 5.7.40 Your email has been blocked because the sender does not have a DMARC record. - gsmtp",
        "bounce.dmarc_missing",
        "Gmail",
    ),
    (
        "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned "
        "with either the authenticated SPF or DKIM organizational domain. - gsmtp",
        "bounce.not_aligned",
        "Gmail",
    ),
    (
        "421 4.7.0 TLS required for RCPT domain, closing connection. - gsmtp",
        "bounce.no_tls",
        "Gmail",
    ),
    (
        "550 5.7.24 The SPF record of the sender domain has one or more suspicious entries. - gsmtp",
        "bounce.spf_fail",
        "Gmail",
    ),
    (
        "421 4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp",
        "bounce.rate_limited",
        "Gmail",
    ),
    (
        "550 5.7.28 Gmail has detected an unusual rate of unsolicited mail. To protect our users, mail from your IP "
        "address has been blocked. - gsmtp",
        "bounce.blocked",
        "Gmail",
    ),
    (
        "550 5.7.1 Our system has detected that this message is likely unsolicited mail. - gsmtp",
        "bounce.reputation",
        "Gmail",
    ),
    (
        "550 5.7.1 Messages missing a valid Message-ID header are not accepted. This message is not RFC 5322 "
        "compliant. - gsmtp",
        "bounce.format",
        "Gmail",
    ),
    (
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550 5.1.1 double-checking "
        "the recipient's email address for typos. - gsmtp",
        "bounce.bad_address",
        "Gmail",
    ),
    (
        "452 4.2.2 The recipient's inbox is out of storage space. - gsmtp",
        "bounce.mailbox_full",
        "RFC 3463",
    ),
    # Gmail submission
    (
        "534-5.7.9 Application-specific password required. Learn more at\n534 5.7.9 "
        "https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp",
        "smtp.app_password_required",
        "Gmail",
    ),
    (
        "535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8 "
        "https://support.google.com/mail/?p=BadCredentials - gsmtp",
        "smtp.auth_failed",
        "Gmail",
    ),
    (
        "530 5.7.0 Must issue a STARTTLS command first. - gsmtp",
        "smtp.starttls_required",
        "RFC 3207",
    ),
    (
        "454 4.7.0 Too many login attempts, please try again later. - gsmtp",
        "smtp.auth_throttled",
        "Gmail",
    ),
    ("550 5.4.5 Daily user sending limit exceeded. - gsmtp", "smtp.sending_limit", "Gmail"),
    # Yahoo
    (
        "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to "
        "authenticate with either SPF or DKIM.",
        "bounce.unauthenticated",
        "Yahoo",
    ),
    (
        "554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes",
        "bounce.policy",
        "Yahoo",
    ),
    (
        "554 Message not allowed - [PH01] Email not accepted for policy reasons.",
        "bounce.policy",
        "Yahoo",
    ),
    (
        "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints",
        "bounce.rate_limited",
        "Yahoo",
    ),
    (
        "553 5.7.2 [TSS09] All messages from 192.0.2.25 will be permanently deferred; Retrying will NOT succeed.",
        "bounce.blocked",
        "Yahoo",
    ),
    (
        "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list",
        "bounce.blocklisted",
        "Yahoo",
    ),
    (
        "421 Max message per connection reached, closing transmission channel",
        "bounce.rate_limited",
        "Yahoo",
    ),
    (
        "554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0]",
        "bounce.bad_address",
        "Yahoo",
    ),
    (
        "554 delivery error: dd Sorry your message to someone@yahoo.fr cannot be delivered. This mailbox is disabled "
        "(554.30)",
        "bounce.bad_address",
        "Yahoo",
    ),
    ("554 5.7.9 Unresolvable RFC.5321 from domain", "bounce.sender_dns", "Yahoo"),
    # Outlook.com and Microsoft 365
    (
        "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [PR1P264CA0001.FRAP264.PROD."
        "OUTLOOK.COM]",
        "smtp.oauth_required",
        "Outlook.com",
    ),
    (
        "535 5.7.3 Authentication unsuccessful [AM0PR02CA0001.eurprd02.prod.outlook.com]",
        "smtp.oauth_required",
        "Outlook.com",
    ),
    (
        "550 5.7.30 Basic authentication is not supported for Client Submission.",
        "smtp.oauth_required",
        "Microsoft 365",
    ),
    (
        "550 5.7.515 Access denied, sending domain [EXAMPLE.FR] doesn't meet the required authentication level.",
        "bounce.bulk_requirements",
        "Outlook.com",
    ),
    (
        "550 5.7.509 Access denied, sending domain yahoo.fr does not pass DMARC verification and has a DMARC policy "
        "of reject.",
        "bounce.dmarc_reject",
        "Outlook.com",
    ),
    (
        "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
        "bounce.spf_fail",
        "Outlook.com",
    ),
    (
        "550 5.7.25 Service unavailable, the sending IPv6 address [2001:db8::25] must have a reverse DNS record",
        "bounce.ptr",
        "Outlook.com",
    ),
    (
        "451 4.7.26 Service unavailable, message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM "
        "validation",
        "bounce.unauthenticated",
        "Outlook.com",
    ),
    (
        "421 RP-001 (BAY004-MC1F12) Unfortunately, some messages from 192.0.2.25 weren't sent.",
        "bounce.rate_limited",
        "Outlook.com",
    ),
    (
        "451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to IP reputation. (S775)",
        "bounce.rate_limited",
        "Outlook.com",
    ),
    (
        "550 5.7.1 Unfortunately, messages from [192.0.2.25] weren't sent. Please contact your Internet service "
        "provider since part of their network is on our block list (S3140).",
        "bounce.blocked",
        "Outlook.com",
    ),
    (
        "550 5.7.511 Access denied, banned sender[192.0.2.25]. To request removal from this list please forward this "
        "message to delist@messaging.microsoft.com.",
        "bounce.blocked",
        "Outlook.com",
    ),
    (
        "550 SC-001 (BAY004-MC5F15) Unfortunately, messages from 192.0.2.25 weren't sent.",
        "bounce.reputation",
        "Outlook.com",
    ),
    (
        "550 DY-001 (SNT004-MC1F43) Unfortunately, messages from 192.0.2.25 weren't sent.",
        "bounce.dynamic_ip",
        "Outlook.com",
    ),
    (
        "550 OU-001 (SNT004-MC1F43) Unfortunately, messages from 192.0.2.25 weren't sent.",
        "bounce.blocklisted",
        "Outlook.com",
    ),
    (
        "550 DY-002 (COL004-MC2F6) Unfortunately, messages from 192.0.2.25 weren't sent.",
        "bounce.blocked",
        "Outlook.com",
    ),
    ("550 command rejected due to Sender ID validation failure", "bounce.spf_fail", "Outlook.com"),
    # Orange and La Poste
    (
        "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus. LPNAAA_101 (in reply to RCPT TO "
        "command)",
        "bounce.blocklisted",
        "Orange / La Poste",
    ),
    (
        "550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. "
        "OFR006_102 Ref http://csi.cloudmark.com",
        "bounce.blocklisted",
        "Orange / La Poste",
    ),
    (
        "550 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR006_103 "
        "192.0.2.1 [103]",
        "bounce.blocked",
        "Orange / La Poste",
    ),
    (
        "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. "
        "OFR005_104 [104]",
        "bounce.rate_limited",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. LPN006_107",
        "bounce.ptr",
        "Orange / La Poste",
    ),
    ("550 5.7.1 Veuillez essayer plus tard. OFR004_201 [201]", "bounce.helo", "Orange / La Poste"),
    (
        "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405] (in reply to MAIL FROM command)",
        "bounce.sender_dns",
        "Orange / La Poste",
    ),
    (
        "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416] (in reply to RCPT TO "
        "command)",
        "bounce.bad_address",
        "Orange / La Poste",
    ),
    (
        "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417] (in reply to RCPT TO command)",
        "bounce.mailbox_full",
        "Orange / La Poste",
    ),
    (
        "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420 (in reply to RCPT TO command)",
        "bounce.bad_address",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Domaine emetteur bloque. OFR004_425 [425]",
        "bounce.blocklisted",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Mail rejete. Mail rejected. OFR_506 [506]",
        "bounce.reputation",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Message rejete en raison de la politique DMARC du domaine emetteur. OFR004_515 [515]",
        "bounce.dmarc_reject",
        "Orange / La Poste",
    ),
    (
        "571 5.7.1 Message refused, DMARC verification Failed. Message refuse, verification DMARC en echec LPN007_517",
        "bounce.dmarc_reject",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Service refuse. Veuillez essayer plus tard. service refused, please try later. OFR004_519 [519]",
        "bounce.spf_fail",
        "Orange / La Poste",
    ),
    (
        "550 5.7.1 Message refuse: signature DKIM absente. OFR004_535 [535]",
        "bounce.dkim_fail",
        "Orange",
    ),
    (
        "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]",
        "bounce.rate_limited",
        "Orange / La Poste",
    ),
    (
        "421 smtp.orange.fr [192.0.2.1] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de "
        "domaine. Invalid Sender. SPF check failed, please verify the SPF/DNS configuration for your domain name.",
        "bounce.spf_fail",
        "Orange",
    ),
    # Standards, when no provider's text matches
    (
        "550 5.1.1 <nobody@example.fr>: Recipient address rejected: User unknown in virtual mailbox table",
        "bounce.bad_address",
        "RFC 3463",
    ),
    ("535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6", "smtp.auth_failed", "RFC 4954"),
)


@pytest.mark.parametrize(("text", "code", "provider"), BOUNCES)
def test_known_replies(text: str, code: str, provider: str) -> None:
    [finding] = explain(text)
    assert (finding.code, finding.params["provider"]) == (code, provider)
    assert finding.evidence == [normalise(text)]
    assert finding.references, "each reading cites its dated source"


def test_every_bounce_code_is_reachable_from_a_real_reply() -> None:
    produced = {code for _, code, _ in BOUNCES}
    assert {
        code
        for code in REGISTRY
        if code.startswith("bounce.") and code not in ("bounce.unknown", "bounce.no_reply")
    } <= produced
    assert {entry.finding for entry in table().replies} <= produced


@pytest.mark.parametrize(
    ("text", "severity"),
    (
        (
            "550-5.7.26 This mail has been blocked because the sender is unauthenticated. - gsmtp",
            Severity.CRITICAL,
        ),
        (
            "421-4.7.26 This email has been rate limited because it is unauthenticated. - gsmtp",
            Severity.WARNING,
        ),
        (
            "Veuillez essayer plus tard. OFR005_104 [104]",
            Severity.WARNING,
        ),  # no code: the entry says temporary
    ),
)
def test_temporary_replies_are_warnings(text: str, severity: Severity) -> None:
    assert explain(text)[0].severity == severity


def test_continuation_lines_are_joined() -> None:
    text = "550-5.7.26 This mail has been\n550-5.7.26 blocked because the sender\n550 5.7.26 is unauthenticated."
    assert (
        normalise(text)
        == "550 5.7.26 This mail has been blocked because the sender is unauthenticated."
    )


def test_unknown_reply() -> None:
    [finding] = explain("554 5.7.1 <x@example.fr>: Relay access denied")
    assert finding.code == "bounce.unknown" and finding.params["reply"] == "554 5.7.1"
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize("text", ("hello, my mails do not arrive", "see [192.0.2.1] at 10:45", ""))
def test_no_reply_code(text: str) -> None:
    assert [f.code for f in explain(text)] == ["bounce.no_reply"]


def test_explanation_in_french() -> None:
    [finding] = explain("550 5.7.1 Message rejete. OFR004_515 [515]", lang="fr")
    assert finding.title == "Refusé par la politique DMARC du domaine expéditeur"
    assert "Orange / La Poste" in finding.detail


def test_reading_a_submission_reply() -> None:
    reading = read_reply(
        "534 5.7.9 Application-specific password required. / 5.7.9 https://support.google.com"
    )
    assert reading is not None
    assert (reading.entry, reading.finding, reading.status) == (
        "gmail-app-password",
        "smtp.app_password_required",
        "534 5.7.9",
    )
    assert read_reply("250 2.0.0 OK") is None


def test_hostile_input_is_bounded() -> None:
    text = ("550-5.7.26 " + "a" * 5000 + "\n") * 200 + "OFR_515"
    [finding] = explain(text)
    assert len(finding.evidence[0]) <= 2001
    assert finding.code == "bounce.unauthenticated"  # the text beyond the bound is not read


def test_table_cites_every_source_it_declares() -> None:
    loaded = table()
    assert len(loaded.replies) >= 60
    for entry in loaded.replies:
        assert entry.finding in REGISTRY
        assert all(tag in loaded.sources for tag in entry.sources)


@pytest.mark.parametrize("code", sorted(READINGS))
def test_codes_a_reply_leads_to_need_only_provider_and_reply(code: str) -> None:
    fields = {
        name
        for template in REGISTRY[code].templates
        for _, name, _, _ in Formatter().parse(template)
        if name
    }
    assert fields <= {"provider", "reply"}


@pytest.mark.parametrize(
    ("text", "reply"),
    (
        ("550 5.7.1 Service refuse. OFR004_519 [519]", "550 5.7.1 OFR004_519"),
        ("421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred", "421 4.7.0 [TSS04]"),
        (
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
            "535 5.7.139",
        ),
        ("Veuillez essayer plus tard. OFR005_104 [104]", "OFR005_104"),
    ),
)
def test_provider_codes_are_kept_in_the_reply(text: str, reply: str) -> None:
    assert explain(text)[0].params["reply"] == reply
