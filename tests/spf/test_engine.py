"""check_host() and the include-tree walk against the loopback DNS server (zones/spf-engine.test.zone)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.zone
import pytest
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.TXT import TXT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliverability.dns import Resolver
from deliverability.spf import SpfResult, check_host, walk
from deliverability.testing import DnsServer, zone_from_records

Z = "spf-engine.test"


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


@pytest.mark.parametrize(
    ("ip", "result", "matched", "lookups"),
    (
        ("198.51.100.1", "pass", "ip4:198.51.100.1", 0),
        ("203.0.113.77", "pass", f"include:inc.{Z}", 1),
        ("2001:db8:2::1", "pass", f"include:inc.{Z}", 1),
        ("198.51.100.2", "pass", "a", 2),
        ("198.51.100.3", "pass", "mx", 3),
        ("2001:db8:1::3", "pass", "mx", 3),
        ("::ffff:198.51.100.1", "pass", "ip4:198.51.100.1", 0),  # IPv4-mapped is IPv4
        (
            "192.0.2.200",
            "fail",
            "-all",
            3,
        ),  # the include softfails (no match), a and mx do not match
    ),
)
def test_check_host(resolver: Resolver, ip: str, result: str, matched: str, lookups: int) -> None:
    outcome = run(
        check_host(
            ip=ip,
            domain=f"main.{Z}",
            sender=f"billing@main.{Z}",
            helo="out.example",
            resolver=resolver,
        )
    )
    assert (outcome.result, outcome.matched, outcome.lookups) == (result, matched, lookups)
    assert outcome.result is SpfResult(result)
    assert outcome.matched_domain == f"main.{Z}"


def test_include_is_a_match_only_when_it_passes(resolver: Resolver) -> None:
    outcome = run(check_host(ip="192.0.2.200", domain=f"main.{Z}", resolver=resolver))
    terms = [(s.text, s.outcome) for s in outcome.trace if s.kind == "term"]
    assert ("~all", "match") in terms  # inside the include: softfail
    assert (f"include:inc.{Z}", "no match") in terms


def test_explanation_of_a_fail(resolver: Resolver) -> None:
    outcome = run(
        check_host(
            ip="192.0.2.200", domain=f"main.{Z}", sender=f"billing@main.{Z}", resolver=resolver
        )
    )
    assert (
        outcome.explanation
        == f"192.0.2.200 is not allowed to send for main.{Z} (sender billing@main.{Z})"
    )


def test_trace_records_terms_and_lookups(resolver: Resolver) -> None:
    outcome = run(check_host(ip="198.51.100.3", domain=f"main.{Z}", resolver=resolver))
    kinds = [(s.kind, s.depth) for s in outcome.trace]
    assert kinds[0] == ("lookup", 0)
    assert ("record", 1) in kinds  # the include's record
    assert ("lookup", 0) in kinds[-3:]  # the mx host's address lookup
    lookups = [s for s in outcome.trace if s.kind == "lookup"]
    assert all(s.outcome == "answer" for s in lookups)
    assert outcome.trace[-1].kind == "result" and outcome.trace[-1].text == "pass"
    assert outcome.tree is not None and [c.domain for c in outcome.tree.children] == [f"inc.{Z}"]


def test_redirect_and_its_explanation(resolver: Resolver) -> None:
    outcome = run(check_host(ip="192.0.2.200", domain=f"redirecting.{Z}", resolver=resolver))
    assert outcome.result == "fail"
    assert outcome.matched_domain == f"main.{Z}"
    assert outcome.lookups == 4  # redirect, then include, a, mx
    assert outcome.explanation is not None and f"for main.{Z}" in outcome.explanation


def test_redirect_is_ignored_with_all(resolver: Resolver) -> None:
    outcome = run(check_host(ip="198.51.100.1", domain=f"redirect-ignored.{Z}", resolver=resolver))
    assert (outcome.result, outcome.matched, outcome.lookups) == ("neutral", "?all", 0)


@pytest.mark.parametrize("domain", (f"loop-a.{Z}", f"self-redirect.{Z}"))
def test_loops_end_in_permerror(resolver: Resolver, domain: str) -> None:
    outcome = run(check_host(ip="192.0.2.1", domain=domain, resolver=resolver))
    assert outcome.result == "permerror"
    assert outcome.lookups == 11
    assert "limit is 10" in str(outcome.reason)


def test_void_lookups_over_two(resolver: Resolver) -> None:
    outcome = run(check_host(ip="192.0.2.1", domain=f"voids.{Z}", resolver=resolver))
    assert outcome.result == "permerror"
    assert outcome.void_lookups == 3
    assert "void lookup number 3" in str(outcome.reason)


def test_ptr_validated_name(resolver: Resolver) -> None:
    assert run(check_host(ip="192.0.2.10", domain=f"ptr.{Z}", resolver=resolver)).result == "pass"
    assert run(check_host(ip="192.0.2.11", domain=f"ptr.{Z}", resolver=resolver)).result == "fail"


@pytest.mark.parametrize(
    ("domain", "result"),
    (
        (f"nothing.{Z}", "none"),
        ("single-label", "none"),
        ("[192.0.2.1]", "none"),
        ("timeout.test", "temperror"),
        ("spf.servfail.test", "temperror"),
    ),
)
def test_none_and_temperror(resolver: Resolver, domain: str, result: str) -> None:
    outcome = run(check_host(ip="192.0.2.1", domain=domain, resolver=resolver))
    assert outcome.result == result
    assert outcome.reason


def test_candidate_record_is_evaluated_unpublished(resolver: Resolver) -> None:
    published = run(check_host(ip="203.0.113.5", domain=f"nothing.{Z}", resolver=resolver))
    candidate = run(
        check_host(
            ip="203.0.113.5",
            domain=f"nothing.{Z}",
            resolver=resolver,
            record=f"v=spf1 include:inc.{Z} -all",
        )
    )
    assert (published.result, candidate.result) == ("none", "pass")
    assert candidate.tree is not None and candidate.tree.lookup is None


def test_candidate_with_a_syntax_error(resolver: Resolver) -> None:
    outcome = run(
        check_host(
            ip="192.0.2.1", domain=f"main.{Z}", resolver=resolver, record="v=spf1 ip4:1.2.3 -all"
        )
    )
    assert outcome.result == "permerror"
    assert "term 1 'ip4:1.2.3'" in str(outcome.reason)


def test_bad_ip_is_a_value_error(resolver: Resolver) -> None:
    with pytest.raises(ValueError):
        run(check_host(ip="192.0.2.300", domain=f"main.{Z}", resolver=resolver))


def test_walk_counts_through_include_and_redirect(resolver: Resolver) -> None:
    tree = run(walk(f"walked.{Z}", resolver=resolver))
    assert tree.lookups == 6  # include, exists, redirect; then main's include, a, mx
    root = tree.root
    assert root.lookups == 3
    assert root.unresolved == [f"exists:%{{i}}.bl.{Z}"]  # needs the client IP
    assert [(c.via, c.domain) for c in root.children] == [
        (f"include:inc.{Z}", f"inc.{Z}"),
        (f"redirect=main.{Z}", f"main.{Z}"),
    ]
    main = root.children[1]
    assert (main.lookups, [c.domain for c in main.children]) == (3, [f"inc.{Z}"])
    assert not tree.truncated and not tree.failed


def test_walk_goes_past_the_limit_and_stops_at_loops(resolver: Resolver) -> None:
    tree = run(walk(f"loop-a.{Z}", resolver=resolver))
    assert tree.truncated
    assert tree.lookups == 2
    loop = tree.root.children[0].children[0]
    assert str(loop.error).startswith("loop:")


def test_walk_counts_void_lookups(resolver: Resolver) -> None:
    tree = run(walk(f"voids.{Z}", resolver=resolver))
    assert (tree.lookups, tree.void_lookups, tree.root.void_lookups) == (3, 3, 3)


def test_walk_of_a_failed_include(resolver: Resolver) -> None:
    tree = run(walk(f"x.{Z}", resolver=resolver, record="v=spf1 include:inc.timeout.test -all"))
    assert [(f.name, f.outcome) for f in tree.failed] == [("inc.timeout.test", "timeout")]
    assert "timeout" in str(tree.root.children[0].error)


def test_walk_of_an_invalid_domain(resolver: Resolver) -> None:
    tree = run(walk("bad..example", resolver=resolver))
    assert tree.truncated and tree.lookups == 0
    assert "not a valid domain name" in str(tree.root.error)


def test_deadline_gives_temperror() -> None:
    zone = zone_from_records(Z, {f"slow.{Z}": [("TXT", '"v=spf1 a -all"')]})
    with DnsServer([zone], delay=1.0) as server:
        resolver = Resolver([server.address], timeout=5)
        outcome = run(
            check_host(ip="192.0.2.1", domain=f"slow.{Z}", resolver=resolver, deadline=0.2)
        )
    assert outcome.result == "temperror"
    assert "longer than 0.2 s" in str(outcome.reason)


# Hostile zone data: records made of terms that point at each other, loops, macros, garbage, huge records.
NAMES = [f"h{i}.hostile-spf.test" for i in range(5)]
HOSTILE_TERM = st.one_of(
    st.sampled_from(
        [
            "a",
            "mx",
            "ptr",
            "-all",
            "~all",
            "?all",
            "+all",
            "a//0",
            "mx/0",
            "exists:%{i}.%{d}",
            "exists:%{l}.%{o}",
            "ptr:%{p}",
            "include:%{d}",
            "redirect=%{d}",
            "exp=%{d}",
            "ip4:0.0.0.0/0",
            "ip6:::/0",
            "%{",
            "v=spf1",
            "a:%{ir}.%{v}.%{d2}",
        ]
    ),
    st.builds("include:{}".format, st.sampled_from(NAMES)),
    st.builds("redirect={}".format, st.sampled_from(NAMES)),
    st.builds("a:{}".format, st.sampled_from(NAMES)),
    st.builds("mx:{}".format, st.sampled_from(NAMES)),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=12),
)
RECORD = st.one_of(
    st.lists(HOSTILE_TERM, max_size=15).map(lambda terms: " ".join(["v=spf1", *terms])),
    st.integers(min_value=100, max_value=1500).map(lambda n: "v=spf1 " + " ".join(["a"] * n)),
    st.text(max_size=40),
)


def _hostile_zone(records: list[list[str]], mx: list[str]) -> dns.zone.Zone:
    """Built from rdata objects, so any text (quotes, backslashes, newlines) is served as it is."""
    zone = zone_from_records("hostile-spf.test", {name: [("A", "192.0.2.1")] for name in NAMES})
    for name, texts in zip(NAMES, records, strict=True):
        if not texts:
            continue  # an empty rdataset would be served as an empty answer, not as no data
        rdataset = zone.find_rdataset(name + ".", "TXT", create=True)
        for text in texts:
            octets = text.encode("utf-8")
            chunks = [octets[i : i + 255] for i in range(0, len(octets), 255)] or [b""]
            rdataset.add(TXT(dns.rdataclass.IN, dns.rdatatype.TXT, chunks), 300)
    if mx:
        rdataset = zone.find_rdataset(NAMES[0] + ".", "MX", create=True)
        for preference, target in enumerate(mx):
            rdataset.add(
                MX(dns.rdataclass.IN, dns.rdatatype.MX, preference, dns.name.from_text(target)), 300
            )
    return zone


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[DnsServer]:
    """One server for every example: each example points it at its own zone (fewer ports to bind)."""
    with DnsServer([]) as server:
        yield server


@given(
    records=st.lists(
        st.lists(RECORD, min_size=0, max_size=2), min_size=len(NAMES), max_size=len(NAMES)
    ),
    mx=st.lists(st.sampled_from(NAMES), max_size=12),
    ip=st.sampled_from(["192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1"]),
)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_check_host_always_answers_one_of_the_seven(
    hostile_server: DnsServer, records: list[list[str]], mx: list[str], ip: str
) -> None:
    hostile_server.zones = [_hostile_zone(records, mx)]
    resolver = Resolver([hostile_server.address], timeout=0.5)
    outcome = run(
        asyncio.wait_for(check_host(ip=ip, domain=NAMES[0], resolver=resolver, deadline=5), 15)
    )
    tree = run(asyncio.wait_for(walk(NAMES[0], resolver=resolver, deadline=5), 15))
    assert outcome.result in set(SpfResult)
    assert outcome.lookups <= 11 and outcome.void_lookups <= 3
    assert tree.lookups <= 51
