"""Messages built for the tests: written here, signed with dkimpy using the test-only keys
under ``keys/`` (their public halves are in ``zones/``), then altered as a relay would.

Receiver headers are written after the forms Gmail, Microsoft 365, Yahoo and Orange
document or show in their help pages; every name and address is a documentation one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

import dkim
import pytest

from deliverability.advice import Platform
from deliverability.dns import Resolver
from deliverability.message import analyse
from deliverability.report import Report
from deliverability.testing import DnsServer

KEYS = Path(__file__).parent / "keys"
SIGNED = (
    b"from",
    b"to",
    b"subject",
    b"date",
    b"message-id",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
)

PLATFORM = Platform(
    name="Devis Test",
    spf_include="_spf.msg-platform.test",
    sending_ips=["192.0.2.25"],
    return_path_domain="bounce.msg-platform.test",
    helo="out1.msg-platform.test",
    dkim_selectors=["pl1"],
    from_domain="msg-platform.test",
)


def key(name: str) -> bytes:
    return (KEYS / f"{name}.pem").read_bytes()


def build(
    *,
    sender: str = "Artisan Dupont <devis@msg-sender.test>",
    subject: str = "Votre devis n° 42",
    date: str = "Mon, 30 Nov 2026 09:59:30 +0100",
    extra: Sequence[str] = (),
    body: str = "Bonjour,\r\n\r\nVeuillez trouver votre devis.\r\n\r\nCordialement\r\n",
) -> bytes:
    """An original message as the sender's software writes it."""
    headers = [
        f"From: {sender}",
        "To: client@example.org",
        f"Subject: {subject}",
        f"Date: {date}",
        "Message-ID: <42.devis@msg-sender.test>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        *extra,
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode("utf-8")


def sign(
    message: bytes,
    *,
    domain: str = "msg-sender.test",
    selector: str = "sel1",
    signer: str = "sender",
) -> bytes:
    """The message with a DKIM-Signature prepended (relaxed/relaxed, rsa-sha256)."""
    signature = dkim.sign(
        message,
        selector.encode(),
        domain.encode(),
        key(signer),
        include_headers=[
            h for h in SIGNED if h.decode() + ":" in message.decode("utf-8", "replace").lower()
        ],
        canonicalize=(b"relaxed", b"relaxed"),
    )
    return signature + message


def deliver(message: bytes, receiver_headers: Sequence[str]) -> bytes:
    """Receiver headers prepended, newest first, as the receiving side writes them."""
    return ("\r\n".join(receiver_headers) + "\r\n").encode() + message


GMAIL_RECEIVED = (
    "Received: by 2002:a05:6402:1234:b0:5d0:aaaa:bbbb with SMTP id x1csp123456edb;\r\n"
    "        Mon, 30 Nov 2026 01:00:02 -0800 (PST)",
    "Return-Path: <bounce@bounce.msg-sender.test>",
    "Received: from out.msg-sender.test (out.msg-sender.test. [192.0.2.10])\r\n"
    "        by mx.google.com with ESMTPS id a1si123456wrb.101.2026.11.30.01.00.01\r\n"
    "        for <client@example.org>\r\n"
    "        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n"
    "        Mon, 30 Nov 2026 01:00:01 -0800 (PST)",
)


def gmail(
    message: bytes, *, dkim_result: str = "pass", spf: str = "pass", dmarc: str = "pass"
) -> bytes:
    """Delivered to a Gmail mailbox: Gmail's Received, Received-SPF and Authentication-Results."""
    return deliver(
        message,
        [
            GMAIL_RECEIVED[0],
            "Authentication-Results: mx.google.com;\r\n"
            f"       dkim={dkim_result} header.i=@msg-sender.test header.s=sel1 header.b=AbCdEf12;\r\n"
            f"       spf={spf} (google.com: domain of bounce@bounce.msg-sender.test designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@bounce.msg-sender.test;\r\n"
            f"       dmarc={dmarc} (p=REJECT sp=REJECT dis=NONE) header.from=msg-sender.test",
            f"Received-SPF: {spf} (google.com: domain of bounce@bounce.msg-sender.test designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;",
            *GMAIL_RECEIVED[1:],
        ],
    )


@pytest.fixture
def analyse_here(dns_server: DnsServer) -> Callable[..., Report]:
    """Analyse a message against the loopback DNS server. The lookup timeout is generous: the
    tests assert verdicts, and a loaded machine must not turn one into "could not check"."""

    def run(raw: bytes | str, **options: object) -> Report:
        options.setdefault("deadline", 15.0)
        resolver = Resolver([dns_server.address], timeout=3.0)
        return asyncio.run(analyse(raw, resolver=resolver, **options))  # type: ignore[arg-type]

    return run
