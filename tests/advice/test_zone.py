"""The zone-file renderer: lines a DNS host accepts, that mean exactly the proposed value."""

from __future__ import annotations

import dns.rdataclass
import dns.rdatatype
import dns.zone
import pytest

from deliverability.render import text, zone
from deliverability.report import Change


def change(name: str, rdtype: str, proposed: str, kind: str = "dns") -> Change:
    return Change(kind=kind, name=name, type=rdtype, proposed=proposed, why="because")  # type: ignore[arg-type]


def parsed(line: str, name: str, rdtype: str):
    """The line read back by dnspython's zone-file parser, as a DNS host's import would."""
    loaded = dns.zone.from_text(
        "$ORIGIN example.com.\n@ 300 IN SOA ns hostmaster 1 3600 600 86400 60\n" + line + "\n",
        check_origin=False,
    )
    return loaded.find_rdataset(name + ".", dns.rdatatype.from_text(rdtype))


def test_dmarc_starter() -> None:
    line = zone.zone_line(
        change("_dmarc.example.com", "TXT", "v=DMARC1; p=none; rua=mailto:dmarc@example.com")
    )
    assert (
        line == '_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@example.com"'
    )


def test_cname_target_is_absolute() -> None:
    line = zone.zone_line(
        change("dx1._domainkey.example.com", "CNAME", "dx1._domainkey.platform.example")
    )
    assert line == "dx1._domainkey.example.com. 3600 IN CNAME dx1._domainkey.platform.example."
    [record] = parsed(line or "", "dx1._domainkey.example.com", "CNAME")
    assert record.target.to_text() == "dx1._domainkey.platform.example."


@pytest.mark.parametrize(
    "value",
    (
        "v=spf1 include:_spf.platform.example ~all",
        "v=spf1 "
        + " ".join(f"ip4:192.0.2.{n}" for n in range(60))
        + " -all",  # over 255 octets: several strings
        'v=spf1 exp=%{d} "quoted" back\\slash ; semicolon -all',
        "hostile\nnew line\x1b[31m and \x00 nul",
        "non-ASCII: é ✓",
        "",
    ),
)
def test_txt_round_trips_exactly(value: str) -> None:
    line = zone.zone_line(change("example.com", "TXT", value))
    assert line is not None and "\n" not in line and "\x1b" not in line
    [record] = parsed(line, "example.com", "TXT")
    assert b"".join(record.strings) == value.encode("utf-8")
    assert all(len(part) <= 255 for part in record.strings)


@pytest.mark.parametrize(
    "item",
    (
        change("smtp.example.com", "host", "smtp.example.com", kind="smtp"),
        change("From", "address", "noreply@platform.example", kind="platform"),
        change("example.com", "CNAME", "not a host name!"),
        change("a..b.example.com", "TXT", "x"),
    ),
)
def test_what_cannot_be_a_zone_line_is_left_out(item: Change) -> None:
    assert zone.zone_line(item) is None
    assert zone.lines([item]) == []


def test_a_change_of_unknown_type_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="type"):
        change("example.com", "NOSUCHTYPE", "x")


def test_report_changes_in_order(diagnose_for_platform) -> None:
    report = diagnose_for_platform("adv-noinclude.test")
    lines = zone.render(report).splitlines()
    cname = "dx1._domainkey.adv-noinclude.test. 3600 IN CNAME dx1._domainkey.adv-platform.test."
    dmarc = (
        "_dmarc.adv-noinclude.test. 3600 IN TXT "
        '"v=DMARC1; p=reject; rua=mailto:dmarc@adv-noinclude.test"'
    )
    assert lines.index(cname) < lines.index(dmarc)  # highest impact first, as in the report
    assert len(lines) == len([c for c in report.changes if c.kind == "dns"])


def test_nothing_to_change_renders_nothing(diagnose_for_platform) -> None:
    report = diagnose_for_platform("adv-healthy.test")
    assert report.changes == [] and zone.render(report) == ""


@pytest.mark.parametrize(
    ("lang", "heading"), (("en", "ready to paste:"), ("fr", "prêtes à coller :"))
)
def test_text_report_ends_with_the_zone_lines(
    diagnose_for_platform, lang: str, heading: str
) -> None:
    rendered = text.render_report(diagnose_for_platform("adv-reject.test", lang=lang))
    tail = rendered[rendered.index(heading) :].splitlines()
    assert (
        "    dx1._domainkey.adv-reject.test. 3600 IN CNAME dx1._domainkey.adv-platform.test."
        in tail
    )
