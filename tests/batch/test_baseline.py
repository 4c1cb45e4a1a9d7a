"""--baseline and --ignore: which findings fail the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deliverability.baseline import Baseline, BaselineError, Gate, check_patterns, load_baseline
from deliverability.report import Report, Severity

from .test_formats import finding, report

BAD = report(
    "bad.example",
    finding("mx.null", Severity.ERROR),
    finding("dmarc.policy_none", Severity.WARNING),
    finding("dmarc.syntax", Severity.CRITICAL),
)
OTHER = report("x@other.example", finding("spf.multiple", Severity.ERROR))
KEYS = {
    ("bad.example", "mx.null"),
    ("bad.example", "dmarc.policy_none"),
    ("bad.example", "dmarc.syntax"),
    ("x@other.example", "spf.multiple"),
}


def dump(reports: list[Report]) -> list[dict]:
    return [json.loads(r.model_dump_json()) for r in reports]


@pytest.mark.parametrize(
    "content",
    (
        # jsonl, with an error entry for a bad line and a blank line
        "\n".join(r.model_dump_json() for r in (BAD, OTHER))
        + '\n{"target": "not a domain", "where": "domains.txt:3", "error": "…"}\n\n',
        # json: a list (pretty-printed, as --format json writes it)
        json.dumps(dump([BAD, OTHER]), indent=2),
        # json: an object holding the list
        json.dumps({"reports": dump([BAD, OTHER])}),
    ),
    ids=("jsonl", "json-list", "json-reports"),
)
def test_baseline_reads_every_shape(tmp_path: Path, content: str) -> None:
    path = tmp_path / "baseline"
    path.write_text(content, encoding="utf-8")
    baseline = load_baseline(path)
    assert baseline.keys == KEYS
    assert baseline.targets == 2


def test_baseline_of_one_report(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(BAD.model_dump_json(indent=2), encoding="utf-8")
    assert load_baseline(path).keys == {key for key in KEYS if key[0] == "bad.example"}


@pytest.mark.parametrize(
    ("content", "message"),
    (
        ("{\n  not json", "not JSON nor JSON Lines"),
        ('{"target": "a.example", "findings": []}\n{broken\n', "line 2 is not JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ),
)
def test_unreadable_baseline_says_why(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "baseline.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(BaselineError, match=message):
        load_baseline(path)


def test_missing_baseline_says_why(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="No such file"):
        load_baseline(tmp_path / "nope.jsonl")


@pytest.mark.parametrize(
    ("gate", "failing"),
    (
        (Gate(), {"mx.null", "dmarc.syntax"}),
        (Gate(fail_on=Severity.WARNING), {"mx.null", "dmarc.policy_none", "dmarc.syntax"}),
        (Gate(fail_on=Severity.CRITICAL), {"dmarc.syntax"}),
        (Gate(ignore=("dmarc.*",)), {"mx.null"}),
        (Gate(ignore=("mx.null", "dmarc.syntax")), set()),
        (Gate(baseline=Baseline(frozenset({("bad.example", "mx.null")}))), {"dmarc.syntax"}),
        # The key is the target too: the same code on another target is not known.
        (
            Gate(baseline=Baseline(frozenset({("other.example", "mx.null")}))),
            {"mx.null", "dmarc.syntax"},
        ),
    ),
)
def test_gate_fails_on_new_findings_at_or_above_the_bar(gate: Gate, failing: set[str]) -> None:
    assert {f.code for f in gate.failures(BAD)} == failing


def test_ignored_findings_are_dropped_known_ones_kept() -> None:
    gate = Gate(
        ignore=("dmarc.policy_*",), baseline=Baseline(frozenset({("bad.example", "mx.null")}))
    )
    kept = gate.apply(BAD)
    assert kept.codes() == {"mx.null", "dmarc.syntax"}
    assert gate.apply(OTHER) is OTHER


@pytest.mark.parametrize("pattern", ("spf.multiple", "spf.*", "*.unavailable", "dmarc.policy_?one"))
def test_ignore_patterns_that_match_a_code(pattern: str) -> None:
    assert check_patterns([pattern]) == (pattern,)


@pytest.mark.parametrize("pattern", ("spf.mutliple", "SPF.*", "nothing.*"))
def test_ignore_patterns_that_match_nothing_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="matches no finding code"):
        check_patterns([pattern])
