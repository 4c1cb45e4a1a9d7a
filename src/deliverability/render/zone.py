"""A report's DNS changes as zone-file lines, ready to paste into a zone or a DNS host's import.

    _dmarc.example.com. 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"

Names are absolute (trailing dot) so a line means the same whatever the zone's origin. TXT
values are split into strings of at most 255 octets and escaped by dnspython's own
presentation code, so a proposal that carries text from DNS (a merged SPF record keeps the
existing terms) cannot break out of its quotes. A value that is not valid for its type is left
out rather than printed broken.
"""

from __future__ import annotations

from collections.abc import Iterable

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
from dns.rdtypes.ANY.TXT import TXT

from deliverability.report import Change, Report

TTL = 3600
"""An hour: short enough to correct a mistake the same day, long enough not to load the DNS host."""

_TXT_CHUNK = 255


def render(report: Report) -> str:
    """Every DNS change of the report as zone-file lines (empty when there is none)."""
    return "".join(line + "\n" for line in lines(report.changes))


def lines(changes: Iterable[Change]) -> list[str]:
    """One zone-file line per DNS change that can be written as one, in the order given."""
    found = []
    for change in changes:
        line = zone_line(change)
        if line is not None:
            found.append(line)
    return found


def zone_line(change: Change) -> str | None:
    """``name. TTL IN TYPE value`` for a DNS change; None for other kinds or an unwritable value."""
    if change.kind != "dns":
        return None
    try:
        name = dns.name.from_text(change.name).to_text()
        rdtype = dns.rdatatype.from_text(change.type)
        rdata = _rdata(rdtype, change.proposed)
    except (dns.exception.DNSException, ValueError, UnicodeError):
        return None
    return f"{name} {TTL} IN {dns.rdatatype.to_text(rdtype)} {rdata.to_text()}"


def _rdata(rdtype: dns.rdatatype.RdataType, value: str) -> dns.rdata.Rdata:
    if rdtype == dns.rdatatype.TXT:
        data = value.encode("utf-8")
        chunks = [
            data[start : start + _TXT_CHUNK] for start in range(0, len(data), _TXT_CHUNK)
        ] or [b""]
        return TXT(dns.rdataclass.IN, rdtype, chunks)
    text = value if value.endswith(".") or rdtype not in _NAME_TYPES else value + "."
    return dns.rdata.from_text(dns.rdataclass.IN, rdtype, text)


_NAME_TYPES = frozenset({dns.rdatatype.CNAME, dns.rdatatype.NS, dns.rdatatype.PTR})
