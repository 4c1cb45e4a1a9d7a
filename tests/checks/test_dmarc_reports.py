"""DMARC report addresses: a long record is valid, a malformed address is never put in a DNS
name (issue 11, item 6). Zones: dmarc-long.test, dmarc-quote.test."""

from __future__ import annotations

import pytest

from deliverability.checks import dmarc
from deliverability.context import Context
from deliverability.dmarc import parse_record, report_address
from deliverability.dns import Resolver
from deliverability.facts import DmarcFacts, Facts, LookupFact
from deliverability.report import Severity
from deliverability.target import parse_target
from deliverability.testing import DnsServer


@pytest.fixture
def resolver(dns_server: DnsServer) -> Resolver:
    """A patient resolver: the 2.7 KB record comes over TCP after a truncated UDP answer, and
    on a loaded machine a timeout would make it dns.unavailable."""
    return Resolver([dns_server.address], timeout=3)


def test_long_valid_record_is_not_a_syntax_error(diagnose_here) -> None:
    report = diagnose_here("dmarc-long.test")
    (record,) = report.facts.dmarc.records
    assert len(record) > 2048 and record.count("mailto:") == 100
    assert report.codes("dmarc") == {"dmarc.ok", "dmarc.too_many_report_uris"}
    (many,) = [f for f in report.findings if f.code == "dmarc.too_many_report_uris"]
    assert (many.severity, many.params["count"], many.params["tag"]) == (
        Severity.WARNING,
        100,
        "rua",
    )


def test_malformed_addresses_are_invalid_and_never_in_a_dns_name(diagnose_here) -> None:
    report = diagnose_here("dmarc-quote.test")
    assert report.codes("dmarc") == {"dmarc.ok", "dmarc.report_uri_invalid", "dmarc.no_rua"}
    (invalid,) = [f for f in report.findings if f.code == "dmarc.report_uri_invalid"]
    assert invalid.params["uris"] == [
        'mailto:dmarc@evil"quote.example',
        'mailto:a"b@dmarc-quote.test',
        "mailto:<x>@dmarc-quote.test",
    ]
    assert report.facts.dmarc.destinations == []  # nothing looked up for them
    for item in [*report.findings, *report.changes]:
        text = item.model_dump_json()
        assert "_report._dmarc.evil" not in text


@pytest.mark.parametrize(
    ("uri", "address"),
    (
        ("mailto:dmarc@example.test", "dmarc@example.test"),
        ("mailto:re+agg_1@sub.example.test.", "re+agg_1@sub.example.test"),
        ("mailto:first.last@example.test!10m", "first.last@example.test"),
        ("mailto:a%21b@example.test", "a%21b@example.test"),  # ! percent-encoded
        ('mailto:a"b@example.test', None),
        ('mailto:dmarc@evil"x.example', None),
        ("mailto:dmarc@evil.example\\", None),
        ("mailto:<dmarc>@example.test", None),
        ("mailto:a..b@example.test", None),
        ("mailto:.a@example.test", None),
        ("mailto:a@example_test.example", None),
        ("mailto:a@-x.example", None),
        ("mailto:a@localhost", None),
        ("mailto:a@exämple.example", None),
        ("mailto:a@" + "x" * 64 + ".example", None),
    ),
)
def test_report_address(uri: str, address: str | None) -> None:
    assert report_address(uri) == address


def test_record_length_is_no_rule() -> None:
    uris = ",".join(f"mailto:r{n:03d}@example.test" for n in range(500))
    record = parse_record(f"v=DMARC1; p=reject; rua={uris}")
    assert len(record.rua) == 500


def test_invalid_uris_kept_are_bounded() -> None:
    record = parse_record("v=DMARC1; p=reject; rua=" + ",".join(["bad"] * 1000))
    assert record.invalid_uris == ("bad",) * 20


def _facts(record: str) -> DmarcFacts:
    lookup = LookupFact(name="_dmarc.x.test", rdtype="TXT", outcome="answer", records=[record])
    return DmarcFacts(
        domain="x.test",
        organizational_domain="x.test",
        lookups=[lookup],
        policy_domain="x.test",
        records=[record],
    )


@pytest.mark.parametrize(
    ("record", "codes"),
    (
        ("v=DMARC1; p=reject; rua=mailto:a@x.test,mailto:b@x.test", ["dmarc.ok"]),
        (
            "v=DMARC1; p=reject; rua=mailto:a@x.test,mailto:b@x.test,mailto:c@x.test",
            ["dmarc.ok", "dmarc.too_many_report_uris"],
        ),
        (
            "v=DMARC1; p=reject; rua=mailto:a@x.test; ruf="
            + ",".join(f"mailto:f{n}@x.test" for n in range(3)),
            ["dmarc.ok", "dmarc.too_many_report_uris"],
        ),
        (
            'v=DMARC1; p=reject; rua=mailto:a@x.test,mailto:d@evil"x.example',
            ["dmarc.ok", "dmarc.report_uri_invalid"],
        ),
    ),
)
def test_rule_table(record: str, codes: list[str]) -> None:
    findings = dmarc.check(Facts(dmarc=_facts(record)), Context(parse_target("x.test")))
    assert [f.code for f in findings] == codes
