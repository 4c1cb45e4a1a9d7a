"""Hostile zones that test a tool's bounds: answers far larger than any sane domain publishes.

    DnsServer([spf_bomb_zone("crafted.test"), big_txt_wildcard_zone("wild.test")])

Both come from an adversarial review of this project (its issue on resource bounds); the
tests and ``benchmarks/bounds.py`` use them, and they serve anyone's own CI as well.
"""

from __future__ import annotations

import dns.zone

from deliverability.testing._dns_server import zone_from_text

_STRING = 255
"""Octets of one character-string of a TXT record (RFC 1035 §3.3)."""


def txt_rdata(text: str) -> str:
    """``text`` as TXT rdata in master-file form: quoted strings of at most 255 octets."""
    return " ".join(f'"{text[start : start + _STRING]}"' for start in range(0, len(text), _STRING))


def spf_bomb_zone(
    origin: str, *, names: int = 50, records: int = 10, record_size: int = 3900
) -> dns.zone.Zone:
    """An SPF include tree of ``names`` names, each with ``records`` TXT records of
    ``record_size`` octets; every name of the zone (``x.<origin>`` too) has the tree's root record.

    The root includes every other name (``n1`` … ``n<names-1>``); each name's SPF record
    authorises one address of 192.0.2.0/24 and is padded to ``record_size`` octets by an
    unknown modifier (which RFC 7208 §6 tells evaluators to ignore); its other records are
    padding. An evaluation stops at the 10-lookup limit; a walk counts to its cap.
    """
    includes = " ".join(f"include:n{number}.{origin}" for number in range(1, names))
    lines = [f"$TTL 3600\n@ SOA ns.{origin}. hostmaster.{origin}. 1 3600 600 86400 3600"]
    root = _padded(f"v=spf1 {includes}", "-all", record_size)
    for owner in ("@", "*"):
        lines.append(f"{owner} TXT {txt_rdata(root)}")
        lines.extend(_padding(owner, records - 1, record_size))
    for number in range(1, names):
        owner = f"n{number}"
        record = _padded(f"v=spf1 ip4:192.0.2.{number % 256}", "-all", record_size)
        lines.append(f"{owner} TXT {txt_rdata(record)}")
        lines.extend(_padding(owner, records - 1, record_size))
    return zone_from_text("\n".join(lines) + "\n", origin, source=f"{origin} (SPF bomb)")


def big_txt_wildcard_zone(origin: str, *, size: int = 60_000) -> dns.zone.Zone:
    """Every name under ``origin`` answers one TXT record of ``size`` octets (a wildcard)."""
    text = ("x" * size)[:size]
    zone = f"$TTL 3600\n@ SOA ns.{origin}. hostmaster.{origin}. 1 3600 600 86400 3600\n"
    return zone_from_text(
        zone + f"* TXT {txt_rdata(text)}\n", origin, source=f"{origin} (big TXT wildcard)"
    )


def _padded(head: str, tail: str, size: int) -> str:
    filler = max(0, size - len(head) - len(tail) - len(" x-pad= "))
    return f"{head} x-pad={'p' * filler} {tail}"


def _padding(owner: str, count: int, size: int) -> list[str]:
    # Distinct records (an RRset holds each rdata once), none of them SPF.
    return [
        f"{owner} TXT {txt_rdata(f'pad{index:02d}=' + 'q' * (size - 6))}" for index in range(count)
    ]
