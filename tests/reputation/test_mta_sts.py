"""MTA-STS and TLS-RPT against the loopback DNS and HTTPS servers, and the HTTPS fetcher's limits."""

from __future__ import annotations

import asyncio

import pytest

from deliverability import https
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.https import HttpsClient
from deliverability.report import Report, Severity
from deliverability.smtp import AddressPolicy
from deliverability.testing import SilentServer


def run(target: str, resolver: Resolver, client: HttpsClient | None) -> Report:
    return asyncio.run(diagnose(target, resolver=resolver, https=client))


def codes(report: Report, check: str) -> dict[str, Severity]:
    return {f.code: f.severity for f in report.findings if f.check == check}


def test_enforced_policy_covering_every_mx(resolver: Resolver, https_client: HttpsClient) -> None:
    report = run("enforce.sts.test", resolver, https_client)
    assert codes(report, "mta_sts") == {"mta_sts.ok": Severity.OK}
    policy = report.facts.mta_sts.policy  # type: ignore[union-attr]
    assert policy is not None and policy.certificate is not None
    assert "mta-sts.enforce.sts.test" in policy.certificate.names
    assert codes(report, "tls_rpt") == {"tls_rpt.ok": Severity.OK}


def test_testing_mode_and_uncovered_mx(resolver: Resolver, https_client: HttpsClient) -> None:
    report = run("uncovered.sts.test", resolver, https_client)
    found = codes(report, "mta_sts")
    assert found == {
        "mta_sts.mx_not_covered": Severity.WARNING,
        "mta_sts.testing_mode": Severity.INFO,
    }
    uncovered = next(f for f in report.findings if f.code == "mta_sts.mx_not_covered")
    assert uncovered.params["hosts"] == ["backup.other.test"]
    assert codes(report, "tls_rpt") == {"tls_rpt.syntax": Severity.WARNING}


def test_certificate_for_another_name(resolver: Resolver, https_client: HttpsClient) -> None:
    report = run("badcert.sts.test", resolver, https_client)
    assert codes(report, "mta_sts") == {"mta_sts.cert_invalid": Severity.WARNING}


def test_a_file_that_is_not_a_policy(resolver: Resolver, https_client: HttpsClient) -> None:
    report = run("badpolicy.sts.test", resolver, https_client)
    assert codes(report, "mta_sts") == {"mta_sts.policy_invalid": Severity.WARNING}
    invalid = next(f for f in report.findings if f.code == "mta_sts.policy_invalid")
    assert any("Line 1" in line for line in invalid.evidence)  # checkdmarc's words: evidence only
    assert "Line 1" not in invalid.detail


@pytest.mark.parametrize(
    ("domain", "code"),
    [
        ("unreachable.sts.test", "mta_sts.policy_unreachable"),
        ("multi.sts.test", "mta_sts.syntax"),
        ("badid.sts.test", "mta_sts.syntax"),
        ("nothing.sts.test", "mta_sts.missing"),
    ],
)
def test_record_problems(
    resolver: Resolver, https_client: HttpsClient, domain: str, code: str
) -> None:
    assert set(codes(run(domain, resolver, https_client), "mta_sts")) == {code}


def test_severities_pinned_by_the_issue(resolver: Resolver, https_client: HttpsClient) -> None:
    assert codes(run("multi.sts.test", resolver, https_client), "mta_sts") == {
        "mta_sts.syntax": Severity.WARNING
    }
    nothing = run("nothing.sts.test", resolver, https_client)
    assert codes(nothing, "mta_sts") == {"mta_sts.missing": Severity.INFO}
    assert codes(nothing, "tls_rpt") == {"tls_rpt.missing": Severity.INFO}


def test_loopback_policy_host_is_refused_without_the_test_switch(resolver: Resolver) -> None:
    report = run("enforce.sts.test", resolver, None)
    policy = report.facts.mta_sts.policy  # type: ignore[union-attr]
    assert policy is not None and policy.outcome == "address_refused" and policy.error == "loopback"
    assert codes(report, "mta_sts") == {"mta_sts.policy_unreachable": Severity.WARNING}


def test_failed_lookup_is_could_not_check(resolver: Resolver) -> None:
    report = run("x.servfail.test", resolver, None)
    for check in ("mta_sts", "tls_rpt", "bimi"):
        assert set(codes(report, check)) == {"dns.unavailable"}, check


def test_fetch_refuses_redirects_and_oversized_bodies(
    resolver: Resolver, https_client: HttpsClient
) -> None:
    moved = asyncio.run(
        https.fetch(
            "https://logo.bimi.test/moved.svg", resolver=resolver, client=https_client, limit=1000
        )
    )
    assert (moved.outcome, moved.status, moved.error) == (
        "redirect",
        301,
        "http://logo.bimi.test/x",
    )
    huge = asyncio.run(
        https.fetch(
            "https://logo.bimi.test/huge.svg",
            resolver=resolver,
            client=https_client,
            limit=32 * 1024,
        )
    )
    assert huge.outcome == "too_large" and huge.body == ""
    missing = asyncio.run(
        https.fetch(
            "https://logo.bimi.test/none", resolver=resolver, client=https_client, limit=1000
        )
    )
    assert (missing.outcome, missing.status) == ("http_status", 404)


@pytest.mark.parametrize(
    "url",
    ["http://logo.bimi.test/good.svg", "https://user@logo.bimi.test/", "https://[::1]/", "ftp://x"],
)
def test_fetch_takes_https_host_names_only(resolver: Resolver, url: str) -> None:
    assert asyncio.run(https.fetch(url, resolver=resolver, limit=10)).outcome == "bad_url"


def test_a_server_that_never_answers_is_a_timeout(resolver: Resolver, https_ca) -> None:  # noqa: ANN001
    with SilentServer() as silent:
        client = HttpsClient(
            policy=AddressPolicy(allow_private=True), port=silent.port, timeout=0.5
        )
        fetched = asyncio.run(
            https.fetch(
                "https://logo.bimi.test/good.svg", resolver=resolver, client=client, limit=10
            )
        )
    assert fetched.outcome == "timeout" and silent.connections == 1


def test_the_fetch_timeout_never_outlasts_the_diagnosis_deadline() -> None:
    assert https.client_for(None, 3.0).timeout == 1.0  # three steps: connect, headers, body
    assert https.client_for(HttpsClient(timeout=2.0), 30.0).timeout == 2.0
