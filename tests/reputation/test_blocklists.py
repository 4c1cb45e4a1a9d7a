"""Blocklists: listed, not listed, not tested — against the lists mirrored on the loopback DNS
server (zones/bl.test.zone), and the rules' reading of answers built by hand."""

from __future__ import annotations

import asyncio
import json

import pytest

from deliverability import blocklists
from deliverability.blocklists import interpret, query_name
from deliverability.checks import blocklist as rules
from deliverability.codes import localize
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.facts import BlocklistFacts, LookupFact
from deliverability.facts.blocklist import Role
from deliverability.probes import blocklist as probe
from deliverability.report import Report, Severity

MIRROR = blocklists.catalogue().mirrored("bl.test")
KEY = "abcdefghijklmnopqrstuvwxyz"


def ask(
    resolver: Resolver, *subjects: tuple[str, Role], key: str | None = None, mirror: str = "bl.test"
) -> BlocklistFacts:
    catalogue = blocklists.catalogue().mirrored(mirror)
    return asyncio.run(probe.query(subjects, resolver=resolver, catalogue=catalogue, dqs_key=key))


def findings(facts: BlocklistFacts):  # noqa: ANN201 - a list of Finding
    return list(rules.findings(facts, MIRROR))


def test_the_data_file_has_the_lists_the_issue_names_and_no_sorbs() -> None:
    ids = {item.id for item in blocklists.catalogue().lists}
    assert {
        "spamhaus-zen",
        "spamhaus-dbl",
        "barracuda",
        "spamcop",
        "mailspike",
        "psbl",
        "uribl",
        "surbl",
    } <= ids
    assert {"uceprotect-2", "uceprotect-3"} <= ids
    assert not any("sorbs" in item.zone for item in blocklists.catalogue().lists)
    for item in blocklists.catalogue().lists:
        assert item.sources and item.checked and item.delisting and item.terms


def test_query_names() -> None:
    zen = MIRROR.get("spamhaus-zen")
    dbl = MIRROR.get("spamhaus-dbl")
    assert zen is not None and dbl is not None
    assert query_name(zen, "192.0.2.2") == "2.2.0.192.zen.spamhaus.org.bl.test"
    assert query_name(zen, "2001:db8::1").startswith(
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen"
    )
    assert (
        query_name(zen, "192.0.2.2", dqs_key=KEY) == f"2.2.0.192.{KEY}.zen.dq.spamhaus.net.bl.test"
    )
    assert query_name(dbl, "Example.COM.") == "example.com.dbl.spamhaus.org.bl.test"
    assert not blocklists.applies(dbl, "192.0.2.2")
    assert not blocklists.applies(MIRROR.get("barracuda"), "2001:db8::1")  # type: ignore[arg-type]


def test_a_listed_address_is_listed_with_its_meaning_and_critical_for_sbl(
    resolver: Resolver,
) -> None:
    result = findings(ask(resolver, ("192.0.2.2", "platform")))
    listed = [f for f in result if f.code == "blocklist.listed"]
    assert [f.params["list_id"] for f in listed] == ["spamhaus-zen"]
    assert listed[0].severity is Severity.CRITICAL
    assert listed[0].params["meaning_label"] == [
        "a spam source or spam operation (Spamhaus SBL)",
        "an infected or hijacked machine (Spamhaus XBL)",
    ]
    assert "check.spamhaus.org" in listed[0].fix
    assert "blocklist.ok" not in {f.code for f in result}


def test_uceprotect_network_listing_is_information_with_its_scope(resolver: Resolver) -> None:
    result = findings(ask(resolver, ("192.0.2.2", "mx")))
    ranged = [f for f in result if f.code == "blocklist.range_listed"]
    assert len(ranged) == 1 and ranged[0].severity is Severity.INFO
    assert "autonomous system" in ranged[0].detail


def test_spamhaus_refusal_is_not_tested_never_listed(resolver: Resolver) -> None:
    result = findings(ask(resolver, ("192.0.2.3", "platform")))
    by_code = {(f.code, f.params.get("list_id")) for f in result}
    assert ("blocklist.refused", "spamhaus-zen") in by_code
    assert ("blocklist.listed", "spamhaus-zen") not in by_code
    assert ("blocklist.listed", "barracuda") in by_code  # another list's listing still counts
    refused = next(f for f in result if f.code == "blocklist.refused")
    assert refused.severity is Severity.INFO
    assert "public or shared resolver" in refused.detail and "--spamhaus-key" in refused.fix


def test_uribl_refusal_and_dbl_hit_for_domains(resolver: Resolver) -> None:
    result = findings(
        ask(resolver, ("uribl-refused.example", "linked"), ("spammy.example", "linked"))
    )
    codes = {(f.code, f.params.get("list_id"), f.params.get("subject")) for f in result}
    assert ("blocklist.refused", "uribl", None) in codes
    assert ("blocklist.listed", "spamhaus-dbl", "spammy.example") in codes
    assert not any(code == "blocklist.listed" and list_id == "uribl" for code, list_id, _ in codes)
    dbl = next(f for f in result if f.params.get("list_id") == "spamhaus-dbl")
    assert dbl.severity is Severity.CRITICAL and dbl.params["role"] == "linked"


def test_bitmask_and_unexpected_answers(resolver: Resolver) -> None:
    result = findings(ask(resolver, ("grey.example", "domain"), ("lapsed.example", "domain")))
    grey = [f for f in result if f.code == "blocklist.listed"]
    assert [(f.params["list_id"], f.severity) for f in grey] == [("uribl", Severity.WARNING)]
    lapsed = [f for f in result if f.code == "blocklist.unavailable"]
    assert [f.params["list_id"] for f in lapsed] == ["surbl"]  # 192.0.2.99 is no listing code


def test_a_clean_address_is_ok_and_names_the_lists(resolver: Resolver) -> None:
    result = findings(ask(resolver, ("192.0.2.50", "platform")))
    assert [f.code for f in result] == ["blocklist.ok"]
    assert result[0].params["count"] == 7  # the lists of addresses


def test_a_failed_lookup_is_not_tested_never_missing_or_listed(resolver: Resolver) -> None:
    result = findings(ask(resolver, ("192.0.2.2", "platform"), mirror="servfail.test"))
    assert result and {f.code for f in result} == {"blocklist.unavailable"}
    assert all(f.severity is Severity.INFO for f in result)


@pytest.mark.parametrize(
    ("outcome", "records", "expected", "refusal"),
    [
        ("nxdomain", [], "clean", None),
        ("nodata", [], "clean", None),
        ("timeout", [], "not_tested", None),
        ("servfail", [], "not_tested", None),
        ("answer", ["127.0.0.2"], "listed", None),
        ("answer", ["127.255.255.252"], "not_tested", "typo"),
        ("answer", ["127.255.255.255"], "not_tested", "volume"),
        ("answer", ["127.255.255.250"], "not_tested", "other"),
        ("answer", ["127.0.0.99"], "listed", None),  # undocumented code: listed, meaning unknown
        ("answer", ["10.0.0.1"], "not_tested", None),
    ],
)
def test_interpret_zen(
    outcome: str, records: list[str], expected: str, refusal: str | None
) -> None:
    zen = MIRROR.get("spamhaus-zen")
    assert zen is not None
    lookup = LookupFact(name="x", rdtype="A", outcome=outcome, records=records)  # type: ignore[arg-type]
    verdict = interpret(zen, lookup)
    assert (verdict.outcome, verdict.refusal) == (expected, refusal)


def test_dqs_key_is_used_and_never_shown(resolver: Resolver) -> None:
    facts = ask(resolver, ("192.0.2.2", "platform"), key=KEY)
    result = findings(facts)
    listed = next(f for f in result if f.params.get("list_id") == "spamhaus-zen")
    assert listed.params["meaning_label"] == [
        "a source of low-reputation or snowshoe mail (Spamhaus CSS)"
    ]
    assert KEY not in facts.model_dump_json()
    assert KEY not in json.dumps([f.model_dump(mode="json") for f in result])
    assert "<key>.zen.dq.spamhaus.net" in listed.evidence[0]


def test_dqs_key_never_in_a_whole_report_in_either_language(resolver: Resolver) -> None:
    report = asyncio.run(
        diagnose("rep-listed.test", resolver=resolver, blocklists=MIRROR, spamhaus_key=KEY)
    )
    assert "blocklist.listed" in report.codes()
    for lang in ("en", "fr"):
        assert KEY not in localize(report, lang).model_dump_json()
    assert KEY not in repr(report)


def test_malformed_key_is_refused_without_echo(resolver: Resolver) -> None:
    secret = "not a key; " + KEY
    with pytest.raises(ValueError) as caught:
        asyncio.run(
            diagnose("rep-clean.test", resolver=resolver, blocklists=MIRROR, spamhaus_key=secret)
        )
    assert KEY not in str(caught.value)


def test_blocklists_are_off_by_default(resolver: Resolver) -> None:
    report: Report = asyncio.run(diagnose("rep-listed.test", resolver=resolver))
    assert report.facts.blocklist is None and not report.codes("blocklist")


def test_diagnosis_asks_about_the_mx_addresses_and_the_domain(resolver: Resolver) -> None:
    report = asyncio.run(diagnose("rep-listed.test", resolver=resolver, blocklists=MIRROR))
    assert report.facts.blocklist is not None
    roles = {(q.subject, q.role) for q in report.facts.blocklist.queries}
    assert {("192.0.2.2", "mx"), ("rep-listed.test", "domain")} <= roles
    french = localize(report, "fr")
    listed = next(f for f in french.findings if f.code == "blocklist.listed")
    assert (
        "Spamhaus SBL" in listed.detail
        and listed.detail != next(f for f in report.findings if f.code == "blocklist.listed").detail
    )


def test_a_list_that_does_not_list_its_test_entry_is_not_answering(resolver: Resolver) -> None:
    facts = ask(
        resolver, ("192.0.2.50", "platform"), ("clean.example", "domain"), mirror="bl-silent.test"
    )
    result = findings(facts)
    assert {f.code for f in result} == {"blocklist.refused"}
    assert all(str(f.params["reason_label"]).startswith("even the entry") for f in result)
    assert len(result) == len(blocklists.catalogue().lists)
    assert any("2.0.0.127" in line and "nxdomain" in line for line in result[0].evidence)


def test_the_test_entries_are_asked_once_per_list(resolver: Resolver) -> None:
    facts = ask(resolver, ("192.0.2.50", "platform"), ("192.0.2.51", "mx"))
    tests = [q for q in facts.queries if q.role == "test"]
    assert sorted(q.list_id for q in tests) == sorted(
        item.id for item in blocklists.catalogue().lists if item.kind == "ip"
    )
    assert all(q.lookup.outcome == "answer" for q in tests)
