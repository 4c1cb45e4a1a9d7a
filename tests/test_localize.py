"""A saved report re-renders in the other language: findings and changes alike."""

from __future__ import annotations

from datetime import UTC, datetime

from deliverability.codes import change, finding, localize, summarized
from deliverability.codes import dmarc as dmarc_codes
from deliverability.i18n import N_
from deliverability.report import Report


def _report() -> Report:
    return summarized(
        Report(
            target="x.test",
            domain="x.test",
            checked_at=datetime(2026, 11, 28, tzinfo=UTC),
            duration_ms=1,
            dns_queries=1,
            findings=[
                finding(dmarc_codes.POLICY_NONE, {"domain": "x.test", "policy_domain": "x.test"})
            ],
            changes=[
                change(
                    kind="platform",
                    name="Reply-To",
                    type="address",
                    proposed="a@x.test",
                    reasons=[N_("Replies still reach the customer's own mailbox.")],
                ),
            ],
        )
    )


def test_findings_and_changes_follow_the_language() -> None:
    english = _report()
    french = localize(english, "fr")
    assert french.lang == "fr"
    assert french.findings[0].title != english.findings[0].title
    assert french.changes[0].why != english.changes[0].why
    assert english.summary == "x.test: DMARC policy p=none only monitors."
    assert french.summary.startswith("x.test : ") and french.summary != english.summary
    assert localize(french, "en") == english


def test_machine_fields_do_not_change() -> None:
    english, french = _report(), localize(_report(), "fr")
    assert [f.code for f in french.findings] == [f.code for f in english.findings]
    assert french.findings[0].params == english.findings[0].params
    assert french.changes[0].proposed == english.changes[0].proposed


def test_round_trip_through_json() -> None:
    saved = _report().model_dump_json()
    assert (
        localize(Report.model_validate_json(saved), "fr").changes[0].why.startswith("Les réponses")
    )
