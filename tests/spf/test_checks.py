"""SPF findings and the merged-record advice, through the whole diagnosis and the loopback DNS server.

The names live in zones/spf-checks.test.zone; the platform's include there lists
192.0.2.0/25 and 2001:db8::/64.
"""

from __future__ import annotations

import pytest

from deliverability.advice.platform import Platform
from deliverability.codes import localize
from deliverability.report import Severity

ZONE = "spf-checks.test"
PLATFORM = Platform(
    name="Devis Express",
    spf_include=f"_spf.platform.{ZONE}",
    sending_ips=["192.0.2.25", "2001:db8::25"],
    return_path_domain="bounce.platform.example",
    helo="out1.platform.example",
    from_domain="platform.example",
)


@pytest.mark.parametrize(
    ("name", "expected"),
    (
        ("healthy", {"spf.ok"}),
        ("missing", {"spf.missing"}),
        ("nodata", {"spf.missing"}),
        ("multiple", {"spf.multiple"}),
        ("syntax", {"spf.syntax"}),
        ("too-long", {"spf.too_long"}),
        ("permissive", {"spf.permissive_all"}),
        ("neutral", {"spf.permissive_all"}),
        ("no-all", {"spf.no_all"}),
        ("ptr", {"spf.ptr"}),
        ("include-missing", {"spf.include_missing"}),
        ("void", {"spf.too_many_void_lookups", "spf.platform_not_authorized"}),
        (
            "lookups",
            {"spf.too_many_lookups", "spf.platform_not_authorized", "spf.merge_impossible"},
        ),
        ("softfail", {"spf.platform_not_authorized"}),
        ("hardfail", {"spf.platform_not_authorized"}),
        ("full", {"spf.platform_not_authorized", "spf.merge_impossible"}),
        ("include-timeout", {"dns.unavailable"}),
    ),
)
def test_spf_codes(diagnose_here, name: str, expected: set[str]) -> None:
    assert diagnose_here(f"{name}.{ZONE}", platform=PLATFORM).codes("spf") == expected


@pytest.mark.parametrize("target", ("timeout.test", "spf.servfail.test"))
def test_failed_lookup_is_could_not_check(diagnose_here, target: str) -> None:
    report = diagnose_here(target, platform=PLATFORM)
    assert report.codes("spf") == {"dns.unavailable"}
    unavailable = next(f for f in report.findings if f.check == "spf")
    assert unavailable.params["rdtype"] == "TXT"
    assert unavailable.params["outcome"] in ("timeout", "servfail")
    assert not [c for c in report.changes if c.type == "TXT" and c.name == target]


def test_without_platform_there_is_no_platform_finding(diagnose_here) -> None:
    assert diagnose_here(f"softfail.{ZONE}").codes("spf") == {"spf.ok"}


def test_syntax_error_says_where(diagnose_here) -> None:
    item = next(f for f in diagnose_here(f"syntax.{ZONE}").findings if f.code == "spf.syntax")
    assert "term 1 'ip4:198.51.100.300' (character 8)" in str(item.params["error"])
    assert "ip4:198.51.100.300" in item.detail
    french = localize(diagnose_here(f"syntax.{ZONE}"), "fr").findings
    detail = next(f.detail for f in french if f.code == "spf.syntax")
    assert "terme 1 'ip4:198.51.100.300' (caractère 8)" in detail
    assert "is not an IPv4 address" not in detail


def test_lookups_are_counted_through_includes(diagnose_here) -> None:
    report = diagnose_here(f"lookups.{ZONE}")
    item = next(f for f in report.findings if f.code == "spf.too_many_lookups")
    assert item.params["lookups"] == 12  # six includes, each with one a
    assert item.title == f"lookups.{ZONE}'s SPF needs 12 DNS lookups; the limit is 10"
    assert f"l1.{ZONE} 1" in item.params["breakdown"]  # type: ignore[operator]
    tree = report.facts.spf.tree  # type: ignore[union-attr]
    assert [child.domain for child in tree.root.children] == [f"l{i}.{ZONE}" for i in range(1, 7)]


def test_platform_finding_says_what_the_record_does(diagnose_here) -> None:
    item = next(
        f
        for f in diagnose_here(f"softfail.{ZONE}", platform=PLATFORM).findings
        if f.code == "spf.platform_not_authorized"
    )
    assert item.severity is Severity.ERROR
    assert [str(outcome) for outcome in item.params["outcomes"]] == [  # type: ignore[union-attr]
        f"192.0.2.25: softfail (~all in softfail.{ZONE})",
        f"2001:db8::25: softfail (~all in softfail.{ZONE})",
    ]
    assert f"include:_spf.platform.{ZONE}" in item.fix


def test_hard_fail_of_the_platform_is_critical(diagnose_here) -> None:
    report = diagnose_here(f"hardfail.{ZONE}", platform=PLATFORM)
    item = next(f for f in report.findings if f.code == "spf.platform_not_authorized")
    assert item.severity is Severity.CRITICAL


def test_merged_record_keeps_terms_and_all(diagnose_here) -> None:
    report = diagnose_here(f"softfail.{ZONE}", platform=PLATFORM)
    (change,) = [c for c in report.changes if c.type == "TXT" and c.name == f"softfail.{ZONE}"]
    assert change.kind == "dns"
    assert change.current == "v=spf1 ip4:198.51.100.1 mx ~all"
    assert change.proposed == f"v=spf1 ip4:198.51.100.1 mx include:_spf.platform.{ZONE} ~all"
    merge = report.facts.spf.merge  # type: ignore[union-attr]
    assert merge is not None and merge.verified
    assert [o.result for o in merge.platform_results] == ["pass", "pass"]
    assert merge.kept == ["198.51.100.1"]
    assert merge.lookups == 2


def test_new_record_when_there_is_none(diagnose_here) -> None:
    report = diagnose_here(f"missing.{ZONE}", platform=PLATFORM)
    (change,) = [c for c in report.changes if c.type == "TXT" and c.name == f"missing.{ZONE}"]
    assert change.current is None
    assert change.proposed == f"v=spf1 include:_spf.platform.{ZONE} ~all"
    assert "~all" in change.why


def test_merge_over_the_limit_is_not_proposed(diagnose_here) -> None:
    report = diagnose_here(f"full.{ZONE}", platform=PLATFORM)
    assert not [c for c in report.changes if c.type == "TXT" and c.name == f"full.{ZONE}"]
    item = next(f for f in report.findings if f.code == "spf.merge_impossible")
    assert item.params["lookups"] == 11
    assert item.params["passing"] == 0  # the platform's include would be the 11th lookup: permerror
    merge = report.facts.spf.merge  # type: ignore[union-attr]
    assert {o.result for o in merge.platform_results} == {"permerror"}  # type: ignore[union-attr]
    assert "mail.full.spf-checks.test" in item.fix


def test_findings_in_french(diagnose_here) -> None:
    report = diagnose_here(f"lookups.{ZONE}", platform=PLATFORM, lang="fr")
    item = next(f for f in report.findings if f.code == "spf.too_many_lookups")
    assert item.title == f"Le SPF de lookups.{ZONE} demande 12 requêtes DNS ; la limite est de 10"


def test_addresses_that_take_one_path_share_its_trace(diagnose_here) -> None:
    # Three addresses the record does not authorise: all fail at the same -all.
    platform = PLATFORM.model_copy(
        update={"sending_ips": ["198.51.100.1", "198.51.100.2", "198.51.100.3"]}
    )
    report = diagnose_here(f"healthy.{ZONE}", platform=platform)
    first, *others = report.facts.spf.platform_results
    assert first.trace[-1].kind == "result" and first.tree is not None
    assert [other.result for other in others] == [first.result] * 2
    for other in others:
        assert other.tree is None
        assert [(step.kind, step.text) for step in other.trace] == [
            ("note", "same path as for 198.51.100.1")
        ]
