"""Real protocol peers on loopback, for tests, demos and users' own CI."""

from deliverability.testing import _network_guard as network_guard
from deliverability.testing._dns_server import (
    DnsServer,
    Faults,
    load_zone_directory,
    zone_from_records,
    zone_from_text,
)

__all__ = ["DnsServer", "Faults", "load_zone_directory", "zone_from_records", "network_guard", "zone_from_text"]
