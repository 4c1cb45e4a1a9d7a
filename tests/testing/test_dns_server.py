"""The loopback DNS server itself: zone loading, SOA in negative answers, faults, delay."""

from __future__ import annotations

import asyncio
from pathlib import Path

import dns.asyncquery
import dns.message
import dns.rcode
import dns.rdatatype
import pytest

from deliverability.demo import world
from deliverability.testing import DnsServer, load_zone_directory, zone_from_records, zone_from_text

EXAMPLES = Path(str(world() / "zones"))


def ask(server: DnsServer, name: str, rdtype: str, *, tcp: bool = False) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    send = dns.asyncquery.tcp if tcp else dns.asyncquery.udp
    return asyncio.run(send(query, server.host, port=server.port, timeout=2))


def test_negative_answers_carry_the_soa() -> None:
    zone = zone_from_records(
        "soa.test",
        {"soa.test": [("SOA", "ns.soa.test. h.soa.test. 1 2 3 4 60"), ("A", "192.0.2.1")]},
    )
    with DnsServer([zone]) as server:
        nodata = ask(server, "soa.test", "MX")
        nxdomain = ask(server, "nothing.soa.test", "A", tcp=True)
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer and nodata.authority
    assert nxdomain.rcode() == dns.rcode.NXDOMAIN and nxdomain.authority


def test_a_zone_without_soa_answers_with_its_default_one_at_the_apex() -> None:
    # The SOA a negative answer carries is also the answer at the apex: a zone's cut can be found.
    zone = zone_from_records("nosoa.test", {"nosoa.test": [("A", "192.0.2.1")]})
    with DnsServer([zone]) as server:
        apex = ask(server, "nosoa.test", "SOA")
        below = ask(server, "www.nosoa.test", "SOA")
    assert apex.answer and apex.answer[0].rdtype == dns.rdatatype.SOA
    assert below.rcode() == dns.rcode.NXDOMAIN and not below.answer


def test_cname_loop_is_servfail_not_a_hang() -> None:
    zone = zone_from_records(
        "loop.test",
        {"a.loop.test": [("CNAME", "b.loop.test.")], "b.loop.test": [("CNAME", "a.loop.test.")]},
    )
    with DnsServer([zone]) as server:
        assert ask(server, "a.loop.test", "A").rcode() == dns.rcode.SERVFAIL


def test_duplicate_origins_are_refused() -> None:
    zone = zone_from_text("@ 300 IN A 192.0.2.1", "dup.test")
    with pytest.raises(ValueError, match="same origin"):
        DnsServer([zone, zone_from_text("@ 300 IN A 192.0.2.2", "dup.test")])


def test_bad_zone_file_names_the_file() -> None:
    with pytest.raises(ValueError, match="broken.zone"):
        zone_from_text("@ IN A not-an-address", "broken.test", source="broken.zone")


def test_demo_zones_load() -> None:
    assert {zone.origin.to_text() for zone in load_zone_directory(EXAMPLES)} >= {
        "platform.example.",
        "healthy.example.",
    }


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_zone_directory(tmp_path)


def test_counts_queries_and_drops_timeouts() -> None:
    from deliverability.testing import Faults

    zone = zone_from_records("count.test", {"count.test": [("A", "192.0.2.1")]})
    with DnsServer([zone], faults=Faults(timeout={"count.test": frozenset({"TXT"})})) as server:
        assert ask(server, "count.test", "A").answer
        with pytest.raises(dns.exception.Timeout):
            asyncio.run(
                dns.asyncquery.udp(
                    dns.message.make_query("count.test", "TXT"),
                    server.host,
                    port=server.port,
                    timeout=0.2,
                )
            )
        assert server.queries == 2


def test_empty_record_set_is_no_data_not_silence() -> None:
    zone = zone_from_records("empty.test", {"empty.test": [("A", "192.0.2.1")]})
    zone.find_node("empty.test.").find_rdataset(
        "IN", "TXT", create=True
    )  # an empty set, as code may build
    with DnsServer([zone]) as server:
        reply = ask(server, "empty.test", "TXT")
    assert reply.rcode() == dns.rcode.NOERROR and not reply.answer


def test_taken_udp_port_is_an_error_without_leaks() -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        with pytest.raises(OSError):
            DnsServer([zone_from_text("@ 300 IN A 192.0.2.1", "taken.test")], port=port).start()
