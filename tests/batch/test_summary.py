"""The summary table and the progress bar."""

from __future__ import annotations

import io
import re

from deliverability.baseline import Baseline, Gate
from deliverability.cli._progress import Progress
from deliverability.facts import Facts
from deliverability.facts.lookup import LookupFact
from deliverability.facts.mx import MxFacts
from deliverability.render.summary import Summary, dns_unavailable
from deliverability.report import Severity

from .test_formats import MIXED, bad_item, finding, item, report


def summarise(items, gate: Gate | None = None) -> Summary:
    summary = Summary(gate or Gate())
    for one in items:
        summary.add(one)
    return summary


def test_summary_counts_targets_by_worst_finding() -> None:
    summary = summarise(MIXED)
    assert (summary.targets, summary.invalid) == (3, 1)
    assert summary.worst[Severity.OK] == 1
    assert summary.worst[Severity.ERROR] == 1
    assert summary.worst[Severity.WARNING] == 1
    assert (summary.failing_targets, summary.failures) == (1, 2)
    assert summary.dns_queries == 21


def test_summary_table_in_english_and_french() -> None:
    summary = summarise(MIXED, Gate(baseline=Baseline(frozenset({("bad.example", "mx.null")}), 1)))
    english = summary.render("en")
    # Targets checked and lines that were not targets are counted apart.
    assert english.startswith("Checked: 3 targets in ")
    assert re.search(r"not a domain or an address +1\n", english)
    assert "Findings failing the run: 1 (at or above error" in english
    assert "Findings known from the baseline: 1; targets in the baseline: 1" in english
    assert "Most frequent: " in english and "dmarc.syntax ×1" in english
    french = summary.render("fr")
    assert french.startswith("Vérifiées : 3 cibles en ")
    assert "ni un domaine ni une adresse" in french


def test_the_most_frequent_codes_do_not_depend_on_the_order_results_arrived_in() -> None:
    lines = {summarise(order).render("en").splitlines()[-1] for order in (MIXED, MIXED[::-1])}
    assert len(lines) == 1, lines
    (line,) = lines
    counted = re.findall(r"(\S+) ×(\d+)", line)
    assert counted == sorted(counted, key=lambda count: (-int(count[1]), count[0]))


def test_summary_keeps_counts_not_reports() -> None:
    summary = summarise(
        [item(report(f"d{n}.example", finding("mx.null", Severity.ERROR))) for n in range(500)]
    )
    assert summary.codes == {"mx.null": 500}
    assert not any(isinstance(value, list) for value in vars(summary).values())


def lookup(outcome: str) -> LookupFact:
    return LookupFact(name="example.com", rdtype="MX", outcome=outcome)


def test_dns_unavailable_means_every_lookup_failed() -> None:
    down = report("example.com").model_copy(
        update={"facts": Facts(mx=MxFacts(lookup=lookup("timeout")))}
    )
    mixed = report("example.com").model_copy(
        update={
            "facts": Facts(mx=MxFacts(lookup=lookup("servfail"), implicit=[lookup("nxdomain")]))
        }
    )
    assert dns_unavailable(down)
    assert not dns_unavailable(mixed)
    assert not dns_unavailable(report("example.com").model_copy(update={"facts": Facts()}))


def test_all_unavailable_needs_every_target_down() -> None:
    down = item(
        report("a.example").model_copy(
            update={"facts": Facts(mx=MxFacts(lookup=lookup("timeout")))}
        )
    )
    up = item(report("b.example"))
    assert summarise([down, bad_item()]).all_unavailable
    assert not summarise([down, up]).all_unavailable
    assert not summarise([bad_item()]).all_unavailable


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_erases_itself() -> None:
    terminal = Terminal()
    progress = Progress(terminal, total=4)
    progress.advance()
    assert "1/4 [#######" in terminal.getvalue()
    progress.close()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_progress_bar_stays_off_elsewhere() -> None:
    for stream, enabled in ((io.StringIO(), True), (Terminal(), False)):
        progress = Progress(stream, total=4, enabled=enabled)
        progress.advance()
        progress.close()
        assert stream.getvalue() == ""


def test_progress_without_a_total_counts() -> None:
    terminal = Terminal()
    Progress(terminal).advance()
    assert terminal.getvalue().startswith("\r  1 ")
