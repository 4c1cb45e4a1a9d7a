"""Real protocol peers on loopback (DNS, SMTP, HTTPS), for tests, demos and users' own CI.

The DNS server needs only the core install. The SMTP and HTTPS servers need the ``testing``
extra (aiosmtpd, and trustme for their certificates): ``pip install 'deliverability[testing]'``;
without it, importing them raises an ImportError that says so.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from deliverability.testing import _network_guard as network_guard
from deliverability.testing._dns_server import (
    DnsServer,
    Faults,
    load_zone_directory,
    zone_from_records,
    zone_from_text,
)
from deliverability.testing._hostile import big_txt_wildcard_zone, spf_bomb_zone, txt_rdata

if TYPE_CHECKING:
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

_EXTRA = {
    "HttpsServer": "deliverability.testing._https_server",
    "Page": "deliverability.testing._https_server",
    "Received": "deliverability.testing._smtp_server",
    "SilentServer": "deliverability.testing._smtp_server",
    "SmtpServer": "deliverability.testing._smtp_server",
}
"""The servers that need the ``testing`` extra, by the module that defines them."""


def __getattr__(name: str) -> Any:
    # PEP 562: these servers load on first use, so the DNS server works without the extra.
    if name not in _EXTRA:
        raise AttributeError(f"module 'deliverability.testing' has no attribute {name!r}")
    try:
        module = importlib.import_module(_EXTRA[name])
    except ImportError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in {"aiosmtpd", "trustme"}:
            raise  # a bug of ours, not a missing extra
        raise ImportError(
            f"deliverability.testing.{name} needs the 'testing' extra ({missing} is missing): "
            "pip install 'deliverability[testing]'",
            name=missing,
        ) from error
    return getattr(module, name)
