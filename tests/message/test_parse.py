"""Reading a message is pure and bounded: hops, the boundary, identities, size limits."""

from __future__ import annotations

import pytest

from deliverability.errors import MessageTooLarge
from deliverability.message import MAX_MESSAGE_BYTES, MAX_RECEIVED, Envelope
from deliverability.message._parse import connecting_address, read
from deliverability.message._received import parse_hop

from .conftest import GMAIL_RECEIVED, build, gmail


@pytest.mark.parametrize(
    ("header", "helo", "from_ip", "by", "protocol", "tls"),
    [
        (
            "from out.example.com (out.example.com. [192.0.2.10]) by mx.google.com with ESMTPS id x"
            " (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 30 Nov 2026 01:00:01 -0800 (PST)",
            "out.example.com",
            "192.0.2.10",
            "mx.google.com",
            "ESMTPS",
            True,
        ),
        (
            "from out.example.com (192.0.2.10) by AMS0EPF000001A0.mail.protection.outlook.com (10.167.16.237)"
            " with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.1 via"
            " Frontend Transport; Mon, 30 Nov 2026 09:00:01 +0000",
            "out.example.com",
            "192.0.2.10",
            "AMS0EPF000001A0.mail.protection.outlook.com",
            "Microsoft SMTP Server",
            True,
        ),
        (
            "from 192.0.2.10 (EHLO out.example.com) by 10.217.151.75 with SMTPs; Mon, 30 Nov 2026 09:00:01 +0000",
            "out.example.com",
            "192.0.2.10",
            "10.217.151.75",
            "SMTPs",
            None,
        ),
        (
            "from [2001:db8::25] (helo=out.example.com) by mx.example.net with esmtp (Exim 4.96); Mon, 30 Nov 2026 09:00:01 +0000",
            "out.example.com",
            "2001:db8::25",
            "mx.example.net",
            "esmtp",
            False,
        ),
        (
            "by 2002:a05:6402:1234::1 with SMTP id x1; Mon, 30 Nov 2026 01:00:02 -0800",
            None,
            None,
            "2002:a05:6402:1234::1",
            "SMTP",
            False,
        ),
        ("garbage (((( ;;;", None, None, None, None, None),
    ],
)
def test_received_headers(header, helo, from_ip, by, protocol, tls) -> None:
    hop = parse_hop(header, 1)
    assert (hop.helo, hop.from_ip, hop.by, hop.protocol, hop.tls) == (
        helo,
        from_ip,
        by,
        protocol,
        tls,
    )


def test_hops_are_ordered_from_the_sender_with_their_delays() -> None:
    parsed = read(gmail(build()))
    assert [hop.by for hop in parsed.hops] == [
        "mx.google.com",
        "2002:a05:6402:1234:b0:5d0:aaaa:bbbb",
    ]
    assert parsed.hops[0].delay_seconds == 31.0  # after the Date header (09:59:30 +0100)
    assert parsed.hops[1].delay_seconds == 1.0
    assert parsed.boundary == 1
    assert parsed.hops[1].internal and not parsed.hops[0].internal


def test_the_connecting_address_says_where_it_came_from() -> None:
    delivered = read(gmail(build()))
    bare = read(build())
    boundary = connecting_address(delivered, None, None, [])
    assert (boundary.source, boundary.tls) == ("boundary", True)
    assert connecting_address(bare, None, "203.0.113.5", []).source == "option"
    assert connecting_address(bare, None, None, ["192.0.2.25"]).source == "platform"
    assert connecting_address(bare, None, None, []).source == "unknown"
    known = connecting_address(
        delivered, Envelope(client_ip="198.51.100.1", helo="h.example", tls=False), None, []
    )
    assert (known.ip, known.helo, known.source, known.tls) == (
        "198.51.100.1",
        "h.example",
        "receiver",
        False,
    )


def test_received_spf_tells_the_address_when_the_received_line_does_not() -> None:
    message = (
        b"Received-SPF: pass (example.net: domain of b@example.com designates 192.0.2.44 as permitted sender)"
        b" client-ip=192.0.2.44;\r\nReceived: from out.example.com by mx.example.net; Mon, 30 Nov 2026 09:00:01 +0000\r\n"
    ) + build()
    connecting = connecting_address(read(message), None, None, [])
    assert (connecting.ip, connecting.source) == ("192.0.2.44", "received-spf")


def test_pasted_headers_are_a_header_block() -> None:
    parsed = read(
        "\n".join(GMAIL_RECEIVED).replace("\r\n", "\n") + "\nFrom: a@example.com\nSubject: x\n"
    )
    assert parsed.headers_only
    assert parsed.identities.from_addresses == ["a@example.com"]


def test_a_message_over_25_mb_is_refused() -> None:
    with pytest.raises(MessageTooLarge) as caught:
        read(b"x" * (MAX_MESSAGE_BYTES + 1))
    assert caught.value.limit == MAX_MESSAGE_BYTES
    assert "octets" in caught.value.message("fr")


def test_ten_thousand_received_headers_are_bounded() -> None:
    received = "".join(
        f"Received: from h{i}.example.com ([192.0.2.1]) by h{i + 1}.example.com; Mon, 30 Nov 2026 09:00:01 +0000\r\n"
        for i in range(10_000)
    )
    parsed = read(received.encode() + build())
    assert parsed.received_total == 10_000
    assert len(parsed.hops) == MAX_RECEIVED


def test_header_values_are_bounded_and_valid_text() -> None:
    parsed = read(b"Subject: " + b"\xff" * 10_000 + b"\r\nFrom: a@example.com\r\n\r\nbody")
    assert len(parsed.identities.subject or "") <= 2001
    assert "\ufffd" in (parsed.identities.subject or "")
