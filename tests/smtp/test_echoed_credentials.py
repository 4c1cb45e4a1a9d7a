"""A server that echoes the credentials back: the password is redacted before anything keeps it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import trustme

from deliverability.cli import ExitCode, main
from deliverability.testing import SmtpServer

from .smtp_peers import LOGIN_ARGS, PASSWORD, echo
from .test_credentials import forms

CASES = [
    (tls, code, mechanism)
    for tls in ("implicit", "starttls")
    for code in (535, 235)
    for mechanism in ("PLAIN", "LOGIN")
]


@pytest.fixture(
    scope="module",
    params=CASES,
    ids=lambda case: f"{case[0]}-{case[1]}-{case[2]}",
)
def echo_server(request: pytest.FixtureRequest, leaf: trustme.LeafCert) -> Iterator[SmtpServer]:
    tls, code, mechanism = request.param
    with SmtpServer(
        certificate=leaf, tls=tls, auth_reply=echo(code), mechanisms=(mechanism,)
    ) as server:
        yield server


def test_the_echoed_password_is_in_no_output(
    echo_server, capsys, monkeypatch, dns_server, ca_file
) -> None:
    monkeypatch.setenv("DELIVERABILITY_TEST_PASSWORD", PASSWORD)
    scheme = "ssl://" if echo_server.tls == "implicit" else "tls://"
    outputs = []
    for fmt in ("json", "text"):
        args = [*LOGIN_ARGS, "--port", str(echo_server.port), "--password-env"]
        args += ["DELIVERABILITY_TEST_PASSWORD", "--format", fmt, "--ca-file", ca_file]
        args += ["--allow-private", "--nameserver", dns_server.address]
        args[args.index("--host") + 1] = scheme + args[args.index("--host") + 1]
        code = main(args)
        out, err = capsys.readouterr()
        assert code in (ExitCode.OK, ExitCode.FINDINGS), err
        outputs.append(out + err)
    session = json.loads(outputs[0])["facts"]["submission"]["session"]
    assert any("password was [credentials hidden]" in line for line in session["transcript"])
    for secret in forms(PASSWORD):
        assert secret not in "\n".join(outputs)
