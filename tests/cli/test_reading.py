"""The text report a support agent reads: one sentence first, compact, nothing lost.

The demo's line count is a budget (issue 12): 8 targets in under 400 lines, held as checks
add findings because a check's findings with nothing to fix share one line.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from deliverability.cli import ExitCode, main
from deliverability.cli._options import use_color
from deliverability.render.text import folded

BUDGET = {"en": 400, "fr": 440}
"""Lines of ``deliverability demo`` (text) for its 8 targets: 400 (issue 12), and a tenth more in
French, whose sentences run longer (383 and 425 lines with the MTA-STS, TLS-RPT and BIMI
checks)."""


def _demo(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["demo", *args]) == ExitCode.OK
    return capsys.readouterr().out


def _flat(text: str) -> str:
    """Text with its wrapping undone, to look for a sentence whatever the line breaks."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ("en", "fr"))
def test_the_demo_fits_its_line_budget(capsys, lang: str) -> None:
    out = _demo(capsys, "--lang", lang)
    assert out.count("\n") < BUDGET[lang], f"{out.count(chr(10))} lines"


def test_nothing_is_lost_every_finding_shows_title_severity_code_and_fix(capsys) -> None:
    """Compact: every finding's title and code, a problem's fix; --verbose: every fix."""
    text, verbose = _flat(_demo(capsys)), _flat(_demo(capsys, "--verbose"))
    reports = json.loads(_demo(capsys, "--format", "json"))
    for report in reports:
        assert _flat(report["summary"]) in text
        for item in report["findings"]:
            assert _flat(f"{item['title']} [{item['code']}]") in text, item["code"]
            problem = item["severity"] in ("warning", "error", "critical")
            if item["fix"]:
                assert _flat(item["fix"]) in (text if problem else verbose), item["code"]
                assert _flat(item["fix"]) in verbose, item["code"]


def test_findings_with_nothing_to_fix_share_a_line(capsys) -> None:
    out = _demo(capsys)
    healthy = out[: out.index("\n\n")]
    assert healthy.startswith("healthy.example: nothing is wrong.\n")
    assert "Receiving mail (MX): ✔ OK healthy.example receives mail  [mx.ok]\n" in healthy
    # Nine checks and four receivers, each judged without a problem: a line per check (the
    # four receivers share one, wrapped).
    assert healthy.count("\n") <= 18
    assert "TLS policy (MTA-STS): i INFO healthy.example publishes no MTA-STS policy" in healthy
    assert "Evidence:" not in out and "—" not in out


def test_receivers_are_one_line_each_and_refer_to_the_findings_that_say_why(capsys) -> None:
    out = _demo(capsys)
    no_spf = out[out.index("no-spf.example:") :]
    block = no_spf[no_spf.index("Receiver requirements") : no_spf.index("Recommended changes")]
    assert "Orange: 2 missing: DKIM signature, SPF or DKIM aligned with From" in _flat(block)
    assert "Fix: Apply the fixes of dkim.missing, dmarc.unaligned above." in block
    assert block.count("Fix:") == 1, "the same fix is said once"
    assert "messages a day" not in out, "thresholds are detail, and never '—'"


def test_verbose_shows_the_rest_with_long_values_folded(capsys) -> None:
    out = _demo(capsys, "--verbose")
    assert "Evidence:" in out
    assert "What Gmail requires of the mail sent From healthy.example" in _flat(out)
    assert "Gmail counts as bulk a sender of more than 5000 messages a day" in _flat(out)
    assert re.search(r"p=MIIBIjANBg… \(392 characters\)", out)
    assert "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" not in out
    whole = json.loads(_demo(capsys, "--format", "json"))
    assert any(
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" in line
        for r in whole
        for f in r["findings"]
        for line in f["evidence"]
    )


def test_lines_stay_narrow_except_values_to_paste(capsys) -> None:
    for args in ((), ("--verbose",), ("--lang", "fr")):
        out = _demo(capsys, *args)
        wide = [
            line
            for line in out.splitlines()
            if len(line) > 100 and not line.startswith("    ") and "proposed:" not in line
        ]
        assert wide == [], args


@pytest.mark.parametrize(
    ("line", "shown"),
    (
        ("short: v=DKIM1; p=MIIB", "short: v=DKIM1; p=MIIB"),
        (
            "dx1._domainkey.x.example TXT: v=DKIM1; k=rsa; p=" + "A" * 392,
            "dx1._domainkey.x.example TXT: v=DKIM1; k=rsa; p=AAAAAAAAAA… (392 characters)",
        ),
        ("x" * 120, "xxxxxxxxxx… (120 characters)"),
    ),
)
def test_long_values_are_folded_with_their_length(line: str, shown: str) -> None:
    assert folded(line) == shown


def test_dns_failing_for_the_domain_is_never_a_count_of_problems(capsys) -> None:
    code = main(["check", "--nameserver", "127.0.0.1:9", "--timeout", "0.2", "example.test"])
    out = capsys.readouterr().out
    assert code == ExitCode.DNS_UNAVAILABLE
    assert out.startswith("example.test could not be checked: DNS did not answer (")
    assert "problem" not in out.splitlines()[0]


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("tty", "environ", "expected"),
    (
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (True, {"NO_COLOR": ""}, True),  # set but empty: not set (no-color.org)
        (False, {"FORCE_COLOR": "1"}, True),
        (False, {"FORCE_COLOR": ""}, False),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ),
)
def test_no_color_and_force_color(tty: bool, environ: dict[str, str], expected: bool) -> None:
    assert use_color(_Stream(tty), environ) is expected


def test_force_color_colours_the_demo_and_no_color_wins(capsys, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in _demo(capsys)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in _demo(capsys)
