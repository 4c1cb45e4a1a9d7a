"""DKIM: the probe through the loopback DNS server, and the rule as a pure table."""

from __future__ import annotations

import pytest

from deliverability.checks import dkim
from deliverability.context import Context
from deliverability.facts import (
    DkimFacts,
    DkimKeyFact,
    DkimRecordFact,
    DkimSelectorFact,
    Facts,
    LookupFact,
)
from deliverability.facts.phrase import Phrase
from deliverability.report import Severity
from deliverability.target import parse_target

SELECTORS = (
    "ed",
    "rsa",
    "testing",
    "revoked",
    "dsa",
    "garbled",
    "twice",
    "broken",
    "delegated",
    "absent",
)


def by_selector(report) -> dict[str, set[tuple[str, Severity]]]:
    found: dict[str, set[tuple[str, Severity]]] = {}
    for item in report.findings:
        if item.check == "dkim":
            selector = str(item.params.get("selector") or item.params.get("name", "").split(".")[0])
            found.setdefault(selector, set()).add((item.code, item.severity))
    return found


def test_each_kind_of_record(diagnose_here) -> None:
    report = diagnose_here("adv-keys.test", dkim_selectors=SELECTORS)
    assert by_selector(report) == {
        "ed": {("dkim.ok", Severity.OK)},
        "rsa": {("dkim.ok", Severity.OK)},
        "testing": {("dkim.testing", Severity.WARNING)},
        "revoked": {("dkim.revoked", Severity.WARNING)},
        "dsa": {("dkim.syntax", Severity.ERROR)},
        "garbled": {("dkim.syntax", Severity.ERROR)},
        "twice": {("dkim.syntax", Severity.ERROR)},
        "broken": {("dkim.broken_delegation", Severity.WARNING)},
        "delegated": {("dkim.ok", Severity.OK)},
        "absent": {("dkim.missing", Severity.WARNING)},
    }


def test_facts_hold_key_type_size_and_delegation(diagnose_here) -> None:
    facts = diagnose_here("adv-keys.test", dkim_selectors=SELECTORS).facts.dkim
    assert facts is not None
    records = {selector.selector: selector.record for selector in facts.selectors}
    assert [selector.source for selector in facts.selectors] == ["option"] * len(SELECTORS)
    assert records["ed"].key == records["ed"].key.model_copy(
        update={"key_type": "ed25519", "bits": 256}
    )
    assert records["rsa"].key is not None and records["rsa"].key.bits == 2048
    assert records["delegated"].delegated_to == "rsa._domainkey.adv-keys.test"
    assert records["broken"].delegated_to == "typo._domainkey.adv-platform.test"
    assert records["broken"].lookup.outcome == "nxdomain"
    assert "2 TXT records" in str(records["twice"].error)
    assert "k=dsa" in str(records["dsa"].error)
    assert records["testing"].key is not None and records["testing"].key.testing


def test_weak_keys(diagnose_for_platform) -> None:
    report = diagnose_for_platform("adv-weak.test", dkim_selectors=["s1024"])
    assert by_selector(report) == {
        "dx1": {("dkim.weak_key", Severity.ERROR)},
        "s1024": {("dkim.weak_key", Severity.WARNING)},
    }
    weak = {
        f.params["selector"]: f.params["bits"] for f in report.findings if f.code == "dkim.weak_key"
    }
    assert weak == {"dx1": 512, "s1024": 1024}


def test_platform_selector_missing_shows_what_the_platform_publishes(diagnose_for_platform) -> None:
    report = diagnose_for_platform("adv-reject.test")
    [missing] = [f for f in report.findings if f.code == "dkim.missing"]
    assert missing.severity is Severity.ERROR
    assert missing.evidence[0] == "dx1._domainkey.adv-reject.test TXT: nxdomain"
    assert missing.evidence[1].startswith(
        "dx1._domainkey.adv-platform.test TXT: v=DKIM1; k=rsa; p=MII"
    )
    facts = report.facts.dkim
    assert facts is not None and facts.selectors[0].platform_record is not None
    assert facts.selectors[0].platform_record.key is not None
    assert facts.selectors[0].platform_record.key.bits == 2048


def test_cname_delegated_platform_selector(diagnose_for_platform) -> None:
    report = diagnose_for_platform("adv-healthy.test")
    assert report.codes("dkim") == {"dkim.ok"}
    facts = report.facts.dkim
    assert facts is not None
    assert facts.selectors[0].record.lookup.cnames == ["dx1._domainkey.adv-platform.test"]


def test_common_selectors_are_tried_on_request_and_absent_ones_are_not_findings(
    diagnose_here,
) -> None:
    assert diagnose_here("adv-keys.test").facts.dkim is None  # no selector known: nothing to ask
    report = diagnose_here("adv-keys.test", common_dkim_selectors=True)
    assert by_selector(report) == {"google": {("dkim.ok", Severity.OK)}}
    facts = report.facts.dkim
    assert facts is not None and {s.source for s in facts.selectors} == {"common"}
    assert len(facts.selectors) > 5


def test_a_selector_keeps_its_most_specific_source(diagnose_for_platform) -> None:
    report = diagnose_for_platform(
        "adv-healthy.test", dkim_selectors=["DX1", "rsa", " "], common_dkim_selectors=True
    )
    facts = report.facts.dkim
    assert facts is not None
    sources = {s.selector: s.source for s in facts.selectors}
    assert (
        sources["dx1"] == "platform"
        and sources["rsa"] == "option"
        and sources["google"] == "common"
    )
    assert list(sources).index("dx1") == 0 and "" not in sources


@pytest.mark.parametrize("target", ("adv.timeout.test", "adv.servfail.test"))
def test_failed_lookup_is_unavailable_never_missing(diagnose_for_platform, target: str) -> None:
    report = diagnose_for_platform(target)
    assert report.codes("dkim") == {"dns.unavailable"}
    assert "dmarc.unaligned" not in report.codes()


# -- the rule, from facts built by hand --------------------------------------------------------

NAME = "dx1._domainkey.example.com"


def record(outcome: str, *, key: DkimKeyFact | None = None, **fields: object) -> DkimRecordFact:
    """The record at NAME: a lookup that ended with ``outcome``, and what was made of it."""
    cnames = fields.pop("cnames", ())
    lookup = LookupFact(name=NAME, rdtype="TXT", outcome=outcome, cnames=list(cnames))  # type: ignore[arg-type]
    return DkimRecordFact(name=NAME, lookup=lookup, key=key, **fields)  # type: ignore[arg-type]


def key(**fields: object) -> DkimKeyFact:
    return DkimKeyFact(**{"key_type": "rsa", "bits": 2048, **fields})  # type: ignore[arg-type]


def rule(fact: DkimRecordFact, source: str = "platform") -> set[tuple[str, Severity]]:
    selector = DkimSelectorFact(selector="dx1", source=source, record=fact)  # type: ignore[arg-type]
    facts = Facts(dkim=DkimFacts(domain="example.com", selectors=[selector]))
    return {(f.code, f.severity) for f in dkim.check(facts, Context(parse_target("example.com")))}


# A CNAME to a name that does not exist, as the probe records it: the TXT lookup ends in NXDOMAIN,
# and the CNAME lookup shows the target.
BROKEN = record(
    "nxdomain",
    cname=LookupFact(name=NAME, rdtype="CNAME", outcome="answer", records=["Gone.Example."]),
)
OK, INFO, WARNING, ERROR = Severity.OK, Severity.INFO, Severity.WARNING, Severity.ERROR


@pytest.mark.parametrize(
    ("fact", "source", "expected"),
    (
        (record("answer", key=key()), "platform", {("dkim.ok", OK)}),
        (record("answer", key=key(key_type="ed25519", bits=256)), "option", {("dkim.ok", OK)}),
        (record("answer", key=key(bits=1023)), "platform", {("dkim.weak_key", ERROR)}),
        (record("answer", key=key(bits=2047)), "common", {("dkim.weak_key", WARNING)}),
        (
            record("answer", key=key(bits=1024, testing=True)),
            "platform",
            {("dkim.weak_key", WARNING), ("dkim.testing", WARNING)},
        ),
        (record("answer", key=key(bits=None, revoked=True)), "platform", {("dkim.revoked", ERROR)}),
        (record("answer", key=key(bits=None, revoked=True)), "common", {("dkim.revoked", INFO)}),
        (record("answer", error=Phrase(template="bad")), "common", {("dkim.syntax", ERROR)}),
        (record("nxdomain"), "platform", {("dkim.missing", ERROR)}),
        (record("nodata"), "option", {("dkim.missing", WARNING)}),
        (record("nxdomain"), "common", set()),
        (
            record("nxdomain", cnames=("gone.example",)),
            "platform",
            {("dkim.broken_delegation", ERROR)},
        ),
        (BROKEN, "common", {("dkim.broken_delegation", WARNING)}),
        (record("timeout"), "platform", {("dns.unavailable", WARNING)}),
        (record("servfail"), "common", {("dns.unavailable", WARNING)}),
    ),
)
def test_rule(fact: DkimRecordFact, source: str, expected: set[tuple[str, Severity]]) -> None:
    assert rule(fact, source) == expected


def test_broken_delegation_names_the_target() -> None:
    selector = DkimSelectorFact(selector="dx1", source="platform", record=BROKEN)
    facts = Facts(dkim=DkimFacts(domain="example.com", selectors=[selector]))
    [item] = dkim.check(facts, Context(parse_target("example.com")))
    assert item.params["target"] == "gone.example"
    assert item.evidence[0] == f"{NAME} CNAME gone.example"


def test_no_dkim_facts_no_findings() -> None:
    assert dkim.check(Facts(), Context(parse_target("example.com"))) == []
