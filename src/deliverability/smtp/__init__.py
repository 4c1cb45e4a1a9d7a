"""SMTP: the MX probe, the submission test, the reading of server replies, the address policy.

For a support agent's "Test" button (the CLI's ``smtp-test``, the web UI)::

    from deliverability import smtp

    report = await smtp.test_submission(
        smtp.SubmissionSettings(host="ssl://smtp.example.com", port=465, username="a@example.com",
                                password="…", send_to=None),
        policy=smtp.AddressPolicy(),     # refuses private, loopback … addresses
        timeout=15, deadline=30, lang="fr",
    )
    findings = smtp.explain("550-5.7.26 This mail has been blocked …", lang="fr")

The modules here do I/O only and return facts; what a reply means is a rule
(:mod:`deliverability.checks.replies`, re-exported here as :func:`explain` and
:func:`read_reply`) and the submission test's report is assembled by the pipeline
(:mod:`deliverability.submission`, re-exported as :func:`test_submission`).
docs/smtp.md describes the findings, the address policy and how credentials are handled.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deliverability.checks.replies import explain, read_reply
    from deliverability.smtp._mx import MAX_MX_ADDRESSES, MAX_MX_HOSTS, MX_TIMEOUT, probe_mx
    from deliverability.smtp._policy import AddressPolicy, Resolution
    from deliverability.smtp._settings import PORT_MODES, SubmissionSettings, TlsMode
    from deliverability.smtp._submission import DEFAULT_DEADLINE, DEFAULT_TIMEOUT
    from deliverability.submission import test_submission

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "MAX_MX_ADDRESSES",
    "MAX_MX_HOSTS",
    "PORT_MODES",
    "AddressPolicy",
    "Resolution",
    "SubmissionSettings",
    "TlsMode",
    "explain",
    "MX_TIMEOUT",
    "probe_mx",
    "read_reply",
    "test_submission",
]

# PEP 562: each name is imported from its module on first use. A diagnosis without --smtp
# (and the HTTPS client, which shares the address policy) then never loads the SMTP client
# (aiosmtplib and the email package), and the pipeline, which this package's submission
# test imports, is imported back without a cycle.
_LAZY = {
    "DEFAULT_DEADLINE": "deliverability.smtp._submission",
    "DEFAULT_TIMEOUT": "deliverability.smtp._submission",
    "MAX_MX_ADDRESSES": "deliverability.smtp._mx",
    "MAX_MX_HOSTS": "deliverability.smtp._mx",
    "MX_TIMEOUT": "deliverability.smtp._mx",
    "PORT_MODES": "deliverability.smtp._settings",
    "AddressPolicy": "deliverability.smtp._policy",
    "Resolution": "deliverability.smtp._policy",
    "SubmissionSettings": "deliverability.smtp._settings",
    "TlsMode": "deliverability.smtp._settings",
    "explain": "deliverability.checks.replies",
    "probe_mx": "deliverability.smtp._mx",
    "read_reply": "deliverability.checks.replies",
    "test_submission": "deliverability.submission",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'deliverability.smtp' has no attribute {name!r}")
