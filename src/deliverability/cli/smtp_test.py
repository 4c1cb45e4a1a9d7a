"""``deliverability smtp-test``: test the SMTP settings of a customer's mailbox, login included.

The password comes from an environment variable (``--password-env NAME``) or an
interactive prompt, never from the command line (where ``ps`` and shell history would
show it). Exit 0 when the settings work, 1 when a finding is an error or worse, 2 for bad
input, 3 when DNS could not resolve the server at all.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from pydantic import SecretStr, ValidationError

from deliverability._model import problems
from deliverability.cli import _output
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_lang, positive_seconds, resolver_from
from deliverability.report import Report, Severity
from deliverability.smtp import (
    DEFAULT_DEADLINE,
    DEFAULT_TIMEOUT,
    AddressPolicy,
    SubmissionSettings,
    test_submission,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        required=True,
        help="the server: ssl://HOST (TLS from the first byte), tls://HOST (STARTTLS) or HOST",
    )
    parser.add_argument(
        "--port", required=True, type=int, help="the port (465: ssl://, 587: STARTTLS)"
    )
    parser.add_argument("--user", required=True, help="the login, usually the full address")
    parser.add_argument(
        "--password-env",
        metavar="NAME",
        help="read the password from this environment variable (default: ask for it)",
    )
    parser.add_argument(
        "--send-to", metavar="ADDR", help="also send a test message to this address"
    )
    parser.add_argument(
        "--ca-file", metavar="PEM", help="also trust this CA certificate (private servers, tests)"
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and other non-public addresses (refused by default)",
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds each step (connection, reply, DNS lookup) may take "
        f"(default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--deadline",
        type=positive_seconds,
        default=DEFAULT_DEADLINE,
        metavar="S",
        help=f"seconds the whole test may take, however quickly each step answers "
        f"(default {DEFAULT_DEADLINE:g})",
    )
    parser.add_argument(
        "--nameserver",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="resolve the server with this DNS server (repeatable; default: the system's)",
    )
    _output.add_format(parser)
    add_lang(parser)


def run(args: argparse.Namespace) -> int:
    password = _password(args.password_env)
    if password is None:
        return ExitCode.USAGE
    try:
        settings = SubmissionSettings(
            host=args.host,
            port=args.port,
            username=args.user,
            password=SecretStr(password),
            send_to=args.send_to,
        )
        resolver = resolver_from(args)
        report = asyncio.run(
            test_submission(
                settings,
                policy=AddressPolicy(allow_private=args.allow_private),
                timeout=args.timeout,
                deadline=args.deadline,
                ca_file=args.ca_file,
                lang=args.lang,
                resolver=resolver,
            )
        )
    except ValidationError as exc:
        return _usage(problems(exc, whole="settings"))
    except ValueError as exc:
        return _usage(str(exc))
    _output.write([report], args)
    return exit_code(report)


def exit_code(report: Report) -> ExitCode:
    """3 when the server's name could not be resolved at all, 1 for an error or worse, else 0."""
    if report.findings and all(finding.code == "dns.unavailable" for finding in report.findings):
        return ExitCode.DNS_UNAVAILABLE
    if any(finding.severity >= Severity.ERROR for finding in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _password(variable: str | None) -> str | None:
    """The password from the environment or the terminal; None (after saying why) if none."""
    if variable:
        value = os.environ.get(variable)
        if not value:
            _usage(f"the environment variable {variable} is not set or empty")
            return None
        return value
    if not sys.stdin.isatty():
        _usage("no password: give --password-env NAME, or run in a terminal to be asked for it")
        return None
    value = getpass.getpass("Password (not shown): ")
    if not value:
        _usage("no password given")
        return None
    return value


def _usage(message: str) -> int:
    print(f"deliverability smtp-test: {message}", file=sys.stderr)
    return ExitCode.USAGE
