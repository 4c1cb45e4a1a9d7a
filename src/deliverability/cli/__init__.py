"""The ``deliverability`` command: one module per subcommand, one exit-code scheme.

Each subcommand module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Errors go to stderr as one line; the exit code says what happened.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from deliverability.cli import (
    check,
    demo,
    dns_server,
    explain,
    message,
    schema,
    serve,
    smtp_test,
    spf,
)
from deliverability.cli._exit import ExitCode

__all__ = ["ExitCode", "main", "run"]

COMMANDS = (check, message, demo, dns_server, schema, spf, serve, smtp_test, explain)


def build_parser(commands: Sequence[Any] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deliverability",
        description="Diagnose why a domain's mail does not arrive or lands in spam, and say what to change.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None, *, commands: Sequence[Any] = COMMANDS) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`).

    A failure of our own is one line on stderr and exit 4, never a traceback, unless
    ``DELIVERABILITY_DEBUG`` is set.
    """
    parser = build_parser(commands)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("deliverability: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # the reader went away (``| head``): nothing left to say
        return ExitCode.OK
    except Exception as error:
        if os.environ.get("DELIVERABILITY_DEBUG"):
            raise
        print(
            f"deliverability: internal error ({type(error).__name__}: {str(error)[:200]}); "
            "please report it; DELIVERABILITY_DEBUG=1 shows the traceback",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
