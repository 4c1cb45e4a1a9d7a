"""The report's size budget: a hostile zone cannot make a report larger than 1 MB."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from deliverability.advice.platform import Platform
from deliverability.budget import DEFAULT_MAX_BYTES, MARK, _estimate, bound, size
from deliverability.context import Context
from deliverability.diagnosis import assemble, diagnose
from deliverability.dns import Resolver
from deliverability.facts import Facts, LookupFact, MxFacts
from deliverability.facts.smtp import Session, SubmissionFacts
from deliverability.report import Change, Finding, Report, Severity
from deliverability.submission import RULES as SUBMISSION_RULES
from deliverability.target import Target
from deliverability.testing import DnsServer, spf_bomb_zone

PLATFORM = Platform(
    name="Devis Express",
    spf_include="_spf.platform.example",
    sending_ips=[f"203.0.113.{host}" for host in range(1, 17)],
    return_path_domain="bounce.platform.example",
    helo="out1.platform.example",
    from_domain="platform.example",
)


@pytest.fixture(scope="module")
def bomb() -> Iterator[DnsServer]:
    with DnsServer([spf_bomb_zone("spf-bomb.test")]) as server:
        yield server


def test_the_crafted_domain_gives_a_report_under_one_megabyte(bomb: DnsServer) -> None:
    # 50 names x 10 TXT records of 3,900 bytes, 16 platform addresses: 27.5 MB unbounded.
    resolver = Resolver([bomb.address], timeout=5)
    report = asyncio.run(
        diagnose("spf-bomb.test", platform=PLATFORM, resolver=resolver, deadline=60)
    )
    written = report.model_dump_json(indent=2)
    assert len(written.encode()) <= DEFAULT_MAX_BYTES
    assert report.truncated, "the report does not say it was cut"
    assert any(part.startswith("facts.spf") for part in report.truncated)
    assert MARK in written
    assert "spf.ok" not in report.codes()  # the verdicts survive the cut
    assert report.codes("spf")


def test_the_budget_holds_in_french_too(bomb: DnsServer) -> None:
    resolver = Resolver([bomb.address], timeout=5)
    report = asyncio.run(
        diagnose("x.spf-bomb.test", platform=PLATFORM, resolver=resolver, lang="fr", deadline=60)
    )
    assert size(report) <= DEFAULT_MAX_BYTES
    assert report.lang == "fr" and report.truncated


def _report(*, evidence: int = 1, findings: int = 1, records: int = 1) -> Report:
    lookup = LookupFact(
        name="example.com", rdtype="MX", outcome="answer", records=["10 mx.example.com."] * records
    )
    return Report(
        target="example.com",
        domain="example.com",
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_ms=1,
        dns_queries=1,
        facts=Facts(mx=MxFacts(lookup=lookup)),
        findings=[
            Finding(
                code="mx.ok",
                check="mx",
                severity=Severity.ERROR if number == 0 else Severity.INFO,
                title=f"finding {number}",
                detail="d",
                fix="f",
                evidence=["e" * 100] * evidence,
            )
            for number in range(findings)
        ],
        changes=[Change(kind="dns", name="example.com", type="TXT", proposed="p" * 5000, why="w")],
    )


def test_a_report_within_the_budget_is_left_as_it_is() -> None:
    report = _report()
    assert bound(report) is report
    assert report.truncated == []


@pytest.mark.parametrize(
    "text",
    [
        "\x01" * 3000,  # each written as an escape, \u0001: six bytes for one counted
        '"\\' * 1500,
        "é€𝄞" * 1000,
        "",
        "x",
    ],
)
def test_a_report_is_never_longer_than_its_estimate_allows(text: str) -> None:
    """Reports under a sixth of the budget by their estimate are not serialised to be
    measured: whatever their texts, keys and numbers, six times the estimate is enough."""
    lookup = LookupFact(name=text, rdtype="TXT", outcome="answer", records=[text] * 40 + [""] * 40)
    report = _report().model_copy(
        update={
            "facts": Facts(mx=MxFacts(lookup=lookup)),
            "findings": [
                Finding(
                    code="mx.ok",
                    check="mx",
                    severity=Severity.INFO,
                    title=text,
                    detail=text,
                    fix="",
                    params={text[:50]: text, "n": 10**300, "m": -(10**299), "f": 1.5e-300},
                    evidence=[text, "", text],
                )
            ]
            * 20,
        }
    )
    assert size(report) <= 6 * _estimate(report)
    assert bound(report, max_bytes=6 * _estimate(report)) is report


def test_long_integers_count_by_their_digits() -> None:
    huge = {f"n{number}": -(10**300) for number in range(50)}
    finding = Finding(
        code="mx.ok", check="mx", severity=Severity.INFO, title="t", detail="d", fix="", params=huge
    )
    report = _report().model_copy(update={"findings": [finding], "changes": []})
    assert size(report) <= _estimate(report) <= 6 * _estimate(report)


def test_long_lists_of_text_end_with_a_count_of_what_was_left_out() -> None:
    report = bound(_report(evidence=2000, records=5000), max_bytes=200_000)
    assert size(report) <= 200_000
    evidence = report.findings[0].evidence
    assert evidence[-1].startswith(f"{MARK} +")
    kept = len(evidence) - 1
    assert evidence[-1] == f"{MARK} +{2000 - kept}"
    assert "findings.evidence" in report.truncated
    assert report.facts.mx is not None and report.facts.mx.lookup.records[-1].startswith(MARK)
    assert report.changes[0].proposed == "p" * 5000  # what to do is never cut


def test_facts_go_before_findings_and_the_worst_findings_stay_last() -> None:
    report = bound(_report(findings=3000, records=5000), max_bytes=150_000)
    assert size(report) <= 150_000
    assert "facts" in report.truncated and "findings" in report.truncated
    assert report.facts == Facts()
    assert report.findings[0].severity is Severity.ERROR  # the error kept, infos dropped
    assert 0 < len(report.findings) < 3000
    assert json.loads(report.model_dump_json())["truncated"] == report.truncated


def test_a_submission_report_is_bounded_where_it_is_assembled() -> None:
    # The session bounds what a server says (tests/smtp/test_hostile_servers.py), but facts can
    # come from elsewhere (a saved report re-analysed): the budget is applied at assembly, the
    # one place the submission test's report is made, as for a domain's.
    session = Session(
        host="smtp.example.com",
        address="192.0.2.25",
        port=465,
        outcome="auth_failed",
        step="AUTH",
        transcript=[f"S: 250-{'x' * 1000}"] * 3000,
    )
    facts = SubmissionFacts(
        host="smtp.example.com", port=465, tls_mode="implicit", username="a", session=session
    )
    report = assemble(
        Facts(submission=facts),
        Context(Target(domain="smtp.example.com")),
        target="smtp.example.com:465",
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        started=time.monotonic(),
        dns_queries=0,
        lang="fr",
        rules=SUBMISSION_RULES,
        advisors=(),
    )
    assert size(report) <= DEFAULT_MAX_BYTES
    assert "facts.submission.session.transcript" in report.truncated
    assert report.findings and report.facts.submission is not None
