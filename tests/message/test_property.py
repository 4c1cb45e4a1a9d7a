"""Any bytes given as a message yield a Report or one clear InputError, within the deadline."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliverability.dns import Resolver
from deliverability.errors import InputError
from deliverability.message import analyse
from deliverability.report import Report

HEADER_NAMES = st.sampled_from(
    [
        "From", "Received", "DKIM-Signature", "ARC-Seal", "Authentication-Results", "Date",
        "List-Unsubscribe", "Content-Type", "X-Forefront-Antispam-Report", "Received-SPF",
        "Return-Path", "Subject", "Message-ID",
    ]
)  # fmt: skip
LINES = st.tuples(HEADER_NAMES, st.text(max_size=80)).map(lambda pair: f"{pair[0]}: {pair[1]}")
MESSAGES = st.one_of(
    st.binary(max_size=2000),
    st.lists(LINES, max_size=15).map(lambda lines: "\r\n".join(lines) + "\r\n\r\nbody"),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=MESSAGES)
def test_any_message_is_a_report_or_one_clear_error(dns_server, raw) -> None:
    resolver = Resolver([dns_server.address], timeout=0.3)
    try:
        report = asyncio.run(analyse(raw, resolver=resolver, deadline=3.0))
    except InputError as error:
        assert "\n" not in error.message("en")
        return
    assert isinstance(report, Report)
    report.model_dump_json()  # serialisable: no undecodable text reached it
