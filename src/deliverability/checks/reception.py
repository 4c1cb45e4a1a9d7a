"""A test delivery's session, as the test inbox saw it: was it encrypted? Pure.

Only the receiving server knows whether the sender used the STARTTLS it offered (a Received
header says it only if the receiver writes it), so this rule judges the inbox's own record,
and only when the inbox offered STARTTLS: without a certificate, clear text is its doing.
"""

from __future__ import annotations

from deliverability.codes import finding
from deliverability.codes import message as message_codes
from deliverability.facts.reception import Reception
from deliverability.report import Finding


def judge(reception: Reception) -> list[Finding]:
    if not reception.starttls_offered or reception.tls_version is not None:
        return []
    return [
        finding(
            message_codes.NO_STARTTLS,
            {"address": reception.client_address, "helo": reception.helo or "-"},
            evidence=[
                f"{reception.client_address}: MAIL FROM:<{reception.mail_from}>, no STARTTLS"
            ],
        )
    ]
