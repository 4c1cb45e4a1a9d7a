"""The French reader reads French: no sentence of the English catalogue, no English setting name.

A French rendering is searched for *fragments* of English messages: the literal text between
the placeholders of every msgid that French translates differently, when it is at least three
words long and no French message uses it too (technical text such as ``v=DMARC1`` is shared).
The same search over the English rendering must find them, so the check can fail.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from deliverability import dkim, dmarc
from deliverability.advice import Platform
from deliverability.cli import main
from deliverability.codes import REGISTRY, finding, localize
from deliverability.codes import dkim as dkim_codes
from deliverability.codes import dmarc as dmarc_codes
from deliverability.codes import spf as spf_codes
from deliverability.context import Context
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.errors import DeliverabilityError
from deliverability.facts import Facts
from deliverability.i18n import catalogue
from deliverability.report import Finding, Report
from deliverability.spf import SpfSyntaxError, parse_record
from deliverability.target import TargetError, parse_target
from deliverability.testing import DnsServer

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@cache
def english_fragments() -> frozenset[str]:
    """Three words or more of English that only the English catalogue says."""
    french = catalogue("fr")
    translations = " ".join(french.values())
    fragments = set()
    for msgid, msgstr in french.items():
        if msgid == msgstr:
            continue
        for piece in _PLACEHOLDER.split(msgid.replace("{{", "{").replace("}}", "}")):
            piece = piece.strip(" .,;:()'\"")
            if len(re.findall(r"[A-Za-z]+", piece)) >= 3 and piece not in translations:
                fragments.add(piece)
    return frozenset(fragments)


def english_in(text: str) -> list[str]:
    return sorted(fragment for fragment in english_fragments() if fragment in text)


def human_text(report: Report) -> Iterator[str]:
    """Every field of a report written for a person (evidence is what peers said: not ours)."""
    for item in report.findings:
        yield from (item.title, item.detail, item.fix)
    for change in report.changes:
        yield from (change.why, change.label)


def _report(findings: Iterable[Finding]) -> Report:
    return Report(
        target="x.test",
        domain="x.test",
        checked_at=datetime(2026, 11, 30, tzinfo=UTC),
        duration_ms=1,
        dns_queries=1,
        findings=list(findings),
    )


BAD_SPF = (
    "v=spf1 ip4:192.0.2.300 -all",
    "v=spf1 a -al",
    "v=spf1 a:foo-bar -all",
    "v=spf1 ip4:192.0.2.1/33",
    "v=spf1 ip4:192.0.2.1/032",
    "v=spf1 ip6:2001:db8::/129",
    "v=spf1 ip6:2001:db8::zz",
    "v=spf1 mx//129",
    "v=spf1 a/24/64",
    "v=spf1 a:",
    "v=spf1 include:",
    "v=spf1 ip4",
    "v=spf1 ptr/24",
    "v=spf1 all:x",
    "v=spf1 redirect=a.example.com redirect=b.example.com",
    "v=spf1 exp=",
    "v=spf1 foo=%x",
    "v=spf1 foo=%",
    "v=spf1 exists:%{z}.example.com",
    "v=spf1 exists:%{c}.example.com",
    "v=spf1 exists:%{i0}.example.com",
    "v=spf1 exists:%{i|}.example.com",
    "v=spf1 exists:%{}.example.com",
    "v=spf1 exists:%{i.example.com",
    "v=spf1 a:example.com\tmx",
    "v=spf1 1up=foo",
    "v=spf1x",
    "v=spf1 redirect=",
    "v=spf1 a:192.0.2.1",
)
BAD_DMARC = (
    "",
    "v=DMARC2; p=none",
    "v=DMARC1; p=none; nonsense",
    "v=DMARC1; p=none; p=reject",
    "v=DMARC1; p=maybe",
    "v=DMARC1; rua=mailto:d@example.com",
)
BAD_DKIM = (
    "",
    "p=" + "A" * 4100,
    "k=rsa; v=DKIM1; p=",
    "v=DKIM2; p=",
    "v=DKIM1; k=dsa; p=",
    "v=DKIM1; h=sha1; p=",
    "v=DKIM1; s=other; p=",
    "v=DKIM1; k=rsa",
    "v=DKIM1; p=!!!",
    "v=DKIM1; k=ed25519; p=AAAA",
    "v=DKIM1; p=AAAA",
    "v=DKIM1; x; p=",
    "v=DKIM1; t=y; t=s; p=",
)


def _raised(parse: object, text: str) -> DeliverabilityError:
    try:
        parse(text)  # type: ignore[operator]
    except DeliverabilityError as error:
        return error
    raise AssertionError(f"{text!r} parsed")


def parser_findings() -> Iterator[Finding]:
    """A finding for every parser error this file provokes, with its reason as a Phrase."""
    names = {"domain": "x.test", "policy_domain": "x.test"}
    for text in BAD_SPF:
        error = _raised(parse_record, text)
        assert isinstance(error, SpfSyntaxError)
        yield finding(spf_codes.SYNTAX, {**names, "error": error.phrase, "record": text})
    for text in BAD_DMARC:
        yield finding(
            dmarc_codes.SYNTAX, {**names, "reason": _raised(dmarc.parse_record, text).phrase}
        )
    for text in BAD_DKIM:
        yield finding(
            dkim_codes.SYNTAX,
            {
                "selector": "dx1",
                "name": "dx1._domainkey.x.test",
                "reason": _raised(dkim.parse_record, text).phrase,
            },
        )


def every_code() -> Iterator[Finding]:
    """Every registered code, each placeholder filled with a value that is not English text."""
    for code in REGISTRY.values():
        names = {name for template in code.templates for name in _PLACEHOLDER.findall(template)}
        params = {name.strip("{}").split(":")[0].split("!")[0]: "x1.test" for name in names}
        yield finding(code, params)


def test_the_check_can_fail() -> None:
    """The English rendering of the same findings is caught: the search is not blind."""
    english = _report(parser_findings())
    caught = [item.code for item in english.findings if english_in(item.detail)]
    assert len(caught) == len(english.findings), "every parser reason is an English sentence"
    assert sum(1 for item in every_code() if english_in(item.title + item.detail + item.fix)) > (
        len(REGISTRY) * 0.8
    )


def test_parser_reasons_are_rendered_in_french() -> None:
    french = localize(_report(parser_findings()), "fr")
    leaks = {text: english_in(text) for text in human_text(french) if english_in(text)}
    assert not leaks


def test_every_code_is_rendered_in_french() -> None:
    french = localize(_report(every_code()), "fr")
    leaks = {text: english_in(text) for text in human_text(french) if english_in(text)}
    assert not leaks


@pytest.mark.parametrize(
    "text",
    (
        "artisan@@wanadoo.fr",
        "@example.fr",
        '"a b"@example.fr',
        "https:///x",
        "a<b@example.fr",
        "x@[192.0.2.1]",
    ),
)
def test_target_errors_are_worded_in_french(text: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)
    assert english_in(caught.value.message("en"))
    assert not english_in(caught.value.message("fr"))


def test_a_web_address_is_reported_in_french() -> None:
    from deliverability.checks import target as target_checks

    target = parse_target("https://www.example.fr/contact")
    report = _report(target_checks.check(Facts(), Context(target)))
    assert english_in(report.findings[0].detail)
    assert not [english_in(text) for text in human_text(localize(report, "fr")) if english_in(text)]


def _demo(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["demo", "--lang", "fr", *args]) == 0
    return capsys.readouterr().out


SETTING_NAMES = re.compile(
    r"SMTP server|SMTP login|SMTP port|SMTP security|\busername\b|\bdomain\b|\bPLATFORM\b"
    r"|^\s+\d+\. \S+\s+(From|Reply-To)$",
    re.MULTILINE,
)


def test_the_french_demo_has_no_english(capsys: pytest.CaptureFixture[str]) -> None:
    text = _demo(capsys)
    assert "Serveur SMTP" in text, "the demo still shows the free-mail settings"
    assert not [m.group(0) for m in SETTING_NAMES.finditer(text)]
    reports = [
        Report.model_validate(item) for item in json.loads(_demo(capsys, "--format", "json"))
    ]
    leaks = {t: english_in(t) for report in reports for t in human_text(report) if english_in(t)}
    assert not leaks
    english = [localize(report, "en") for report in reports]
    assert any(english_in(t) for report in english for t in human_text(report))


def _test_world(dns_server: DnsServer, lang: str) -> list[Report]:
    """The reports of the whole test world (every zone file the tests serve), for a platform."""
    platform = Platform(
        name="Devis Express",
        spf_include="_spf.adv-platform.test",
        sending_ips=["203.0.113.10", "2001:db8::25"],
        return_path_domain="bounce.adv-platform.test",
        helo="out1.adv-platform.test",
        dkim_selectors=["dx1"],
        from_domain="adv-platform.test",
    )
    zones = sorted({path.stem for path in Path(__file__).parent.glob("**/zones/*.zone")})
    resolver = Resolver([dns_server.address], timeout=3)  # generous: the machine may be busy

    async def everything() -> list[Report]:
        running = asyncio.Semaphore(8)

        async def one(zone: str) -> Report:
            async with running:
                return await diagnose(
                    f"postmaster@{zone}", platform=platform, resolver=resolver, lang=lang
                )

        return list(await asyncio.gather(*(one(zone) for zone in zones)))

    return asyncio.run(everything())


def test_every_test_zone_reads_in_french(dns_server: DnsServer) -> None:
    reports = _test_world(dns_server, "fr")
    assert len({f.code for report in reports for f in report.findings}) > 30
    leaks = {t: english_in(t) for report in reports for t in human_text(report) if english_in(t)}
    assert not leaks


def test_an_english_diagnosis_has_the_text_localize_would_write(dns_server: DnsServer) -> None:
    """Findings and changes are written in English as they are made, so an English diagnosis
    skips rendering them again: the text must be what rendering again would give."""
    reports = _test_world(dns_server, "en")
    assert len({f.code for report in reports for f in report.findings}) > 30
    assert [localize(report, "en") for report in reports] == reports
