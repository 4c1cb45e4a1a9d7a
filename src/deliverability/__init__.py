"""deliverability: why a domain's mail does not arrive or lands in spam, and what to change.

    report = await deliverability.diagnose("artisan@example.fr", platform=platform)
    report = deliverability.diagnose_sync("example.fr")           # scripts, WSGI apps
    report = await deliverability.analyse_message(eml_bytes)      # one message: why spam?

Subpackages load on first use: ``deliverability.dns`` (the resolver),
``deliverability.spf`` (RFC 7208 evaluation), ``deliverability.smtp`` (SMTP probes),
``deliverability.providers`` (provider knowledge), ``deliverability.testing`` (loopback
DNS and SMTP servers for tests).

Exceptions (``deliverability.errors``): one base to catch, raised before any network traffic:

    DeliverabilityError
    └── InputError (a ValueError)
        ├── TargetError     the target is neither a domain nor an e-mail address
        ├── PlatformError   the platform profile cannot be read or is invalid
        └── MessageTooLarge a message over 25 MB (message analysis)

DNS failures never raise: they become ``dns.unavailable`` findings ("could not check").
"""

from __future__ import annotations

import importlib
from types import ModuleType

from deliverability.advice.platform import Platform, PlatformError, load_platform
from deliverability.diagnosis import diagnose, diagnose_sync
from deliverability.errors import DeliverabilityError, InputError, MessageTooLarge
from deliverability.facts import Facts
from deliverability.message import analyse_message, analyse_message_sync
from deliverability.report import Change, Finding, Report, Severity
from deliverability.target import Target, TargetError, parse_target

__version__ = "0.1.0"

__all__ = [
    "Change",
    "DeliverabilityError",
    "Facts",
    "Finding",
    "InputError",
    "MessageTooLarge",
    "Platform",
    "PlatformError",
    "Report",
    "Severity",
    "Target",
    "TargetError",
    "__version__",
    "analyse_message",
    "analyse_message_sync",
    "diagnose",
    "diagnose_sync",
    "load_platform",
    "parse_target",
]

_SUBPACKAGES = frozenset({"dns", "spf", "smtp", "providers", "testing", "message"})


def __getattr__(name: str) -> ModuleType:
    # PEP 562: ``deliverability.spf.check_host(...)`` works after a bare ``import deliverability``.
    if name in _SUBPACKAGES:
        return importlib.import_module(f"deliverability.{name}")
    raise AttributeError(f"module 'deliverability' has no attribute {name!r}")
