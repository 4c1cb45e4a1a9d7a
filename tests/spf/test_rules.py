"""The SPF rules and the SPF advice as pure functions of hand-built facts (no DNS)."""

from __future__ import annotations

import pytest

from deliverability.advice import spf as advice
from deliverability.advice.platform import Platform
from deliverability.checks import spf as rules
from deliverability.context import Context
from deliverability.facts import Facts, LookupFact
from deliverability.facts.phrase import Phrase
from deliverability.facts.spf import IncludeTree, SpfEvaluation, SpfFacts, SpfMerge, SpfNode
from deliverability.report import Severity
from deliverability.spf._merge import merged_record
from deliverability.target import parse_target

DOMAIN = "example.com"
PLATFORM = Platform(
    name="Devis Express",
    spf_include="_spf.platform.example",
    sending_ips=["192.0.2.25"],
    return_path_domain="bounce.platform.example",
    helo="out1.platform.example",
    from_domain="platform.example",
)


def _lookup(
    outcome: str = "answer", records: tuple[str, ...] = (), name: str = DOMAIN
) -> LookupFact:
    return LookupFact(name=name, rdtype="TXT", outcome=outcome, records=list(records))  # type: ignore[arg-type]


def _facts(
    record: str | None = None,
    *,
    outcome: str = "answer",
    extra: tuple[str, ...] = (),
    **fields: object,
) -> SpfFacts:
    records = [record] if record is not None else []
    records += list(extra)
    defaults: dict[str, object] = {
        "domain": DOMAIN,
        "lookup": _lookup(outcome, tuple(records)),
        "records": records,
    }
    if record is not None and "tree" not in fields:
        defaults["tree"] = IncludeTree(
            root=SpfNode(domain=DOMAIN, record=record), lookups=0, void_lookups=0
        )
    return SpfFacts(**{**defaults, **fields})  # type: ignore[arg-type]


def _evaluation(result: str, matched: str | None = "~all", ip: str = "192.0.2.25") -> SpfEvaluation:
    return SpfEvaluation(
        ip=ip,
        domain=DOMAIN,
        sender=f"postmaster@{DOMAIN}",
        result=result,  # type: ignore[arg-type]
        matched=matched,
        matched_domain=DOMAIN if matched else None,
    )


def _codes(spf: SpfFacts, platform: Platform | None = None) -> dict[str, Severity]:
    findings = rules.check(Facts(spf=spf), Context(parse_target(DOMAIN), platform))
    return {f.code: f.severity for f in findings}


def _tree(
    *children: SpfNode, lookups: int = 0, void: int = 0, record: str = "v=spf1 -all"
) -> IncludeTree:
    return IncludeTree(
        root=SpfNode(domain=DOMAIN, record=record, children=list(children)),
        lookups=lookups,
        void_lookups=void,
    )


@pytest.mark.parametrize(
    ("spf", "expected"),
    (
        (_facts("v=spf1 -all", all_qualifier="-"), {"spf.ok": Severity.OK}),
        (_facts(None, outcome="nxdomain"), {"spf.missing": Severity.ERROR}),
        (_facts(None, outcome="nodata"), {"spf.missing": Severity.ERROR}),
        (_facts(None, outcome="timeout"), {"dns.unavailable": Severity.WARNING}),
        (_facts(None, outcome="servfail"), {"dns.unavailable": Severity.WARNING}),
        (_facts("v=spf1 -all", extra=("v=spf1 ~all",)), {"spf.multiple": Severity.ERROR}),
        (
            _facts(
                "v=spf1 a:x",
                syntax_error=Phrase(template="term 1 'a:x' (character 8): …"),
                tree=None,
            ),
            {"spf.syntax": Severity.ERROR},
        ),
        (_facts("v=spf1 +all", all_qualifier="+"), {"spf.permissive_all": Severity.ERROR}),
        (_facts("v=spf1 ?all", all_qualifier="?"), {"spf.permissive_all": Severity.WARNING}),
        (_facts("v=spf1 ~all", all_qualifier="~"), {"spf.ok": Severity.OK}),
        (_facts("v=spf1 a"), {"spf.no_all": Severity.WARNING}),
        (
            _facts("v=spf1 redirect=_spf.example.net", redirect="_spf.example.net"),
            {"spf.ok": Severity.OK},
        ),
        (
            _facts("v=spf1 " + "ip4:198.51.100.1 " * 30 + "-all", all_qualifier="-"),
            {"spf.too_long": Severity.WARNING},
        ),
        (
            _facts("v=spf1 -all", all_qualifier="-", tree=_tree(lookups=11)),
            {"spf.too_many_lookups": Severity.ERROR},
        ),
        (_facts("v=spf1 -all", all_qualifier="-", tree=_tree(lookups=10)), {"spf.ok": Severity.OK}),
        (
            _facts("v=spf1 -all", all_qualifier="-", tree=_tree(void=3)),
            {"spf.too_many_void_lookups": Severity.ERROR},
        ),
        (_facts("v=spf1 -all", all_qualifier="-", tree=_tree(void=2)), {"spf.ok": Severity.OK}),
        (
            _facts("v=spf1 ptr -all", all_qualifier="-", tree=_tree(record="v=spf1 ptr -all")),
            {"spf.ptr": Severity.WARNING},
        ),
        (
            _facts(
                "v=spf1 include:a.example -all",
                all_qualifier="-",
                tree=_tree(
                    SpfNode(
                        domain="a.example",
                        via="include:a.example",
                        lookup=_lookup("nxdomain", name="a.example"),
                    )
                ),
            ),
            {"spf.include_missing": Severity.ERROR},
        ),
        (
            _facts(
                "v=spf1 include:a.example -all",
                all_qualifier="-",
                tree=_tree(
                    SpfNode(
                        domain="a.example",
                        via="include:a.example",
                        lookup=_lookup("answer", ("other",), "a.example"),
                    )
                ),
            ),
            {"spf.include_missing": Severity.ERROR},
        ),
        (
            _facts(
                "v=spf1 include:a.example -all",
                all_qualifier="-",
                tree=_tree(
                    SpfNode(
                        domain="a.example",
                        via="include:a.example",
                        lookup=_lookup("timeout", name="a.example"),
                    )
                ),
            ),
            {"spf.ok": Severity.OK},
        ),  # could not check is not missing: the walk lists it in failed
        (
            _facts(
                "v=spf1 include:a.example -all",
                all_qualifier="-",
                tree=IncludeTree(
                    root=SpfNode(domain=DOMAIN, record="v=spf1 include:a.example -all"),
                    lookups=1,
                    void_lookups=0,
                    failed=[_lookup("timeout", name="a.example")],
                ),
            ),
            {"dns.unavailable": Severity.WARNING},
        ),
    ),
)
def test_rules(spf: SpfFacts, expected: dict[str, Severity]) -> None:
    assert _codes(spf) == expected


@pytest.mark.parametrize(
    ("results", "expected"),
    (
        (["pass"], {}),
        (["softfail"], {"spf.platform_not_authorized": Severity.ERROR}),
        (["neutral"], {"spf.platform_not_authorized": Severity.ERROR}),
        (["permerror"], {"spf.platform_not_authorized": Severity.ERROR}),
        (["pass", "fail"], {"spf.platform_not_authorized": Severity.CRITICAL}),
        (["temperror"], {}),  # could not check: no verdict
    ),
)
def test_platform_rule(results: list[str], expected: dict[str, Severity]) -> None:
    spf = _facts(
        "v=spf1 -all",
        all_qualifier="-",
        platform_results=[_evaluation(r, ip=f"192.0.2.{i}") for i, r in enumerate(results)],
    )
    codes = _codes(spf, PLATFORM)
    codes.pop("spf.ok", None)
    assert codes == expected


def _merge(**fields: object) -> SpfMerge:
    values: dict[str, object] = {
        "current": "v=spf1 mx ~all",
        "proposed": "v=spf1 mx include:_spf.platform.example ~all",
        "include": "_spf.platform.example",
        "verified": True,
        "lookups": 2,
        "void_lookups": 0,
        "platform_results": [_evaluation("pass", "include:_spf.platform.example")],
    }
    return SpfMerge(**{**values, **fields})  # type: ignore[arg-type]


def test_unverified_merge_is_a_finding_and_no_change() -> None:
    merge = _merge(verified=False, lookups=11, platform_results=[_evaluation("permerror", None)])
    spf = _facts(
        "v=spf1 mx ~all", all_qualifier="~", platform_results=[_evaluation("softfail")], merge=merge
    )
    findings = rules.check(Facts(spf=spf), Context(parse_target(DOMAIN), PLATFORM))
    item = next(f for f in findings if f.code == "spf.merge_impossible")
    assert (item.params["lookups"], item.params["passing"], item.params["total"]) == (11, 0, 1)
    assert advice.advise(Facts(spf=spf), Context(parse_target(DOMAIN), PLATFORM)) == []


def test_merge_left_unknown_is_not_called_impossible() -> None:
    spf = _facts(
        "v=spf1 mx ~all",
        all_qualifier="~",
        platform_results=[_evaluation("softfail")],
        merge=_merge(verified=False, unknown=True),
    )
    assert "spf.merge_impossible" not in _codes(spf, PLATFORM)


@pytest.mark.parametrize(
    ("results", "impact"),
    ((["softfail"], Severity.ERROR.rank * 10), (["fail"], Severity.CRITICAL.rank * 10)),
)
def test_verified_merge_is_proposed(results: list[str], impact: int) -> None:
    spf = _facts(
        "v=spf1 mx ~all",
        all_qualifier="~",
        platform_results=[_evaluation(r) for r in results],
        merge=_merge(),
    )
    (change,) = advice.advise(Facts(spf=spf), Context(parse_target(DOMAIN), PLATFORM))
    assert (change.kind, change.name, change.type) == ("dns", DOMAIN, "TXT")
    assert (change.current, change.proposed) == (
        "v=spf1 mx ~all",
        "v=spf1 mx include:_spf.platform.example ~all",
    )
    assert change.impact == impact
    assert "2 of the 10 DNS lookups" in change.why


def test_new_record_is_proposed_with_softfail() -> None:
    spf = _facts(
        None,
        outcome="nxdomain",
        merge=_merge(current=None, proposed="v=spf1 include:_spf.platform.example ~all", lookups=1),
    )
    (change,) = advice.advise(Facts(spf=spf), Context(parse_target(DOMAIN), PLATFORM))
    assert change.current is None and change.proposed.endswith("~all")
    assert "no SPF record" in change.why


def test_no_advice_without_platform() -> None:
    spf = _facts("v=spf1 mx ~all", merge=_merge())
    assert advice.advise(Facts(spf=spf), Context(parse_target(DOMAIN), None)) == []


@pytest.mark.parametrize(
    ("current", "proposed"),
    (
        (None, "v=spf1 include:_spf.platform.example ~all"),
        ("v=spf1 -all", "v=spf1 include:_spf.platform.example -all"),
        ("v=spf1 mx a ?all", "v=spf1 mx a include:_spf.platform.example ?all"),
        (
            "v=spf1  ip4:192.0.2.1   ~all  exp=why.example.com",
            "v=spf1 ip4:192.0.2.1 include:_spf.platform.example ~all exp=why.example.com",
        ),
        (
            "v=spf1 mx redirect=_spf.example.net",
            "v=spf1 mx include:_spf.platform.example redirect=_spf.example.net",
        ),
        (
            "v=spf1 redirect=_spf.example.net",
            "v=spf1 include:_spf.platform.example redirect=_spf.example.net",
        ),
        ("v=spf1 a", "v=spf1 a include:_spf.platform.example"),
        ("V=SPF1 MX -ALL", "V=SPF1 MX include:_spf.platform.example -ALL"),
        ("v=spf1 -all ip4:192.0.2.1", "v=spf1 include:_spf.platform.example -all ip4:192.0.2.1"),
        ("v=spf1 include:_spf.platform.example ~all", None),
        ("v=spf1 include:_SPF.Platform.example. -all", None),
    ),
)
def test_merged_record(current: str | None, proposed: str | None) -> None:
    assert merged_record(current, "_spf.platform.example") == proposed
