"""Address kinds: what the MX check calls unreachable and the SMTP policy refuses."""

from __future__ import annotations

import csv
import ipaddress
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from deliverability import addresses
from deliverability.addresses import Block, Network, address_kind, block_of, blocks, is_ip_address
from deliverability.smtp import AddressPolicy

IANA = Path(__file__).parent / "data" / "iana"


@pytest.mark.parametrize(
    ("address", "kind"),
    (
        ("8.8.8.8", "public"),
        ("2a00:1450:4007::1b", "public"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.1.1", "shared"),
        ("192.0.0.8", "reserved"),
        ("198.18.0.1", "reserved"),
        ("240.0.0.1", "reserved"),
        ("2002:a00:1::1", "reserved"),
        ("64:ff9b::a00:1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("192.0.2.1", "documentation"),
        ("2001:db8::1", "documentation"),
    ),
)
def test_kinds(address: str, kind: str) -> None:
    assert address_kind(address) == kind


def test_not_an_address() -> None:
    assert not is_ip_address("mx.example.test")
    with pytest.raises(ValueError):
        address_kind("mx.example.test")


def _sample(block: Block) -> str:
    """An address whose most specific block is ``block`` (not one of a narrower block inside it)."""
    network = block.network
    middle = network.network_address + (network.num_addresses // 2)
    for candidate in (network.network_address, network.broadcast_address, middle):
        if block_of(str(candidate)) == block:
            return str(candidate)
    raise AssertionError(f"every sampled address of {network} belongs to a narrower block")


@pytest.mark.parametrize("block", blocks(), ids=lambda block: str(block.network))
def test_every_registry_block(block: Block) -> None:
    # "Globally Reachable" False or N/A is never public; True is, unless this project refuses it.
    sample = _sample(block)
    kind = address_kind(sample)
    mapped = ipaddress.IPv6Address(sample).ipv4_mapped if block.network.version == 6 else None
    if mapped is not None:
        # Not routable as such; a connection to it goes to the IPv4 address it carries.
        assert kind == address_kind(str(mapped))
    elif block.reachable == "True" and not block.refuse:
        assert kind == "public"
    else:
        assert kind == block.kind != "public"


@pytest.mark.parametrize(
    ("address", "kind"),
    (
        ("fec0::1", "private"),  # site-local, deprecated by RFC 3879: the IPv6 Address Space
        ("192.88.99.1", "reserved"),  # 6to4 relay anycast, terminated in 2015 (RFC 7526)
        ("5f00::1", "reserved"),  # SRv6 SIDs (RFC 9602)
        ("2001:1::1", "public"),  # PCP anycast: globally reachable inside 2001::/23
        ("::ffff:192.88.99.1", "reserved"),
    ),
)
def test_ranges_python_calls_global(address: str, kind: str) -> None:
    assert address_kind(address) == kind


def test_the_sources_are_dated() -> None:
    text = (Path(addresses.__file__).parent / "special_addresses.toml").read_text("utf-8")
    sources = tomllib.loads(text)["sources"]
    assert {block.source for block in blocks()} == set(sources)
    for source in sources.values():
        assert source["url"].startswith("https://") and date.fromisoformat(source["updated"])


def test_the_json_copy_gives_what_the_toml_file_gives() -> None:
    # The package reads special_addresses.json, written from the TOML by tools/data_json.py
    # (tests/providers/test_data.py checks the copy is up to date).
    text = (Path(addresses.__file__).parent / "special_addresses.toml").read_text("utf-8")
    assert addresses._validated(tomllib.loads(text)) == blocks()


def _cell(text: str) -> str:
    """A registry cell without its footnote markers (``False [1]`` is False)."""
    return re.sub(r"\s*\[\d+\]", "", text).strip()


def _registry(name: str) -> list[tuple[Network, str]]:
    """Every entry of a special-purpose registry: (block, its "Globally Reachable" cell)."""
    with (IANA / name).open(encoding="utf-8", newline="") as file:
        return [
            (ipaddress.ip_network(prefix.strip()), _cell(row["Globally Reachable"]))
            for row in csv.DictReader(file)
            for prefix in _cell(row["Address Block"]).split(",")
        ]


SPECIAL = {
    "ipv4-special": _registry("iana-ipv4-special-registry-1.csv"),
    "ipv6-special": _registry("iana-ipv6-special-registry-1.csv"),
}
ENTRIES = [entry for entries in SPECIAL.values() for entry in entries]


@pytest.mark.parametrize("source", sorted(SPECIAL))
def test_the_data_file_has_every_registry_entry(source: str) -> None:
    transcribed = {b.network: b.reachable for b in blocks() if b.source == source}
    assert transcribed == dict(SPECIAL[source])


def test_the_data_file_has_the_ipv6_address_space() -> None:
    with (IANA / "ipv6-address-space-1.csv").open(encoding="utf-8", newline="") as file:
        prefixes = {ipaddress.ip_network(row["IPv6 Prefix"]) for row in csv.DictReader(file)}
    # fc00::/7 and fe80::/10 are also special-purpose entries, which say whether they are reachable.
    transcribed = {b.network for b in blocks() if b.source in ("ipv6-space", "ipv6-special")}
    assert prefixes <= transcribed
    assert {b.network for b in blocks() if b.source == "ipv6-space"} <= prefixes


def _most_specific(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """The "Globally Reachable" cell of the most specific registry entry holding ``address``."""
    holding = [(n, r) for n, r in ENTRIES if n.version == address.version and address in n]
    return max(holding, key=lambda entry: entry[0].prefixlen)[1]


@pytest.mark.parametrize("network", [n for n, _ in ENTRIES], ids=str)
def test_the_guard_follows_every_registry_entry(network: Network) -> None:
    # Read from the registry's copy, not from the data file: an entry missing there is caught.
    policy = AddressPolicy()
    middle = network.network_address + network.num_addresses // 2
    for address in (network.network_address, middle, network.broadcast_address):
        refused = policy.refusal(str(address))
        block = block_of(str(address))
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:  # a connection to it goes to the IPv4 address it carries
            assert refused == policy.refusal(str(mapped)), address
        elif _most_specific(address) != "True":
            assert refused, address
        elif refused:  # this project's own stricter policy, stated in the data file
            assert block is not None and block.refuse, address
