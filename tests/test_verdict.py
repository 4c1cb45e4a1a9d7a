"""The opening sentence of a report, built from its findings and facts (pure: hand-built reports)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deliverability.codes import dkim as dkim_codes
from deliverability.codes import dmarc as dmarc_codes
from deliverability.codes import dns as dns_codes
from deliverability.codes import finding, localize, summarized
from deliverability.codes import mx as mx_codes
from deliverability.codes import requirements as requirement_codes
from deliverability.facts import Facts, LookupFact
from deliverability.facts.mx import MxFacts
from deliverability.report import Finding, Report, Severity

DOMAIN = "x.test"
NO_KEY = finding(
    dkim_codes.MISSING,
    {"selector": "s1", "name": f"s1._domainkey.{DOMAIN}", "domain": DOMAIN, "outcome": "nxdomain"},
)
MONITORS = finding(dmarc_codes.POLICY_NONE, {"domain": DOMAIN, "policy_domain": DOMAIN})
NULL_MX = finding(mx_codes.NULL, {"domain": DOMAIN})
RECEIVES = finding(mx_codes.OK, {"domain": DOMAIN, "hosts": [f"mx.{DOMAIN} (10)"]})
GMAIL = finding(
    requirement_codes.GENERATED["gmail"],
    {
        "receiver": "Gmail",
        "domain": DOMAIN,
        "verdict": "verdict_missing",
        "missing": ["ptr"],
        "missing_count": 1,
        "sentences": [],
        "remedy": "fix_missing",
    },
    severity=Severity.ERROR,
)
DMARC_DOWN = finding(
    dns_codes.UNAVAILABLE, {"name": f"_dmarc.{DOMAIN}", "rdtype": "TXT", "outcome": "timeout"}
)


def _report(*findings: Finding, facts: Facts | None = None, lang: str = "en") -> Report:
    report = Report(
        target=DOMAIN,
        domain=DOMAIN,
        checked_at=datetime(2026, 11, 30, tzinfo=UTC),
        duration_ms=1,
        dns_queries=1,
        facts=facts or Facts(),
        findings=list(findings),
    )
    return localize(report, lang) if lang != "en" else summarized(report)


@pytest.mark.parametrize(
    ("findings", "sentence"),
    (
        ((), "x.test: nothing is wrong."),
        ((RECEIVES,), "x.test: nothing is wrong."),
        # Worst first; a capital of the template goes lower-case inside the sentence.
        (
            (MONITORS, NO_KEY),
            "x.test: no DKIM key for selector s1; DMARC policy p=none only monitors.",
        ),
        # At most three named, the rest counted; equals in report order.
        (
            (MONITORS, NO_KEY, NULL_MX, MONITORS, MONITORS),
            "x.test: no DKIM key for selector s1; x.test publishes a null MX: it accepts no mail; "
            "DMARC policy p=none only monitors, and 2 more problems.",
        ),
        # A receiver's requirement restates the others: named only when nothing else is wrong.
        ((GMAIL, MONITORS), "x.test: DMARC policy p=none only monitors."),
        ((GMAIL,), "x.test: Gmail: 1 missing: reverse DNS."),
        # Some lookups failed: said, never counted as a problem.
        (
            (RECEIVES, DMARC_DOWN),
            "x.test: nothing is wrong in what could be checked; DNS did not answer for "
            "_dmarc.x.test.",
        ),
        (
            (NO_KEY, DMARC_DOWN),
            "x.test: no DKIM key for selector s1; DNS did not answer for _dmarc.x.test.",
        ),
    ),
)
def test_sentence(findings: tuple[Finding, ...], sentence: str) -> None:
    assert _report(*findings).summary == sentence


def test_dns_failing_for_the_domain_is_could_not_check_never_a_count() -> None:
    down = Facts(mx=MxFacts(lookup=LookupFact(name=DOMAIN, rdtype="MX", outcome="timeout")))
    report = _report(DMARC_DOWN, MONITORS, facts=down)
    assert report.summary == (
        "x.test could not be checked: DNS did not answer (timeout for x.test MX)."
    )


def test_in_french() -> None:
    report = _report(MONITORS, NO_KEY, lang="fr")
    assert report.summary == (
        "x.test : aucune clé DKIM pour le sélecteur s1 ; "
        "la politique DMARC p=none ne fait que surveiller."
    )
