"""The ``deliverability`` command: one module per subcommand, one exit-code scheme.

Each subcommand module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``. Errors go to stderr as one line; the exit code says what happened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from deliverability.cli import check, demo, dns_server, explain, schema, serve, smtp_test, spf
from deliverability.cli._exit import ExitCode

__all__ = ["ExitCode", "main", "run"]

COMMANDS = (check, demo, dns_server, schema, spf, serve, smtp_test, explain)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deliverability",
        description="Diagnose why a domain's mail does not arrive or lands in spam, and say what to change.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(handler=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("deliverability: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
