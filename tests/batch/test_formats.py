"""The CI formats, fed by hand-built reports: jsonl, JUnit XML, GitHub annotations."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from deliverability.baseline import Baseline, Gate
from deliverability.facts import Facts
from deliverability.facts.lookup import LookupFact
from deliverability.facts.mx import MxFacts
from deliverability.render import github, junit, stream
from deliverability.report import Finding, Report, Severity
from deliverability.results import ARGUMENT, Item, Listed

HOSTILE = 'p=bogus\x00\x1b[31m\n::error title=forged::x ]]> <a b="&amp;"> 100%, done: \r'


def finding(
    code: str, severity: Severity, *, title: str = "", detail: str = "", evidence=()
) -> Finding:
    return Finding(
        code=code,
        check=code.partition(".")[0],
        severity=severity,
        title=title or f"title of {code}",
        detail=detail or f"detail of {code}",
        fix=f"fix for {code}",
        evidence=list(evidence),
    )


def report(target: str, *findings: Finding, lang: str = "en") -> Report:
    mx = MxFacts(lookup=LookupFact(name=target, rdtype="MX", outcome="answer"))
    return Report(
        target=target,
        domain=target.rpartition("@")[2],
        lang=lang,
        checked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        duration_ms=1234,
        dns_queries=7,
        facts=Facts(mx=mx),
        findings=list(findings),
    )


def item(rep: Report, *, source: str = "domains.txt", line: int = 3) -> Item:
    return Item(Listed(rep.target, source, line), report=rep)


def bad_item(text: str = "not a domain", *, source: str = "domains.txt", line: int = 9) -> Item:
    return Item(
        Listed(text, source, line),
        error=f"{text!r} is not a domain or an e-mail address: it contains a space",
    )


def write(format: str, items: list[Item], gate: Gate | None = None) -> str:
    out = io.StringIO()
    writer = stream.writer(format, out, stream.Destination(gate or Gate(), io.StringIO()))
    writer.begin()
    for one in items:
        writer.item(one)
    writer.end()
    return out.getvalue()


MIXED = [
    item(report("ok.example", finding("mx.ok", Severity.OK))),
    item(
        report(
            "bad.example",
            finding("mx.null", Severity.ERROR),
            finding("dmarc.policy_none", Severity.WARNING),
            finding("dmarc.syntax", Severity.ERROR, detail=HOSTILE, evidence=[HOSTILE]),
        )
    ),
    item(
        report(
            "down.example",
            finding("dns.unavailable", Severity.WARNING).model_copy(update={"check": "dmarc"}),
        )
    ),
    bad_item(),
]


# -- jsonl ----------------------------------------------------------------------------------


def test_jsonl_is_one_report_or_error_per_line() -> None:
    lines = write("jsonl", MIXED).splitlines()
    assert len(lines) == len(MIXED)
    reports = [Report.model_validate_json(line) for line in lines[:3]]
    assert [r.target for r in reports] == ["ok.example", "bad.example", "down.example"]
    assert json.loads(lines[3]) == {
        "target": "not a domain",
        "where": "domains.txt:9",
        "error": "'not a domain' is not a domain or an e-mail address: it contains a space",
    }


def test_jsonl_leaves_out_ignored_findings() -> None:
    lines = write("jsonl", MIXED[1:2], Gate(ignore=("dmarc.*",))).splitlines()
    assert Report.model_validate_json(lines[0]).codes() == {"mx.null"}


def test_json_is_a_list_that_streams_and_parses() -> None:
    document = json.loads(write("json", MIXED))
    assert [entry["target"] for entry in document] == [
        "ok.example",
        "bad.example",
        "down.example",
        "not a domain",
    ]
    assert document[3]["error"]


def test_json_of_nothing_is_an_empty_list() -> None:
    assert json.loads(write("json", [])) == []


# -- JUnit ----------------------------------------------------------------------------------


def parse_junit(items: list[Item], gate: Gate | None = None) -> ET.Element:
    return ET.fromstring(write("junit", items, gate).encode("utf-8"))


def test_junit_has_a_suite_per_target_and_a_case_per_check() -> None:
    root = parse_junit(MIXED)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == ["ok.example", "bad.example", "down.example", "not a domain"]
    bad = suites["bad.example"]
    assert [case.get("name") for case in bad.findall("testcase")] == ["mx", "dmarc"]
    assert (bad.get("tests"), bad.get("failures"), bad.get("errors")) == ("2", "2", "0")
    assert bad.get("time") == "1.234" and bad.get("timestamp") == "2026-01-02T03:04:05"
    assert suites["ok.example"].get("failures") == "0"
    assert suites["ok.example"].find("testcase/failure") is None


def test_junit_failure_lists_every_failing_finding_of_the_check() -> None:
    root = parse_junit(MIXED)
    dmarc = root.find("testsuite[@name='bad.example']/testcase[@name='dmarc']")
    failure = dmarc.find("failure")
    assert failure.get("type") == "dmarc.syntax"
    assert failure.get("message").startswith("[error] dmarc.syntax: title of dmarc.syntax")
    # The warning is below --fail-on (error): reported, not failed.
    assert "[warning] dmarc.policy_none" in dmarc.find("system-out").text
    assert "fix for dmarc.syntax" in failure.text


def test_junit_survives_hostile_text() -> None:
    root = parse_junit(MIXED)
    text = root.find("testsuite[@name='bad.example']/testcase[@name='dmarc']/failure").text
    assert "\x00" not in text and "\x1b" not in text
    assert '<a b="&amp;">' in text and "]]>" in text  # escaped on the wire, intact once parsed


def test_junit_could_not_check_is_skipped_not_passed() -> None:
    case = parse_junit(MIXED).find("testsuite[@name='down.example']/testcase[@name='dmarc']")
    assert case.find("skipped") is not None and case.find("failure") is None


def test_junit_could_not_check_fails_when_warnings_fail() -> None:
    case = parse_junit(MIXED, Gate(fail_on=Severity.WARNING)).find(
        "testsuite[@name='down.example']/testcase[@name='dmarc']"
    )
    assert case.find("failure").get("type") == "dns.unavailable"


def test_junit_bad_line_is_an_error_suite() -> None:
    suite = parse_junit(MIXED).find("testsuite[@name='not a domain']")
    error = suite.find("testcase/error")
    assert suite.get("errors") == "1"
    assert "domains.txt:9" in error.text


def test_junit_known_findings_pass_and_say_so() -> None:
    gate = Gate(baseline=Baseline(frozenset({("bad.example", "mx.null")})))
    mx = parse_junit(MIXED, gate).find("testsuite[@name='bad.example']/testcase[@name='mx']")
    assert mx.find("failure") is None
    assert "known from the baseline" in mx.find("system-out").text


def test_junit_in_french_says_known_in_french() -> None:
    gate = Gate(baseline=Baseline(frozenset({("bad.example", "mx.null")})))
    french = item(report("bad.example", finding("mx.null", Severity.ERROR), lang="fr"))
    text = parse_junit([french], gate).find("testsuite/testcase/system-out").text
    assert "baseline" not in text and "référence" in text


@pytest.mark.parametrize("char", ("\x00", "\x08", "\x0b", "\x1f", "\ufffe", "\ud800"))
def test_xml_text_replaces_what_xml_cannot_carry(char: str) -> None:
    assert junit.xml_text(f"a{char}b") == "a\ufffdb"


def test_xml_text_keeps_what_xml_can_carry() -> None:
    text = "tab\tnewline\ncr\r é 😀 <&>"
    assert junit.xml_text(text) == text


# -- GitHub annotations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "property"),
    (
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
        ("::error::forged", "::error::forged", "%3A%3Aerror%3A%3Aforged"),
    ),
)
def test_github_escaping(text: str, data: str, property: str) -> None:
    assert github.escape_data(text) == data
    assert github.escape_property(text) == property


def test_github_annotates_failures_as_errors_and_new_warnings_as_warnings() -> None:
    lines = write("github", MIXED).splitlines()
    assert lines[0].startswith(
        "::error file=domains.txt,line=3,title=bad.example%3A mx.null::title of mx.null%0A"
    )
    levels = [
        (line.split(" ", 1)[0], line.split("title=", 1)[1].split("::", 1)[0]) for line in lines
    ]
    assert levels == [
        ("::error", "bad.example%3A mx.null"),
        ("::warning", "bad.example%3A dmarc.policy_none"),
        ("::error", "bad.example%3A dmarc.syntax"),
        ("::warning", "down.example%3A dns.unavailable"),
        ("::error", "deliverability"),
    ]


def test_github_hostile_text_stays_on_one_line() -> None:
    lines = write("github", MIXED).splitlines()
    syntax = [line for line in lines if "dmarc.syntax" in line]
    assert len(syntax) == 1
    assert "\\n::error title=forged::x" in syntax[0]
    assert not any(line.startswith("::error title=forged") for line in lines)


def test_github_escapes_dns_text_as_the_text_format_does() -> None:
    """A raw ESC, a bidirectional override or a line break from DNS never reaches an annotation."""
    hostile = "v=DMARC1\x1b[31m; p=\u202enone\t\u2028x"
    rep = report("esc\x1b.example", finding("dmarc.syntax", Severity.ERROR, title=hostile))
    (line,) = write("github", [item(rep)]).splitlines()
    assert not {"\x1b", "\u202e", "\t", "\u2028"} & set(line)
    assert "v=DMARC1\\x1b[31m; p=\\u202enone\\t\\u2028x" in line
    assert "title=esc\\x1b.example%3A dmarc.syntax" in line


def test_github_is_quiet_when_nothing_is_new() -> None:
    known = frozenset(
        {
            ("bad.example", "mx.null"),
            ("bad.example", "dmarc.policy_none"),
            ("bad.example", "dmarc.syntax"),
        }
    )
    gate = Gate(baseline=Baseline(known), ignore=("dns.*",))
    assert write("github", MIXED[:3], gate) == ""


def test_github_arguments_and_stdin_have_no_file() -> None:
    rep = report("bad.example", finding("mx.null", Severity.ERROR))
    for source in (ARGUMENT, "<stdin>"):
        (line,) = write("github", [item(rep, source=source, line=1)]).splitlines()
        assert line.startswith("::error title=bad.example%3A mx.null::")


@pytest.mark.parametrize(
    ("path", "format"),
    (
        ("tonight.jsonl", "jsonl"),
        ("report.JSON", "json"),
        ("deliverability.xml", "junit"),
        ("out.txt", "text"),
        ("annotations.log", None),
        ("no-ending", None),
    ),
)
def test_a_saved_file_takes_its_format_from_its_name(path: str, format: str | None) -> None:
    assert stream.format_of(path) == format
