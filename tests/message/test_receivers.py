"""What the receiver said, read only from the headers it is trusted for.

The receiver headers are written after the forms each provider documents: Gmail's
Authentication-Results with its DMARC comment, Microsoft 365's verdict headers written
below the original block (Microsoft's "Anti-spam message headers" page), Yahoo's and
Orange's Received lines.
"""

from __future__ import annotations

import dkim

from .conftest import build, deliver, gmail, key, sign


def results(report):
    return {(r.method, r.result): r for r in report.facts.message.receiver.results}


def test_gmail_results_keep_their_comment(analyse_here) -> None:
    report = analyse_here(gmail(sign(build())))
    said = report.facts.message.receiver
    assert said.receiver == "gmail"
    dmarc = results(report)[("dmarc", "pass")]
    assert "p=REJECT" in dmarc.reason and "dis=NONE" in dmarc.reason
    assert dmarc.authserv_id == "mx.google.com"
    assert ("spf", "pass") in results(report)
    assert "receiver.results" in report.codes()
    assert "receiver.disagrees" not in report.codes()


def test_a_forged_result_from_before_the_boundary_is_ignored(analyse_here) -> None:
    forged = build(
        extra=["Authentication-Results: mx.google.com; dmarc=pass header.from=msg-sender.test"]
    )
    report = analyse_here(gmail(sign(forged), dmarc="fail"))
    said = report.facts.message.receiver
    assert said.ignored == 1
    assert [r.result for r in said.results if r.method == "dmarc"] == ["fail"]


def test_the_receiver_disagrees_when_the_key_was_removed_since(analyse_here) -> None:
    report = analyse_here(gmail(sign(build(), selector="gone")))
    (finding,) = [f for f in report.findings if f.code == "receiver.disagrees"]
    assert finding.params["method"] == "dkim"
    assert finding.params["theirs"] == "pass"
    assert finding.params["ours"] == "fail"


MICROSOFT_ABOVE = (
    "Received: from AM0PR02MB1234.eurprd02.prod.outlook.com (2603:10a6:208:1::10) by\r\n"
    " DB9PR02MB5678.eurprd02.prod.outlook.com with HTTPS; Mon, 30 Nov 2026 09:00:03 +0000",
    "Received: from AMS0EPF000001A0.eurprd05.prod.outlook.com (2603:10a6:208:2::20) by\r\n"
    " AM0PR02MB1234.eurprd02.prod.outlook.com (2603:10a6:208:1::10) with Microsoft SMTP\r\n"
    " Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id\r\n"
    " 15.20.8000.1; Mon, 30 Nov 2026 09:00:02 +0000",
    "Received: from out.msg-sender.test (192.0.2.10) by\r\n"
    " AMS0EPF000001A0.mail.protection.outlook.com (10.167.16.237) with Microsoft SMTP\r\n"
    " Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8000.1 via\r\n"
    " Frontend Transport; Mon, 30 Nov 2026 09:00:01 +0000",
)
MICROSOFT_BELOW = (
    "Return-Path: bounce@bounce.msg-sender.test",
    "X-MS-Exchange-Organization-ExpirationStartTime: 30 Nov 2026 09:00:02.0000 (UTC)",
    "X-MS-Exchange-Organization-Network-Message-Id: 00000000-0000-0000-0000-000000000000",
    "Authentication-Results: spf=pass (sender IP is 192.0.2.10)\r\n"
    " smtp.mailfrom=bounce.msg-sender.test; dkim=pass (signature was verified)\r\n"
    " header.d=msg-sender.test;dmarc=pass action=none\r\n"
    " header.from=msg-sender.test;compauth=pass reason=100",
    "X-MS-Exchange-Organization-SCL: 6",
    "X-Forefront-Antispam-Report: CIP:192.0.2.10;CTRY:FR;LANG:fr;SCL:6;SRV:;IPV:NLI;SFV:SPM;\r\n"
    " H:out.msg-sender.test;PTR:out.msg-sender.test;CAT:SPM;SFS:(13230040);DIR:INB;",
    "X-Microsoft-Antispam: BCL:0;",
)


def microsoft(message: bytes) -> bytes:
    """Delivered to a Microsoft 365 mailbox: hops above, verdict headers below the block."""
    head, _, body = message.partition(b"\r\n\r\n")
    below = "\r\n".join(MICROSOFT_BELOW).encode()
    return deliver(head + b"\r\n" + below + b"\r\n\r\n" + body, MICROSOFT_ABOVE)


def test_microsoft_verdicts_below_the_block_are_the_receivers(analyse_here) -> None:
    report = analyse_here(microsoft(sign(build())))
    said = report.facts.message.receiver
    assert said.receiver == "microsoft"
    assert report.facts.message.connecting.ip == "192.0.2.10"
    decoded = {(v.field, v.value): v for v in said.verdicts}
    assert decoded[("SFV", "SPM")].spam is True
    assert decoded[("CAT", "SPM")].meaning == "spam"
    assert decoded[("SCL", "6")].spam is True
    assert decoded[("BCL", "0")].meaning == "not from a bulk sender"
    assert decoded[("compauth", "pass reason=100")].spam is False
    (spam,) = [f for f in report.findings if f.code == "receiver.spam"]
    assert spam.params["receiver"] == "microsoft"
    assert ("dmarc", "pass") in results(report)


def test_microsoft_headers_without_microsofts_stamps_are_not_trusted(analyse_here) -> None:
    # A sender writing X-Forefront-Antispam-Report itself, delivered to Gmail.
    forged = build(extra=["X-Forefront-Antispam-Report: SCL:1;SFV:NSPM;CAT:NONE;"])
    report = analyse_here(gmail(sign(forged)))
    assert not [v for v in report.facts.message.receiver.verdicts if v.field == "SFV"]


def test_yahoo_received_lines_give_the_connecting_address_and_helo(analyse_here) -> None:
    delivered = deliver(
        sign(build()),
        [
            "Received: from 10.217.151.75\r\n"
            " by atlas-production.v2.mail-prod1.omp.gq1.yahoo.com with HTTP; Mon, 30 Nov 2026 09:00:02 +0000",
            "Authentication-Results: atlas-production.v2.mail-prod1.omp.gq1.yahoo.com;\r\n"
            " dkim=pass header.i=@msg-sender.test header.s=sel1;\r\n"
            " spf=pass smtp.mailfrom=bounce.msg-sender.test;\r\n"
            " dmarc=pass(p=REJECT) header.from=msg-sender.test;",
            "Received: from 192.0.2.10 (EHLO out.msg-sender.test)\r\n"
            " by 10.217.151.75 with SMTPs; Mon, 30 Nov 2026 09:00:01 +0000",
        ],
    )
    report = analyse_here(delivered)
    connecting = report.facts.message.connecting
    assert (connecting.ip, connecting.helo, connecting.source) == (
        "192.0.2.10",
        "out.msg-sender.test",
        "boundary",
    )
    assert report.facts.message.receiver.receiver == "yahoo"
    assert results(report)[("dmarc", "pass")].reason == "p=REJECT"


def test_orange_received_line_and_spam_flag(analyse_here) -> None:
    delivered = deliver(
        sign(build()),
        [
            "X-Spam-Flag: YES",
            "Received: from out.msg-sender.test ([192.0.2.10])\r\n"
            " by smtp.orange.fr with ESMTP id abcdefgh; Mon, 30 Nov 2026 10:00:01 +0100",
        ],
    )
    report = analyse_here(delivered)
    said = report.facts.message.receiver
    assert said.receiver == "orange"
    assert report.facts.message.hops[-1].tls is False
    assert "receiver.spam" in report.codes()


def test_a_forwarded_message_is_explained_by_its_arc_chain(analyse_here) -> None:
    original = sign(build())
    received = (
        b"Authentication-Results: mx.msg-forwarder.test; dkim=pass header.d=msg-sender.test;"
        b" spf=pass smtp.mailfrom=bounce.msg-sender.test; dmarc=pass header.from=msg-sender.test\r\n"
    ) + original
    sealed = dkim.arc_sign(
        received,
        b"arc1",
        b"msg-forwarder.test",
        key("forwarder"),
        b"mx.msg-forwarder.test",
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"],
    )
    forwarded = b"".join(sealed) + received
    report = analyse_here(forwarded, client_ip="198.51.100.7")
    arc = report.facts.message.arc
    assert arc.result == "pass", arc.reason
    assert arc.sealers == ["msg-forwarder.test"]
    assert "auth.arc" in report.codes()


def test_the_verdict_line_says_why_the_most_consequential_first(analyse_here) -> None:
    report = analyse_here(microsoft(sign(build())))
    reasons = report.summary.split(": ", 1)[1]
    assert reasons.lower().startswith("microsoft filed the message as spam")
