"""DMARC rules through the loopback DNS server, and as a pure table."""

from __future__ import annotations

import pytest

from deliverability.checks import dmarc
from deliverability.context import Context
from deliverability.facts import DmarcFacts, Facts, LookupFact
from deliverability.target import parse_target


@pytest.mark.parametrize(
    ("target", "expected"),
    (
        ("dmarc-reject.test", {"dmarc.ok"}),
        ("dmarc-none.test", {"dmarc.policy_none"}),
        ("dmarc-multi.test", {"dmarc.multiple"}),
        ("dmarc-syntax.test", {"dmarc.syntax"}),
        ("dmarc-missing.test", {"dmarc.missing"}),
        ("mx-ok.test", {"dmarc.missing"}),
        # A subdomain inherits the organizational domain's record, with its sp= policy.
        ("shop.dmarc-inherit.test", {"dmarc.policy_none"}),
        ("dmarc-inherit.test", {"dmarc.ok"}),
        (
            "dmarc-extern.test",
            {
                "dmarc.ok",
                "dmarc.pct",
                "dmarc.too_many_report_uris",  # three rua addresses
                "dmarc.rua_unauthorized",
                "dmarc.report_uri_invalid",
                "dns.unavailable",
            },
        ),
        ("timeout.test", {"dns.unavailable"}),
    ),
)
def test_dmarc_codes(diagnose_here, target: str, expected: set[str]) -> None:
    assert diagnose_here(target).codes("dmarc") == expected


def test_unauthorized_destination_is_named(diagnose_here) -> None:
    report = diagnose_here("dmarc-extern.test")
    unauthorized = [f for f in report.findings if f.code == "dmarc.rua_unauthorized"]
    assert [f.params["destination"] for f in unauthorized] == ["reports.test"]
    assert "dmarc-extern.test._report._dmarc.reports.test" in unauthorized[0].fix


def test_inherited_policy_is_recorded(diagnose_here) -> None:
    facts = diagnose_here("shop.dmarc-inherit.test").facts.dmarc
    assert facts is not None
    assert facts.policy_domain == "dmarc-inherit.test"
    assert [lookup.name for lookup in facts.lookups] == [
        "_dmarc.shop.dmarc-inherit.test",
        "_dmarc.dmarc-inherit.test",
    ]


def test_failed_lookup_does_not_fall_back_to_parent(diagnose_here) -> None:
    """_dmarc.sub.dmarc-subfail.test exists; a SERVFAIL on a subdomain must not read as "missing"."""
    report = diagnose_here("x.servfail.test")
    assert report.codes("dmarc") == {"dns.unavailable"}
    assert report.facts.dmarc is not None and len(report.facts.dmarc.lookups) == 1


def test_subdomain_record_wins(diagnose_here) -> None:
    report = diagnose_here("sub.dmarc-subfail.test")
    assert (
        report.facts.dmarc is not None
        and report.facts.dmarc.policy_domain == "sub.dmarc-subfail.test"
    )
    assert report.codes("dmarc") == {"dmarc.ok", "dmarc.no_rua"}


def _facts(records: list[str], **changes: object) -> DmarcFacts:
    lookup = LookupFact(
        name="_dmarc.x.test",
        rdtype="TXT",
        outcome="answer" if records else "nodata",
        records=records,
    )
    values: dict[str, object] = {
        "domain": "x.test",
        "organizational_domain": "x.test",
        "lookups": [lookup],
        "policy_domain": "x.test" if records else None,
        "records": records,
    }
    values.update(changes)
    return DmarcFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "codes"),
    (
        (_facts(["v=DMARC1; p=reject; rua=mailto:a@x.test"]), ["dmarc.ok"]),
        (_facts(["v=DMARC1; p=quarantine"]), ["dmarc.ok", "dmarc.no_rua"]),
        (_facts(["v=DMARC1; p=none; rua=mailto:a@x.test"]), ["dmarc.policy_none"]),
        (_facts(["v=DMARC1; p=reject; pct=10; rua=mailto:a@x.test"]), ["dmarc.ok", "dmarc.pct"]),
        (_facts(["v=DMARC1; p=reject", "v=DMARC1; p=none"]), ["dmarc.multiple"]),
        (_facts(["v=DMARC1; rua=mailto:a@x.test"]), ["dmarc.syntax"]),
        (_facts(["v=DMARC1; p=reject; p=none"]), ["dmarc.syntax"]),
        (_facts([]), ["dmarc.missing"]),
        (
            _facts([], lookups=[LookupFact(name="_dmarc.x.test", rdtype="TXT", outcome="timeout")]),
            ["dns.unavailable"],
        ),
    ),
)
def test_dmarc_rule_table(facts: DmarcFacts, codes: list[str]) -> None:
    findings = dmarc.check(Facts(dmarc=facts), Context(parse_target("x.test")))
    assert [f.code for f in findings] == codes


def test_syntax_finding_says_what_is_wrong() -> None:
    findings = dmarc.check(
        Facts(dmarc=_facts(["v=DMARC1; p=reject; adkim=x"])), Context(parse_target("x.test"))
    )
    assert "adkim=x" in findings[0].detail
