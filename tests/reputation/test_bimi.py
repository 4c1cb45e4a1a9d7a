"""BIMI: the DMARC gate first, the record, the logo and the certificate (loopback DNS and HTTPS)."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from deliverability.checks.bimi import _certificate_problems, svg_problems
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.facts import FetchFact
from deliverability.https import HttpsClient
from deliverability.report import Report, Severity

from .conftest import BAD_SVG, SQUARE_SVG


def bimi(target: str, resolver: Resolver, client: HttpsClient) -> dict[str, Severity]:
    report: Report = asyncio.run(diagnose(target, resolver=resolver, https=client))
    return {f.code: f.severity for f in report.findings if f.check == "bimi"}


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("good.bimi.test", {"bimi.no_certificate": Severity.INFO}),
        (
            "gate.bimi.test",
            {"bimi.dmarc_gate": Severity.WARNING, "bimi.no_certificate": Severity.INFO},
        ),
        (
            "pct.bimi.test",
            {"bimi.dmarc_gate": Severity.WARNING, "bimi.no_certificate": Severity.INFO},
        ),
        (
            "sub.bimi-orgnone.test",
            {"bimi.dmarc_gate": Severity.WARNING, "bimi.no_certificate": Severity.INFO},
        ),
        (
            "badlogo.bimi.test",
            {"bimi.svg_invalid": Severity.WARNING, "bimi.no_certificate": Severity.INFO},
        ),
        ("moved.bimi.test", {"bimi.logo_unreachable": Severity.WARNING}),
        ("nocert.bimi.test", {"bimi.certificate_invalid": Severity.WARNING}),
        ("leafcert.bimi.test", {"bimi.certificate_invalid": Severity.WARNING}),
        ("syntax.bimi.test", {"bimi.syntax": Severity.WARNING}),
        ("nothing.bimi.test", {"bimi.missing": Severity.INFO}),
    ],
)
def test_bimi_states(
    resolver: Resolver, https_client: HttpsClient, domain: str, expected: dict[str, Severity]
) -> None:
    assert bimi(domain, resolver, https_client) == expected


def test_the_gate_is_said_first(resolver: Resolver, https_client: HttpsClient) -> None:
    report = asyncio.run(diagnose("gate.bimi.test", resolver=resolver, https=https_client))
    first = next(f for f in report.findings if f.check == "bimi")
    assert first.code == "bimi.dmarc_gate"
    assert first.params["gate_label"] == "its DMARC policy is p=none"


def test_svg_problems_beyond_checkdmarc() -> None:
    from checkdmarc.bimi import check_svg_requirements, get_svg_metadata

    assert svg_problems(SQUARE_SVG.decode(), get_svg_metadata, check_svg_requirements) == []
    problems = svg_problems(BAD_SVG.decode(), get_svg_metadata, check_svg_requirements)
    text = " | ".join(problems)
    for expected in (
        "script",
        "animation",
        "external reference https://tracker.example",
        "not square",
        "1.2",
    ):
        assert expected in text


def _fetched(body: str) -> FetchFact:
    return FetchFact(url="https://logo.bimi.test/x", outcome="ok", body=body)


@pytest.mark.parametrize(
    ("logotype", "errors", "problems"),
    [
        ("same", [], 0),
        ("other", [], 1),
        (None, [], 1),
        ("same", ["The certificate expired on 2020-01-01 00:00:00Z"], 1),
    ],
)
def test_certificate_logo_hash_must_be_the_svg(
    logotype: str | None, errors: list[str], problems: int
) -> None:
    svg = SQUARE_SVG.decode()
    digest = {"same": hashlib.sha256(SQUARE_SVG).hexdigest(), "other": "0" * 64, None: None}[
        logotype
    ]

    def metadata(pem: bytes, *, domain: str) -> dict[str, object]:
        return {"logotype_sha256": digest, "validation_errors": errors}

    found = _certificate_problems(_fetched("PEM"), _fetched(svg), "good.bimi.test", metadata)
    assert len(found) == problems


def test_a_certificate_that_certifies_the_logo_makes_bimi_ready() -> None:
    """bimi.ok: DMARC at enforcement, a valid logo and a certificate whose logotype is that logo.
    The reader stands for checkdmarc's, whose chain check accepts only the Mark Verifying
    Authorities' roots (no test can issue such a certificate)."""
    from deliverability.checks.bimi import findings
    from deliverability.context import Context
    from deliverability.facts import BimiFacts, DmarcFacts, Facts, LookupFact
    from deliverability.target import parse_target

    lookup = LookupFact(name="default._bimi.ready.example", rdtype="TXT", outcome="answer")
    facts = Facts(
        dmarc=DmarcFacts(
            domain="ready.example",
            organizational_domain="ready.example",
            policy_domain="ready.example",
            records=["v=DMARC1; p=reject"],
        ),
        bimi=BimiFacts(
            domain="ready.example",
            lookups=[lookup],
            record_domain="ready.example",
            records=["v=BIMI1; l=https://logo.example/l.svg; a=https://logo.example/c.pem"],
            logo=_fetched(SQUARE_SVG.decode()),
            certificate=_fetched("PEM"),
        ),
    )

    def reader(pem: bytes, *, domain: str) -> dict[str, object]:
        return {"logotype_sha256": hashlib.sha256(SQUARE_SVG).hexdigest(), "validation_errors": []}

    context = Context(parse_target("ready.example"))
    found = list(findings(facts.bimi, facts, context, read_certificate=reader))  # type: ignore[arg-type]
    assert [f.code for f in found] == ["bimi.ok"]
