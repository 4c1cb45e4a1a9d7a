"""deliverability: why a domain's mail does not arrive or lands in spam, and what to change.

    report = await deliverability.diagnose("artisan@example.fr", platform=platform)
    report = deliverability.diagnose_sync("example.fr")           # scripts, WSGI apps

Subpackages load on first use: ``deliverability.dns`` (the resolver),
``deliverability.spf`` (RFC 7208 evaluation), ``deliverability.smtp`` (SMTP probes),
``deliverability.providers`` (provider knowledge), ``deliverability.testing`` (loopback
DNS and SMTP servers for tests).

Exceptions (``deliverability.errors``): one base to catch, raised before any network traffic:

    DeliverabilityError
    └── InputError (a ValueError)
        ├── TargetError     the target is neither a domain nor an e-mail address
        └── PlatformError   the platform profile cannot be read or is invalid

DNS failures never raise: they become ``dns.unavailable`` findings ("could not check").
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: ``import deliverability`` stays as cheap as a bare Python
if TYPE_CHECKING:  # type checkers and IDEs see the names; the import itself loads none of them
    from typing import Any

    from deliverability.advice.platform import Platform, PlatformError, load_platform
    from deliverability.diagnosis import diagnose, diagnose_sync
    from deliverability.errors import DeliverabilityError, InputError, MessageTooLarge
    from deliverability.facts import Facts
    from deliverability.message import analyse_message, analyse_message_sync
    from deliverability.report import Change, Finding, Report, Severity
    from deliverability.target import Target, TargetError, parse_target

__version__ = "0.1.0"

# PEP 562: each public name is imported from its module on first use, so that
# ``import deliverability`` (and ``deliverability --help``) stays as cheap as a bare Python.
_LAZY = {
    "Change": "deliverability.report",
    "DeliverabilityError": "deliverability.errors",
    "Facts": "deliverability.facts",
    "Finding": "deliverability.report",
    "InputError": "deliverability.errors",
    "MessageTooLarge": "deliverability.errors",
    "Platform": "deliverability.advice.platform",
    "PlatformError": "deliverability.advice.platform",
    "Report": "deliverability.report",
    "Severity": "deliverability.report",
    "Target": "deliverability.target",
    "TargetError": "deliverability.target",
    "diagnose": "deliverability.diagnosis",
    "diagnose_sync": "deliverability.diagnosis",
    "analyse_message": "deliverability.message",
    "analyse_message_sync": "deliverability.message",
    "load_platform": "deliverability.advice.platform",
    "parse_target": "deliverability.target",
}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    # ``deliverability.spf.check_host(...)`` works after a bare ``import deliverability``.
    if name in _SUBPACKAGES:
        return importlib.import_module(f"deliverability.{name}")
    raise AttributeError(f"module 'deliverability' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBPACKAGES})
