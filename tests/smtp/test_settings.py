"""Submission settings as typed by support agents: prefixes, ports, app passwords."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from deliverability import smtp
from deliverability.smtp import SubmissionSettings


def settings(
    host: str = "smtp.example.test", port: int = 587, password: str = "pw", **other: str
) -> SubmissionSettings:
    return SubmissionSettings(
        host=host, port=port, username="a@example.test", password=password, **other
    )


@pytest.mark.parametrize(
    ("typed", "host", "scheme", "hostname"),
    (
        ("ssl://SMTP.Example.TEST", "ssl://smtp.example.test", "ssl", "smtp.example.test"),
        ("TLS://smtp.example.test.", "tls://smtp.example.test", "tls", "smtp.example.test"),
        ("  smtp.example.test  ", "smtp.example.test", "", "smtp.example.test"),
        ("smtp.exämple.test", "smtp.xn--exmple-cua.test", "", "smtp.xn--exmple-cua.test"),
        ("192.0.2.25", "192.0.2.25", "", "192.0.2.25"),
        ("ssl://[2001:db8::25]", "ssl://2001:db8::25", "ssl", "2001:db8::25"),
        # A server is not a mail domain: single-label names are hosts (issue 11, item 19).
        ("localhost", "localhost", "", "localhost"),
        ("tls://Mailhub", "tls://mailhub", "tls", "mailhub"),
    ),
)
def test_host_forms(typed: str, host: str, scheme: str, hostname: str) -> None:
    parsed = settings(host=typed)
    assert (parsed.host, parsed.scheme, parsed.hostname) == (host, scheme, hostname)


@pytest.mark.parametrize(
    ("typed", "message"),
    (
        ("ftp://smtp.example.test", "unknown prefix"),
        ("smtp.example.test:587", "port field"),
        ("smtp example.test", "not a server name"),
        ("ssl://", "empty"),
        ("a@smtp.example.test", "not a server name"),
        ("smtp..example.test", "empty label"),
        ("-smtp", "hyphen"),
    ),
)
def test_bad_hosts(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(host=typed)


@pytest.mark.parametrize(
    ("host", "port", "mode", "expected"),
    (
        ("ssl://smtp.example.test", 465, "implicit", None),
        ("tls://smtp.example.test", 587, "starttls", None),
        ("smtp.example.test", 465, "implicit", None),
        ("smtp.example.test", 587, "starttls", None),
        ("smtp.example.test", 2525, "starttls", None),
        ("ssl://smtp.example.test", 2525, "implicit", None),
        ("ssl://smtp.example.test", 587, "implicit", "starttls"),
        ("ssl://smtp.example.test", 25, "implicit", "starttls"),
        ("tls://smtp.example.test", 465, "starttls", "implicit"),
    ),
)
def test_tls_mode_and_port(host: str, port: int, mode: str, expected: str | None) -> None:
    parsed = settings(host=host, port=port)
    assert (parsed.tls_mode, parsed.expected_mode) == (mode, expected)


@pytest.mark.parametrize(
    ("typed", "sent", "removed"),
    (
        ("abcd efgh ijkl mnop", "abcdefghijklmnop", True),
        ("abcd\u00a0efgh\u00a0ijkl\u00a0mnop", "abcdefghijklmnop", True),
        (" abcd  efgh ijkl mnop ", "abcdefghijklmnop", True),
        ("my pass word", "my pass word", False),
        ("abcd efgh", "abcd efgh", False),
        (" leading space", " leading space", False),
        ("pasted\r\n", "pasted", False),
    ),
)
def test_app_password_spaces(typed: str, sent: str, removed: bool) -> None:
    assert settings(password=typed).secret() == (sent, removed)


def test_recipient_is_an_address() -> None:
    assert settings(send_to=" Client@Example.TEST ").send_to == "Client@example.test"
    assert settings(send_to="").send_to is None
    with pytest.raises(ValidationError, match="needs an address"):
        settings(send_to="example.test")


def test_port_range() -> None:
    with pytest.raises(ValidationError):
        settings(port=0)


def test_pytest_does_not_collect_the_library_function() -> None:
    assert smtp.test_submission.__test__ is False
