"""Signatures and SPF re-verified against the loopback DNS server, then DMARC from them."""

from __future__ import annotations

import pytest

from deliverability.message import Envelope
from deliverability.report import Severity

from .conftest import PLATFORM, build, gmail, sign


def codes(report, check: str) -> set[str]:
    return report.codes(check)


def only(report, code: str):
    (found,) = [f for f in report.findings if f.code == code]
    return found


def test_an_intact_signed_message_passes_dkim_spf_and_dmarc(analyse_here) -> None:
    report = analyse_here(gmail(sign(build())))
    assert codes(report, "auth") == {"auth.dkim_ok", "auth.spf_ok", "auth.dmarc_ok"}
    assert report.target == "devis@msg-sender.test"
    assert report.facts.message.signatures[0].result == "pass"
    assert report.facts.message.connecting.ip == "192.0.2.10"
    assert report.facts.message.connecting.source == "boundary"


def test_a_footer_added_after_signing_is_a_modified_body(analyse_here) -> None:
    signed = sign(build())
    altered = signed + b"--\r\nThis message was scanned by a gateway.\r\n"
    report = analyse_here(gmail(altered))
    finding = only(report, "auth.dkim_body_modified")
    assert finding.params["domain"] == "msg-sender.test"
    assert "auth.dkim_ok" not in report.codes()


def test_a_changed_signed_header_invalidates_the_signature(analyse_here) -> None:
    altered = sign(build()).replace(b"Subject: Votre devis", b"Subject: [EXTERNAL] Votre devis")
    report = analyse_here(gmail(altered))
    assert "auth.dkim_signature_invalid" in report.codes()
    assert report.facts.message.signatures[0].result == "signature_invalid"


def test_a_removed_key_is_missing_at_the_time_of_the_analysis(analyse_here) -> None:
    report = analyse_here(gmail(sign(build(), selector="gone")))
    finding = only(report, "auth.dkim_key_missing")
    assert "at the time of this analysis" in finding.detail.lower()
    assert finding.params["outcome"] == "nxdomain"


def test_a_key_lookup_that_times_out_is_could_not_check(analyse_here) -> None:
    report = analyse_here(gmail(sign(build(), domain="timeout.test")))
    assert "auth.dkim_unverified" in report.codes()
    assert "auth.dkim_key_missing" not in report.codes()


def test_a_signature_by_the_platform_does_not_align(analyse_here) -> None:
    message = sign(build(), domain="msg-platform.test", selector="pl1", signer="platform")
    report = analyse_here(message, client_ip="192.0.2.99", platform=PLATFORM)
    finding = only(report, "auth.dkim_unaligned")
    assert finding.params == {
        "from_domain": "msg-sender.test",
        "adkim": "r",
        "domain": "msg-platform.test",
        "selector": "pl1",
    }
    assert any("Devis Test" in line for line in finding.evidence)
    dmarc = only(report, "auth.dmarc_fail")
    assert dmarc.severity is Severity.CRITICAL  # p=reject
    assert report.facts.message.connecting.source == "option"


def test_quarantine_makes_a_dmarc_failure_an_error(analyse_here) -> None:
    message = build(sender="a@msg-quarantine.test", extra=["Return-Path: <a@msg-quarantine.test>"])
    report = analyse_here(message, client_ip="203.0.113.9")
    assert only(report, "auth.dmarc_fail").severity is Severity.ERROR
    assert "auth.dkim_none" in report.codes()
    assert only(report, "auth.spf_fail").params["result"] == "fail"


def test_spf_for_an_unauthorised_address_fails_with_its_term(analyse_here) -> None:
    report = analyse_here(
        build(extra=["Return-Path: <bounce@bounce.msg-sender.test>"]), client_ip="203.0.113.9"
    )
    finding = only(report, "auth.spf_fail")
    assert finding.params["term"] == "-all"
    assert finding.params["source"] == "--ip"


def test_without_any_address_the_platform_is_a_guess_said_as_such(analyse_here) -> None:
    report = analyse_here(build(), platform=PLATFORM)
    assert report.facts.message.connecting.source == "platform"
    assert report.facts.message.connecting.ip == "192.0.2.25"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_report_ends_with_the_domain_diagnosis(analyse_here, lang: str) -> None:
    report = analyse_here(gmail(sign(build())), platform=PLATFORM, lang=lang)
    assert report.facts.dmarc is not None and report.facts.spf is not None
    assert report.codes("dmarc")  # the From domain's own checks are in the same report
    assert report.lang == lang


def test_a_message_without_from_is_from_an_unknown_sender(analyse_here) -> None:
    report = analyse_here(
        b"Subject: devis\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nbody\r\n"
    )
    assert report.target == "unknown sender"
    assert report.domain == ""
    assert "message.from_missing" in report.codes()
    assert report.facts.dmarc is None  # no domain to diagnose


def test_the_receivers_own_facts_replace_the_headers(analyse_here) -> None:
    # The test inbox knows the session: its facts win over what the headers suggest.
    envelope = Envelope(
        client_ip="192.0.2.10", helo="out.msg-sender.test", mail_from="b@bounce.msg-sender.test"
    )
    report = analyse_here(
        build(extra=["Return-Path: <forged@elsewhere.example>"]), envelope=envelope
    )
    message = report.facts.message
    assert (message.connecting.source, message.identities.return_path) == (
        "receiver",
        "b@bounce.msg-sender.test",
    )
    assert {"auth.spf_ok", "auth.dmarc_ok", "auth.dkim_none"} <= report.codes("auth")


def test_pasted_headers_verify_the_signature_but_not_the_body(analyse_here) -> None:
    headers = gmail(sign(build())).partition(b"\r\n\r\n")[0] + b"\r\n"
    report = analyse_here(headers)
    assert report.facts.message.headers_only
    assert report.facts.message.signatures[0].result == "body_unchecked"
    assert "auth.dkim_body_unchecked" in report.codes()
    assert "auth.dkim_body_modified" not in report.codes()
    assert "receiver.disagrees" not in report.codes()


def test_a_changed_header_is_seen_in_pasted_headers_too(analyse_here) -> None:
    headers = gmail(sign(build())).partition(b"\r\n\r\n")[0] + b"\r\n"
    report = analyse_here(headers.replace(b"Subject: Votre devis", b"Subject: Votre DEVIS"))
    assert report.facts.message.signatures[0].result == "signature_invalid"
