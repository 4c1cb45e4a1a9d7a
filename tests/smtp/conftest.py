"""SMTP peers for the tests: one certificate authority and loopback servers, session-wide.

Every server listens on 127.0.0.1 with a certificate from the session's trustme CA (the
tests pass its PEM as ``ca_file``). They are reached by name (``smtp.smtp-submit.test``,
resolved by the loopback DNS server) so that certificate names are checked as in real use.
"""

from __future__ import annotations

import asyncio
import datetime
import socket
from collections.abc import Iterator

import pytest
import trustme

from deliverability import smtp
from deliverability.dns import Resolver
from deliverability.report import Report
from deliverability.testing import SilentServer, SmtpServer

from .smtp_peers import (
    APP_PASSWORD,
    APP_USER,
    GMAIL_534,
    GMAIL_LIMIT,
    HOST,
    MX_NAMES,
    OUTLOOK_535,
    PASSWORD,
    USER,
)


@pytest.fixture(scope="session")
def leaf(ca: trustme.CA) -> trustme.LeafCert:
    """Valid for the submission host, the MX hosts and 127.0.0.1."""
    return ca.issue_cert(HOST, *MX_NAMES, "127.0.0.1")


def _server(**options: object) -> Iterator[SmtpServer]:
    with SmtpServer(**options) as server:  # type: ignore[arg-type]
        yield server


@pytest.fixture(scope="session")
def starttls_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """Port-587 style: plain greeting, STARTTLS required, AUTH PLAIN and LOGIN."""
    yield from _server(certificate=leaf, users={USER: PASSWORD, APP_USER: APP_PASSWORD})


@pytest.fixture(scope="session")
def implicit_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """Port-465 style: TLS from the first byte."""
    yield from _server(certificate=leaf, tls="implicit", users={USER: PASSWORD})


@pytest.fixture(scope="session")
def login_only_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    yield from _server(certificate=leaf, users={USER: PASSWORD}, mechanisms=("LOGIN",))


@pytest.fixture(scope="session")
def gmail_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """Answers every login as smtp.gmail.com does to a normal password."""
    yield from _server(certificate=leaf, auth_reply=GMAIL_534)


@pytest.fixture(scope="session")
def outlook_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """Answers every login as smtp-mail.outlook.com does since September 2024."""
    yield from _server(certificate=leaf, auth_reply=OUTLOOK_535)


@pytest.fixture(scope="session")
def limit_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    """Accepts the login, refuses the message with Gmail's daily-limit reply."""
    yield from _server(certificate=leaf, users={USER: PASSWORD}, data_reply=GMAIL_LIMIT)


@pytest.fixture(scope="session")
def oauth_only_server(leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    yield from _server(certificate=leaf, mechanisms=("XOAUTH2",))


@pytest.fixture(scope="session")
def plain_server() -> Iterator[SmtpServer]:
    """No TLS at all."""
    yield from _server(tls="none")


@pytest.fixture(scope="session")
def expired_server(ca: trustme.CA) -> Iterator[SmtpServer]:
    now = datetime.datetime.now(datetime.UTC)
    certificate = ca.issue_cert(
        HOST,
        *MX_NAMES,
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=3),
    )
    yield from _server(certificate=certificate, users={USER: PASSWORD})


@pytest.fixture(scope="session")
def expiring_server(ca: trustme.CA) -> Iterator[SmtpServer]:
    now = datetime.datetime.now(datetime.UTC)
    certificate = ca.issue_cert(
        HOST, *MX_NAMES, not_after=now + datetime.timedelta(days=5, hours=12)
    )
    yield from _server(certificate=certificate, users={USER: PASSWORD})


@pytest.fixture(scope="session")
def wrong_name_server(ca: trustme.CA) -> Iterator[SmtpServer]:
    yield from _server(certificate=ca.issue_cert("other-host.example.test"), users={USER: PASSWORD})


@pytest.fixture(scope="session")
def silent_server() -> Iterator[SilentServer]:
    with SilentServer() as server:
        yield server


@pytest.fixture(scope="session")
def refusing_server() -> Iterator[SilentServer]:
    with SilentServer(
        greeting="554 5.7.1 Service unavailable; client host [127.0.0.1] blocked"
    ) as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def submit(resolver: Resolver, ca_file: str):
    """Run a submission test against the loopback servers (private addresses allowed)."""

    def run(
        port: int,
        *,
        host: str = HOST,
        username: str = USER,
        password: str = PASSWORD,
        allow_private: bool = True,
        timeout: float = 5.0,
        **options: object,
    ) -> Report:
        settings = smtp.SubmissionSettings(
            host=host,
            port=port,
            username=username,
            password=password,
            send_to=options.pop("send_to", None),
        )
        return asyncio.run(
            smtp.test_submission(
                settings,
                policy=smtp.AddressPolicy(allow_private=allow_private),
                timeout=timeout,
                ca_file=options.pop("ca_file", ca_file),
                resolver=resolver,
                **options,  # type: ignore[arg-type]
            )
        )

    return run
