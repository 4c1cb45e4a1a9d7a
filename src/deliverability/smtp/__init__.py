"""SMTP: the MX probe, the submission test, the reading of server replies, the address policy.

For a support agent's "Test" button (the CLI's ``smtp-test``, the web UI)::

    from deliverability import smtp

    report = await smtp.test_submission(
        smtp.SubmissionSettings(host="ssl://smtp.example.com", port=465, username="a@example.com",
                                password="…", send_to=None),
        policy=smtp.AddressPolicy(),     # refuses private, loopback … addresses
        timeout=15, lang="fr",
    )
    findings = smtp.explain("550-5.7.26 This mail has been blocked …", lang="fr")

docs/smtp.md describes the findings, the address policy and how credentials are handled.
"""

from deliverability.smtp._mx import MAX_MX_ADDRESSES, MAX_MX_HOSTS, MX_TIMEOUT, probe_mx
from deliverability.smtp._policy import AddressPolicy, Resolution
from deliverability.smtp._replies import explain, read_reply
from deliverability.smtp._settings import PORT_MODES, SubmissionSettings, TlsMode
from deliverability.smtp._submission import DEFAULT_TIMEOUT, test_submission

__all__ = [
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
