"""Loops, mx over the limit, whole-internet ranges: the rules and the requirements, with facts
built by hand (no DNS). The same cases against a real DNS server are in test_verdicts.py."""

from __future__ import annotations

import pytest

from deliverability.advice.platform import Platform
from deliverability.checks import spf as rules
from deliverability.checks.requirements import judge
from deliverability.context import Context
from deliverability.facts import Facts, LookupFact
from deliverability.facts.spf import (
    IncludeTree,
    SpfEvaluation,
    SpfFacts,
    SpfNode,
    SpfPermerror,
    SpfResult,
)
from deliverability.report import Severity
from deliverability.spf._ranges import wide_ranges
from deliverability.target import parse_target

DOMAIN = "example.com"
LOOP = SpfPermerror(
    kind="loop",
    record="b.example.com",
    term="include:example.com",
    target=DOMAIN,
    chain=[DOMAIN, "b.example.com", DOMAIN],
    reason="loop: example.com is already being evaluated",
)
MX = SpfPermerror(
    kind="too_many_mx",
    record=DOMAIN,
    term="mx",
    target=DOMAIN,
    count=1000,
    reason="example.com has 1000 MX records; mx may follow at most 10 (RFC 7208 §4.6.4)",
)
SYNTAX = SpfPermerror(
    kind="syntax",
    record=DOMAIN,
    term="include:bad.example.net",
    target="bad.example.net",
    reason="syntax error in bad.example.net's SPF record, …",
)


def _facts(
    record: str = "v=spf1 -all",
    *,
    permerrors: tuple[SpfPermerror, ...] = (),
    children: tuple[SpfNode, ...] = (),
    results: tuple[SpfResult, ...] = (),
) -> SpfFacts:
    lookup = LookupFact(name=DOMAIN, rdtype="TXT", outcome="answer", records=[record])
    tree = IncludeTree(
        root=SpfNode(domain=DOMAIN, record=record, children=list(children)),
        lookups=1,
        void_lookups=0,
        permerrors=list(permerrors),
    )
    evaluations = [
        SpfEvaluation(ip="192.0.2.25", domain=DOMAIN, sender=f"postmaster@{DOMAIN}", result=r)
        for r in results
    ]
    return SpfFacts(
        domain=DOMAIN,
        lookup=lookup,
        records=[record],
        all_qualifier="-",
        tree=tree,
        platform_results=evaluations,
    )


def _codes(spf: SpfFacts) -> dict[str, Severity]:
    findings = rules.check(Facts(spf=spf), Context(parse_target(DOMAIN), None))
    return {f.code: f.severity for f in findings}


@pytest.mark.parametrize(
    ("spf", "expected"),
    (
        (_facts(), {"spf.ok": Severity.OK}),
        (_facts(permerrors=(LOOP,)), {"spf.loop": Severity.ERROR}),
        (_facts(permerrors=(LOOP, LOOP)), {"spf.loop": Severity.ERROR}),
        (_facts(permerrors=(MX,)), {"spf.too_many_mx_records": Severity.ERROR}),
        (_facts(permerrors=(SYNTAX,)), {"spf.include_invalid": Severity.ERROR}),
        (
            _facts(permerrors=(SYNTAX.model_copy(update={"kind": "multiple_records"}),)),
            {"spf.include_invalid": Severity.ERROR},
        ),
        (_facts("v=spf1 ip4:0.0.0.0/0 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 +ip4:128.0.0.0/1 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 ip4:192.0.0.0/7 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 ip6:::/0 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 ip6:2000::/15 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 a/0 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 mx//8 -all"), {"spf.permissive_range": Severity.ERROR}),
        (_facts("v=spf1 ip4:192.0.0.0/8 ip6:2001::/16 a/8 mx//16 -all"), {"spf.ok": Severity.OK}),
        # Terms that do not authorise: a fail, softfail or neutral range is no permission.
        (_facts("v=spf1 -ip4:0.0.0.0/0 ~ip6:::/0 ?ip4:0.0.0.0/1 -all"), {"spf.ok": Severity.OK}),
        (
            _facts(
                "v=spf1 include:wide.example.net -all",
                children=(
                    SpfNode(
                        domain="wide.example.net",
                        via="include:wide.example.net",
                        record="v=spf1 ip4:0.0.0.0/1 -all",
                    ),
                ),
            ),
            {"spf.permissive_range": Severity.ERROR},
        ),
        (
            _facts(
                "v=spf1 -include:wide.example.net ~all",
                children=(
                    SpfNode(
                        domain="wide.example.net",
                        via="-include:wide.example.net",
                        record="v=spf1 ip4:0.0.0.0/1 -all",
                    ),
                ),
            ),
            {"spf.ok": Severity.OK},
        ),  # the include's pass becomes a fail: nothing authorised
    ),
)
def test_rules(spf: SpfFacts, expected: dict[str, Severity]) -> None:
    assert _codes(spf) == expected


def test_permerror_for_the_addresses_checked_is_never_ok() -> None:
    platform = Platform(
        name="Devis Express",
        spf_include="_spf.platform.example",
        sending_ips=["192.0.2.25"],
        return_path_domain=f"bounce.{DOMAIN}",
        helo="out1.platform.example",
        from_domain="platform.example",
    )
    facts = Facts(spf=_facts(results=(SpfResult.PERMERROR,)))
    context = Context(parse_target(DOMAIN), platform)
    codes = {f.code: f.severity for f in rules.check(facts, context)}
    assert codes == {"spf.platform_not_authorized": Severity.ERROR}
    assert judge(facts, context)["spf"] == "missing"


def test_loop_evidence_and_params() -> None:
    facts = _facts(
        "v=spf1 include:b.example.com -all",
        permerrors=(LOOP,),
        children=(
            SpfNode(
                domain="b.example.com",
                via="include:b.example.com",
                record="v=spf1 include:example.com -all",
            ),
        ),
    )
    (loop,) = rules.check(Facts(spf=facts), Context(parse_target(DOMAIN), None))
    assert loop.evidence == [
        "example.com → b.example.com → example.com",
        "example.com: v=spf1 include:b.example.com -all",
        "b.example.com: v=spf1 include:example.com -all",
    ]
    assert loop.params["term"] == "include:example.com"
    assert loop.params["record"] == "b.example.com"


@pytest.mark.parametrize(
    ("spf", "status"),
    (
        (_facts(), "met"),
        (_facts(permerrors=(LOOP,)), "missing"),
        (_facts(permerrors=(MX,)), "missing"),
        (_facts("v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all"), "missing"),
    ),
)
def test_requirements_never_count_spf_as_met_next_to_an_spf_error(
    spf: SpfFacts, status: str
) -> None:
    assert judge(Facts(spf=spf), Context(parse_target(DOMAIN), None))["spf"] == status


def test_requirements_with_permissive_all() -> None:
    spf = _facts("v=spf1 +all").model_copy(update={"all_qualifier": "+"})
    assert judge(Facts(spf=spf), Context(parse_target(DOMAIN), None))["spf"] == "missing"


@pytest.mark.parametrize(
    ("record", "shares"),
    (
        ("v=spf1 ip4:0.0.0.0/0 -all", ["100%"]),
        ("v=spf1 ip4:0.0.0.0/1 ip4:0.0.0.0/7 -all", ["50%", "0.781%"]),
        ("v=spf1 ip6:::/15 -all", ["0.00305%"]),
        ("v=spf1 ip4:203.0.113.0/24 -all", []),
        ("v=spf1 ip4:0.0.0.0/0 bogus:x -all", []),  # a record that does not parse
    ),
)
def test_wide_ranges(record: str, shares: list[str]) -> None:
    found = wide_ranges(SpfNode(domain=DOMAIN, record=record))
    assert [wide.share for wide in found] == shares
