"""The MX probe (``check --smtp``) against loopback servers, and through the diagnosis."""

from __future__ import annotations

import asyncio

from deliverability.checks.smtp import mx_findings
from deliverability.diagnosis import diagnose
from deliverability.report import Severity
from deliverability.smtp import AddressPolicy, probe_mx

ALLOW = AddressPolicy(allow_private=True)


def probe(
    resolver,
    domain: str,
    port: int,
    ca_file: str,
    policy: AddressPolicy = ALLOW,
    timeout: float = 5.0,
):
    facts = asyncio.run(
        probe_mx(
            domain, resolver=resolver, port=port, policy=policy, ca_file=ca_file, timeout=timeout
        )
    )
    return facts, mx_findings(facts, domain)


def test_each_mx_host_with_starttls_and_a_valid_certificate(
    resolver, ca_file, starttls_server
) -> None:
    facts, findings = probe(resolver, "smtp-mx.test", starttls_server.port, ca_file)
    assert [(s.host, s.outcome) for s in facts.sessions] == [
        ("mx1.smtp-mx.test", "ok"),
        ("mx2.smtp-mx.test", "ok"),
    ]
    session = facts.sessions[0]
    assert (
        "STARTTLS" in session.steps
        and session.tls.verified
        and session.tls.version.startswith("TLSv1.")
    )
    assert session.tls.days_left > 300 and session.latency_ms is not None and session.banner
    assert "mx1.smtp-mx.test" in session.tls.names
    assert [(f.code, f.params["host"]) for f in findings] == [
        ("smtp.ok", "mx1.smtp-mx.test"),
        ("smtp.ok", "mx2.smtp-mx.test"),
    ]
    assert session.auth_mechanisms == []  # no login on an MX


def test_mx_without_starttls_is_a_warning(resolver, ca_file, plain_server) -> None:
    _, findings = probe(resolver, "smtp-mx-single.test", plain_server.port, ca_file)
    assert [(f.code, f.severity) for f in findings] == [("smtp.no_starttls", Severity.WARNING)]


def test_mx_with_an_expired_certificate_is_a_warning(resolver, ca_file, expired_server) -> None:
    _, findings = probe(resolver, "smtp-mx-single.test", expired_server.port, ca_file)
    assert [(f.code, f.severity) for f in findings] == [("smtp.cert_invalid", Severity.WARNING)]


def test_implicit_mx_is_the_domain_itself(resolver, ca_file, starttls_server) -> None:
    facts, findings = probe(resolver, "smtp-mx-implicit.test", starttls_server.port, ca_file)
    assert facts.lookup.outcome == "nodata"
    assert [s.host for s in facts.sessions] == ["smtp-mx-implicit.test"]
    assert [f.code for f in findings] == ["smtp.ok"]


def test_port_blocked_from_here(resolver, ca_file, closed_port) -> None:
    facts, findings = probe(resolver, "smtp-mx.test", closed_port, ca_file)
    assert {s.outcome for s in facts.sessions} == {"unreachable"}
    [finding] = findings
    assert (finding.code, finding.severity, finding.params["count"]) == (
        "smtp.port25_blocked",
        Severity.INFO,
        2,
    )


def test_silent_mx_times_out(resolver, ca_file, silent_server) -> None:
    _, findings = probe(resolver, "smtp-mx-single.test", silent_server.port, ca_file, timeout=0.3)
    assert [(f.code, f.severity, f.params["step"]) for f in findings] == [
        ("smtp.timeout", Severity.WARNING, "banner")
    ]


def test_policy_applies_to_mx_addresses(resolver, ca_file, starttls_server) -> None:
    before = starttls_server.connections
    facts, findings = probe(
        resolver, "smtp-mx.test", starttls_server.port, ca_file, policy=AddressPolicy()
    )
    assert {s.outcome for s in facts.sessions} == {"address_refused"}
    assert {(f.code, f.severity) for f in findings} == {("smtp.address_refused", Severity.INFO)}
    assert starttls_server.connections == before


def test_failed_mx_lookup_probes_nothing(resolver, ca_file) -> None:
    facts, findings = probe(resolver, "smtp.timeout.test", 25, ca_file)
    assert facts.lookup.outcome == "timeout" and facts.sessions == [] and findings == []


def test_diagnosis_probes_only_when_asked(resolver) -> None:
    quiet = asyncio.run(diagnose("smtp-mx-single.test", resolver=resolver))
    assert quiet.facts.smtp is None and not quiet.codes("smtp")
    probed = asyncio.run(diagnose("smtp-mx-single.test", resolver=resolver, smtp=True))
    # Loopback is refused by the default policy: nothing is connected, the MX check says why.
    assert [s.outcome for s in probed.facts.smtp.sessions] == ["address_refused"]
    assert probed.codes("smtp") == {"smtp.address_refused"}
    assert probed.facts.smtp.lookup == probed.facts.mx.lookup
