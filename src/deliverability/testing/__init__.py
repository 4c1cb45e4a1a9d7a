"""Real protocol peers on loopback (DNS, SMTP, HTTPS), for tests, demos and users' own CI."""

from deliverability.testing import _network_guard as network_guard
from deliverability.testing._dns_server import (
    DnsServer,
    Faults,
    load_zone_directory,
    zone_from_records,
    zone_from_text,
)
from deliverability.testing._https_server import HttpsServer, Page
from deliverability.testing._smtp_server import Received, SilentServer, SmtpServer

__all__ = [
    "DnsServer",
    "Faults",
    "HttpsServer",
    "Page",
    "Received",
    "SilentServer",
    "SmtpServer",
    "load_zone_directory",
    "network_guard",
    "zone_from_records",
    "zone_from_text",
]
