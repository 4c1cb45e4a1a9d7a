"""Shared fixtures: the loopback DNS server over every test zone, and the network guard.

Zone files live beside the tests that use them, in ``tests/**/zones/*.zone`` (the file
name is the origin); one session-wide server answers for all of them, so each test zone
must have a unique name under ``.test``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from hypothesis import settings

from deliverability.advice import Platform
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.report import Report
from deliverability.testing import (
    LOOKUP_TIMEOUT,
    DnsServer,
    Faults,
    network_guard,
    zone_from_text,
)

TESTS = Path(__file__).parent

# Property tests are bounded by their number of examples (100 unless a test's @settings says
# otherwise), never by time: under parallel workers on a busy machine, a slow example is not
# a failure (no timed assertions).
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """Fail any test that tries to reach beyond loopback."""
    network_guard.enable()
    yield
    network_guard.disable()


@pytest.fixture(autouse=True, scope="session")
def _store_in_a_temporary_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Apps made from the environment keep their store in the session's temporary directory,
    never in the user's data directory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DELIVERABILITY_DB", str(tmp_path_factory.mktemp("store") / "session.db"))
        yield


@pytest.fixture(autouse=True, scope="session")
def _reports_pass_their_validators() -> Iterator[None]:
    """Every report a test builds, whatever the path (diagnosis, message, explain, CLI, web),
    is also read back through the validators and must come out equal.

    The probes and rules build their facts, findings and reports with ``model_construct``,
    unvalidated: mypy checks those calls (the pydantic plugin types ``model_construct``,
    field by field), and this checks the values at run time. A list where a tuple is
    declared, a string where an enum is, an unknown field: the test that built it fails.
    """
    construct = Report.model_construct

    def checked(_fields_set: set[str] | None = None, **values: Any) -> Report:
        report = construct(_fields_set, **values)
        assert Report.model_validate_json(report.model_dump_json()) == report, (
            "a report differs from its validated copy"
        )
        return report

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Report, "model_construct", checked)
        yield


def _test_zones() -> list:
    zones = []
    for path in sorted(TESTS.glob("**/zones/*.zone")):
        zones.append(zone_from_text(path.read_text(encoding="utf-8"), path.stem, source=path.name))
    return zones


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DnsServer]:
    """The loopback DNS server for every test zone; names under ``timeout.test`` time out and
    names under ``servfail.test`` get SERVFAIL."""
    faults = Faults(rule=_fault_rule)
    with DnsServer(_test_zones(), faults=faults) as server:
        yield server


def _fault_rule(name: str, rdtype: str) -> str | None:
    if name == "timeout.test" or name.endswith(".timeout.test"):
        return "timeout"
    if name == "servfail.test" or name.endswith(".servfail.test"):
        return "servfail"
    return None


@pytest.fixture
def resolver(dns_server: DnsServer) -> Resolver:
    """A fresh resolver (empty cache) asking the loopback server; short timeout so fault paths are quick."""
    return Resolver([dns_server.address], timeout=LOOKUP_TIMEOUT)


@pytest.fixture
def diagnose_here(resolver: Resolver):
    """Run the whole diagnosis of a target against the loopback server: ``diagnose_here("x.test")``."""

    def run(target: str, **options: object) -> Report:
        return asyncio.run(diagnose(target, resolver=resolver, **options))  # type: ignore[arg-type]

    return run


@pytest.fixture
def platform() -> Platform | None:
    """The platform a folder's diagnoses are made for: none here; a folder's conftest overrides it."""
    return None


@pytest.fixture
def diagnose_for_platform(diagnose_here, platform: Platform | None):
    """``diagnose_for_platform("x.test", ...)``: a whole diagnosis on loopback, for ``platform``."""

    def run(target: str, **options: object) -> Report:
        options.setdefault("platform", platform)
        return diagnose_here(target, **options)

    return run


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    """The session's certificate authority: every test SMTP server's certificate comes from it."""
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The CA as a PEM file, as ``--ca-file`` and ``ca_file=`` take it."""
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)
