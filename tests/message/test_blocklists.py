"""A message against the DNS blocklists (on by default): the connecting address, the From
domain and the linked domains, answered by the lists mirrored under ``bl.test``
(tests/reputation/zones/bl.test.zone). Listed, not listed, or not tested — never a refusal
or a failed lookup read as "listed"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from deliverability import blocklists
from deliverability.codes import blocklist as blocklist_codes
from deliverability.dns import Resolver
from deliverability.message import analyse_message
from deliverability.message._blocklists import MAX_LINKED_DOMAINS, linked_domains
from deliverability.report import Report, Severity
from deliverability.testing import DnsServer

from .conftest import build

KEY = "abcdefghijklmnopqrstuvwxyz"
MIRROR = blocklists.catalogue().mirrored("bl.test")


def html(*hrefs: str, text: str = "") -> str:
    links = "".join(f'<p><a href="{href}">Votre devis</a></p>' for href in hrefs)
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        f"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVotre devis. {text}\r\n"
        f"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>{links}</body></html>\r\n"
        "--b--\r\n"
    )


def message(*hrefs: str, sender: str = "Artisan <devis@msg-sender.test>", text: str = "") -> bytes:
    """A message with links (its MIME headers come with the body)."""
    head, _, body = html(*hrefs, text=text).partition("\r\n\r\n")
    raw = build(sender=sender, body=body).decode()
    return raw.replace("Content-Type: text/plain; charset=utf-8", head.split("\r\n", 1)[1]).encode()


def subjects(report: Report, role: str) -> set[str]:
    assert report.facts.blocklist is not None
    return {q.subject for q in report.facts.blocklist.queries if q.role == role}


def listed(report: Report) -> dict[str, Severity]:
    return {
        f"{f.params['list_id']}:{f.params['subject']}": f.severity
        for f in report.findings
        if f.code == "blocklist.listed"
    }


def test_connecting_address_from_domain_and_links_are_asked(
    analyse_here: Callable[..., Report],
) -> None:
    raw = message("https://www.spammy.example/devis", "https://shop.msg-sender.test/")
    report = analyse_here(raw, client_ip="192.0.2.2", blocklists=MIRROR)
    assert subjects(report, "connecting") == {"192.0.2.2"}
    assert subjects(report, "domain") == {"msg-sender.test"}
    # the registered domain of each link, the From domain's own links left out
    assert subjects(report, "linked") == {"spammy.example"}
    assert listed(report) == {
        "spamhaus-zen:192.0.2.2": Severity.CRITICAL,  # SBL and XBL
        "spamhaus-dbl:spammy.example": Severity.CRITICAL,  # a DBL spam domain
    }
    roles = {f.params["role"] for f in report.findings if f.code == "blocklist.listed"}
    assert roles == {"connecting", "linked"}
    assert report.facts.message is not None
    assert "www.spammy.example" in report.facts.message.content.link_domains


def test_the_from_domain_against_the_domain_lists(analyse_here: Callable[..., Report]) -> None:
    report = analyse_here(build(sender="x@spammy.example"), blocklists=MIRROR)
    assert listed(report) == {"spamhaus-dbl:spammy.example": Severity.CRITICAL}
    finding = next(f for f in report.findings if f.code == "blocklist.listed")
    assert finding.params["role"] == "domain"


def test_refusals_are_not_tested_never_listed(analyse_here: Callable[..., Report]) -> None:
    report = analyse_here(
        message("http://uribl-refused.example/"), client_ip="192.0.2.3", blocklists=MIRROR
    )
    # Spamhaus refused (127.255.255.254), URIBL refused (127.0.0.1): neither is a listing
    assert listed(report) == {"barracuda:192.0.2.3": Severity.ERROR}
    refused = {
        f.params["list_id"]: f.params["subjects"]
        for f in report.findings
        if f.code == "blocklist.refused"
    }
    assert refused["spamhaus-zen"] == ["192.0.2.3"]
    assert refused["uribl"] == ["uribl-refused.example"]
    assert all(
        f.severity == Severity.INFO for f in report.findings if f.code == "blocklist.refused"
    )


def test_failed_lookups_are_not_tested(analyse_here: Callable[..., Report]) -> None:
    catalogue = blocklists.catalogue().mirrored("servfail.test")
    report = analyse_here(
        message("https://spammy.example/"), client_ip="192.0.2.2", blocklists=catalogue
    )
    codes = report.codes("blocklist")
    assert "blocklist.unavailable" in codes
    assert not codes & {"blocklist.listed", "blocklist.ok"}


def test_a_clean_message_is_not_listed(analyse_here: Callable[..., Report]) -> None:
    report = analyse_here(build(), client_ip="198.51.100.7", blocklists=MIRROR)
    assert "blocklist.ok" in report.codes()
    assert not report.codes() & {"blocklist.listed", "blocklist.not_queried"}


@pytest.mark.parametrize("address", ["10.0.0.1", "127.0.0.1", "fd00::1", "169.254.1.1"])
def test_a_private_connecting_address_is_not_asked(
    analyse_here: Callable[..., Report], address: str
) -> None:
    report = analyse_here(build(), client_ip=address, blocklists=MIRROR)
    assert subjects(report, "connecting") == set()
    assert report.facts.blocklist is not None
    assert [(s.subject, s.reason) for s in report.facts.blocklist.skipped] == [
        (address, "private_address")
    ]
    finding = next(f for f in report.findings if f.code == "blocklist.not_queried")
    assert finding.params["subjects"] == [address]
    assert finding.severity == Severity.INFO
    assert "not listed" not in finding.title  # "not tested", never "not listed"


def test_linked_domains_are_bounded(analyse_here: Callable[..., Report]) -> None:
    hrefs = [f"https://site{n}.example/" for n in range(MAX_LINKED_DOMAINS + 5)]
    report = analyse_here(message(*hrefs), blocklists=MIRROR)
    assert len(subjects(report, "linked")) == MAX_LINKED_DOMAINS
    assert report.facts.blocklist is not None
    left_out = [s.subject for s in report.facts.blocklist.skipped if s.reason == "over_limit"]
    assert left_out == [
        f"site{n}.example" for n in range(MAX_LINKED_DOMAINS, MAX_LINKED_DOMAINS + 5)
    ]
    assert "blocklist.not_queried" in report.codes()


def test_the_limit_in_the_finding_is_the_limit_applied() -> None:
    assert f"first {MAX_LINKED_DOMAINS} linked" in blocklist_codes.SKIP_LABELS["over_limit"]


def test_no_blocklists(analyse_here: Callable[..., Report]) -> None:
    report = analyse_here(
        message("https://spammy.example/"), client_ip="192.0.2.2", blocklists=False
    )
    assert report.facts.blocklist is None
    assert not report.codes("blocklist")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_key_is_used_and_never_shown(analyse_here: Callable[..., Report], lang: str) -> None:
    report = analyse_here(
        build(), client_ip="192.0.2.2", blocklists=MIRROR, spamhaus_key=KEY, lang=lang
    )
    assert report.facts.blocklist is not None and report.facts.blocklist.dqs
    finding = next(f for f in report.findings if f.code == "blocklist.listed")
    assert finding.params["codes"] == ["127.0.0.3"]  # the DQS answer (CSS), not the public one
    assert KEY not in report.model_dump_json() and KEY not in repr(report)
    # every output format: tests/message/test_cli.py


def test_analyse_message_takes_the_key_from_the_environment(
    dns_server: DnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pinned entry point: blocklists on, the key from DELIVERABILITY_SPAMHAUS_KEY. The
    packaged lists are asked (the loopback server knows none of them), through the DQS names."""
    monkeypatch.setenv(blocklists.KEY_VARIABLE, KEY)
    resolver = Resolver([dns_server.address], timeout=3.0)
    report = asyncio.run(analyse_message(build(), resolver=resolver, client_ip="192.0.2.2"))
    assert report.facts.blocklist is not None and report.facts.blocklist.dqs
    names = [q.lookup.name for q in report.facts.blocklist.queries]
    assert any(".<key>.zen.dq.spamhaus.net" in name for name in names)
    assert KEY not in report.model_dump_json()
    # nothing answered: every list is "not tested", none "not listed"
    assert "blocklist.ok" not in report.codes() and "blocklist.listed" not in report.codes()


def test_a_malformed_key_in_the_environment_is_refused_without_repeating_it(
    dns_server: DnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deliverability.errors import SpamhausKeyError

    monkeypatch.setenv(blocklists.KEY_VARIABLE, f"{KEY}.evil")
    with pytest.raises(SpamhausKeyError) as raised:
        asyncio.run(analyse_message(build(), resolver=Resolver([dns_server.address])))
    assert KEY not in raised.value.message("en") and KEY not in str(raised.value)


@pytest.mark.parametrize(
    ("hosts", "exclude", "expected"),
    [
        (["www.shop.example.co.uk", "shop.example.co.uk"], None, ["example.co.uk"]),
        (["mail.msg-sender.test", "other.example"], "msg-sender.test", ["other.example"]),
        (["192.0.2.1", "[2001:db8::1]", "bad name.example", "ok.example"], None, ["ok.example"]),
        (["bücher.example"], None, ["xn--bcher-kva.example"]),
    ],
)
def test_linked_domains(hosts: list[str], exclude: str | None, expected: list[str]) -> None:
    assert linked_domains(hosts, exclude=exclude) == expected
