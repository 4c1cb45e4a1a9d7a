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

from typing import TYPE_CHECKING, Any

from deliverability.checks.replies import explain, read_reply
from deliverability.smtp._mx import MAX_MX_ADDRESSES, MAX_MX_HOSTS, MX_TIMEOUT, probe_mx
from deliverability.smtp._policy import AddressPolicy, Resolution
from deliverability.smtp._settings import PORT_MODES, SubmissionSettings, TlsMode
from deliverability.smtp._submission import DEFAULT_DEADLINE, DEFAULT_TIMEOUT

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # The pipeline imports this package for its MX probe: importing it back lazily avoids a cycle.
    if name == "test_submission":
        from deliverability.submission import test_submission

        return test_submission
    raise AttributeError(f"module 'deliverability.smtp' has no attribute {name!r}")
