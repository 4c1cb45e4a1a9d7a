"""Real protocol peers on loopback (DNS, SMTP, HTTPS), for tests, demos and users' own CI."""

from deliverability.testing import _network_guard as network_guard
from deliverability.testing._dns_server import (
    DnsServer,
    Faults,
    load_zone_directory,
    zone_from_records,
    zone_from_text,
)
from deliverability.testing._hostile import big_txt_wildcard_zone, spf_bomb_zone, txt_rdata
from deliverability.testing._https_server import HttpsServer, Page
from deliverability.testing._smtp_server import Received, SilentServer, SmtpServer

LOOKUP_TIMEOUT = 2.0
"""Seconds a test lookup may wait on the loopback server: far above a loopback round trip
(under a millisecond), so a busy CI machine does not turn answers into timeouts, and short
enough that tests of a server that never answers stay quick."""

__all__ = [
    "LOOKUP_TIMEOUT",
    "DnsServer",
    "Faults",
    "HttpsServer",
    "Page",
    "Received",
    "SilentServer",
    "SmtpServer",
    "big_txt_wildcard_zone",
    "load_zone_directory",
    "network_guard",
    "spf_bomb_zone",
    "txt_rdata",
    "zone_from_records",
    "zone_from_text",
]
