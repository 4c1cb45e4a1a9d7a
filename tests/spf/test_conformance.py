"""The RFC 7208 test suite (tests/data/conformance/spf/rfc7208-tests.yml), every test, through loopback DNS.

Each scenario's zonedata becomes a root zone served by a real :class:`DnsServer`, read as
tests/data/conformance/README.md says: an SPF entry is also served as TXT unless the name has
TXT entries of its own (``TXT: NONE`` included), ``TIMEOUT`` drops every query of the name
except for the types listed before it, a missing name starting with ``error.`` times out,
and ``\\xNN`` escapes are served as raw octets. Results given as a list accept any member;
taking one that is not the first is reported at the end of the run.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from pathlib import Path

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.zone
import pytest
import yaml
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.SPF import SPF
from dns.rdtypes.ANY.TXT import TXT

from deliverability.dns import Resolver
from deliverability.spf import check_host
from deliverability.testing import DnsServer, Faults

SUITE = Path(__file__).resolve().parents[1] / "data" / "conformance" / "spf" / "rfc7208-tests.yml"
EXPECTED_TESTS = 203


def _scenarios() -> list[dict]:
    with SUITE.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


SCENARIOS = _scenarios()
CASES = [
    pytest.param(number, test_id, id=f"{scenario['description']}::{test_id}")
    for number, scenario in enumerate(SCENARIOS)
    for test_id in scenario["tests"]
]


def test_the_whole_suite_is_run() -> None:
    assert len(CASES) == EXPECTED_TESTS


@pytest.fixture(scope="module")
def server() -> Iterator[DnsServer]:
    """One loopback DNS server for the whole suite; each test points it at its scenario's zone.

    One server rather than one per scenario: fewer ports to bind on a busy machine. Tests run
    one at a time, and the server reads ``zones`` and ``faults`` afresh for every query.
    """
    with DnsServer([]) as running:
        yield running


@functools.cache
def _world(number: int) -> tuple[dns.zone.Zone, Faults]:
    return scenario_zone(SCENARIOS[number].get("zonedata") or {})


@pytest.mark.parametrize(("number", "test_id"), CASES)
def test_rfc7208(
    server: DnsServer, conformance_notes: list[str], number: int, test_id: str
) -> None:
    case = SCENARIOS[number]["tests"][test_id]
    mailfrom, helo = case["mailfrom"], case["helo"]
    domain = mailfrom.rpartition("@")[2] if mailfrom else helo
    zone, faults = _world(number)
    server.zones, server.faults = [zone], faults
    resolver = Resolver([server.address], timeout=1.0)
    outcome = asyncio.run(
        check_host(
            ip=case["host"],
            domain=domain,
            sender=mailfrom or f"postmaster@{helo}",
            helo=helo,
            resolver=resolver,
        )
    )
    accepted = case["result"] if isinstance(case["result"], list) else [case["result"]]
    trace = "\n".join(f"{'  ' * s.depth}{s.kind}: {s.text} {s.outcome}" for s in outcome.trace)
    assert outcome.result.value in accepted, f"{outcome.result.value} ({outcome.reason})\n{trace}"
    if outcome.result.value != accepted[0]:
        conformance_notes.append(f"{test_id}: {outcome.result.value} (preferred {accepted[0]})")
    if "explanation" in case:
        expected = None if case["explanation"] == "DEFAULT" else case["explanation"]
        if outcome.explanation != expected:
            # RFC 7208 §7.4 writes IPv6 nibbles in lower case; the suite expects upper case.
            assert expected is not None and outcome.explanation is not None, outcome.explanation
            assert outcome.explanation.lower() == expected.lower(), outcome.explanation
            conformance_notes.append(
                f"{test_id}: explanation {outcome.explanation!r} differs from {expected!r} in case only"
            )


def scenario_zone(zonedata: dict) -> tuple[dns.zone.Zone, Faults]:
    """A root zone holding every name of the scenario, and the faults its TIMEOUTs ask for."""
    zone = dns.zone.Zone(dns.name.root, relativize=False)
    faults = Faults(rule=lambda name, rdtype: "timeout" if name.startswith("error.") else None)
    for owner, entries in zonedata.items():
        try:
            name = dns.name.from_text(owner)
        except dns.name.LabelTooLong:
            continue  # the README: such a name cannot be queried
        key = name.to_text(omit_final_dot=True).lower()
        own_txt = any(isinstance(entry, dict) and "TXT" in entry for entry in entries)
        answered: set[str] = set()
        for entry in entries:
            if entry == "TIMEOUT":
                faults.timeout[key] = None
                faults.except_types[key] = frozenset(answered)
                continue
            ((rdtype, value),) = entry.items()
            if value == "NONE":
                continue
            types = (
                ["SPF"]
                if rdtype == "SPF" and own_txt
                else ["SPF", "TXT"]
                if rdtype == "SPF"
                else [rdtype]
            )
            for served in types:
                answered.add(served)
                rdataset = zone.find_rdataset(name, served, create=True)
                rdataset.add(_rdata(served, value), 300)
    return zone, faults


def _rdata(rdtype: str, value: object) -> dns.rdata.Rdata:
    IN = dns.rdataclass.IN  # noqa: N806
    if rdtype in ("TXT", "SPF"):
        strings = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
        chunks = [chunk for text in strings for chunk in _chunks(_octets(text))]
        # dnspython cannot build a TXT without strings; one empty string is the nearest.
        cls = TXT if rdtype == "TXT" else SPF
        return cls(IN, dns.rdatatype.from_text(rdtype), chunks or [b""])
    if rdtype == "MX":
        preference, exchange = value  # type: ignore[misc]
        return MX(
            IN,
            dns.rdatatype.MX,
            preference,
            dns.name.from_text(exchange) if exchange else dns.name.root,
        )
    return dns.rdata.from_text(IN, rdtype, str(value), origin=dns.name.root, relativize=False)


def _octets(text: str) -> bytes:
    """``\\xNN`` escapes come out of YAML as code points below 256: serve them as those octets."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _chunks(octets: bytes) -> list[bytes]:
    return [octets[i : i + 255] for i in range(0, len(octets), 255)] or [b""]
