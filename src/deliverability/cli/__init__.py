"""The ``deliverability`` command: one module per subcommand, one exit-code scheme.

Each subcommand module has ``add_arguments(parser)`` and ``run(args) -> int``; its name and
one-line help are in :data:`COMMANDS`, so that ``--help`` lists every command without
importing any of them, and a run imports only the module of the command it runs (start-up
is most of a one-domain ``check``: docs/performance.md). Errors go to stderr as one line; the
exit code says what happened.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from deliverability import __version__
from deliverability.cli._exit import ExitCode

TYPE_CHECKING = False  # not typing's: importing typing is a tenth of a bare --help
if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType
    from typing import Protocol

    class Command(Protocol):
        NAME: str
        HELP: str

        def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

        def run(self, args: argparse.Namespace) -> int: ...


__all__ = ["COMMANDS", "ExitCode", "main", "run"]


def _import_frozen(name: str) -> ModuleType:
    """Import ``name`` with the cyclic garbage collector paused, then freeze what is loaded.

    A command's imports build tens of thousands of objects that live as long as the process
    (pydantic's validators, dnspython's tables) and almost no garbage: the collections run
    during them find nothing, and every later one, up to those of the interpreter's exit,
    would walk them again. ``gc.freeze`` leaves them out of all collections: 7 % of a
    one-domain check's instructions (docs/performance.md). Done once per command module."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _Lazy:
    """A subcommand whose module is imported only when the command line chooses it."""

    def __init__(self, name: str, summary: str, module: str) -> None:
        self.NAME, self.HELP, self.module = name, summary, module

    def _load(self) -> ModuleType:
        name = f"deliverability.cli.{self.module}"
        return sys.modules.get(name) or _import_frozen(name)

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        self._load().add_arguments(parser)

    def run(self, args: argparse.Namespace) -> int:
        return int(self._load().run(args))


COMMANDS: tuple[Command, ...] = (
    _Lazy("check", "diagnose domains or e-mail addresses", "check"),
    _Lazy(
        "message",
        "analyse one message (.eml or pasted headers): path, DKIM/SPF/DMARC now, the receiver's verdict",
        "message",
    ),
    _Lazy(
        "demo",
        "diagnose the bundled demo domains, served by a loopback DNS server (offline)",
        "demo",
    ),
    _Lazy(
        "dns-server",
        "serve a directory of zone files as a loopback DNS server (for tests and demos)",
        "dns_server",
    ),
    _Lazy("schema", "print the JSON Schema of the report", "schema"),
    _Lazy(
        "spf",
        "evaluate a domain's SPF record for a client IP (RFC 7208 check_host), with the trace",
        "spf",
    ),
    _Lazy("serve", "run the support dashboard (web UI) on a local server", "serve"),
    _Lazy(
        "inbox",
        "run the test inbox's SMTP listener (the deliverability test) on the dashboard's store",
        "inbox",
    ),
    _Lazy(
        "smtp-test",
        "test SMTP submission settings: TLS, certificate, login, and optionally a test message",
        "smtp_test",
    ),
    _Lazy(
        "explain",
        "explain an SMTP reply or a bounce (Gmail, Yahoo, Outlook.com, Orange …) and say what to do",
        "explain",
    ),
)


def build_parser(
    commands: Sequence[Command] = COMMANDS, chosen: str | None = None
) -> argparse.ArgumentParser:
    """The parser; only the ``chosen`` command's arguments are added (and its module imported)."""
    parser = argparse.ArgumentParser(
        prog="deliverability",
        description="Diagnose why a domain's mail does not arrive or lands in spam, and say what to change.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        if chosen == command.NAME:
            command.add_arguments(sub)
        sub.set_defaults(handler=command.run)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    # The top-level options (--help, --version) take no value: the first word is the command.
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None, *, commands: Sequence[Command] = COMMANDS) -> int:
    """Run the command line; returns the exit code (see :class:`ExitCode`).

    A failure of our own is one line on stderr and exit 4, never a traceback, unless
    ``DELIVERABILITY_DEBUG`` is set.
    """
    argv = sys.argv[1:] if argv is None else argv
    # pydantic reads the metadata of every installed distribution, looking for its plugins,
    # when the first model is built: a tenth of a one-domain check in a busy environment. The
    # command line has no use for plugins, so it turns the search off (an explicit value,
    # even empty, is kept); the library leaves that choice to a program that embeds it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    parser = build_parser(commands, _chosen(argv))
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
    """Console-script entry point, and ``python -m deliverability``'s.

    The process ends without the interpreter's teardown, which frees every object of the
    run one at a time (about 20M instructions, and more wall time in cache misses, for a
    one-domain check: 2 % of its instructions). By then the command has closed its files,
    and its output and log handlers are flushed here, as the teardown would have; a thread
    still blocked reading a pipe (``--file -``, interrupted) does not hold the exit back.
    """
    code = main()
    if "logging" in sys.modules:
        import logging  # noqa: PLC0415 (only when a command used it)

        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 (contextlib is not loaded for --help)
            stream.flush()
        except (OSError, ValueError):  # the reader went away: nothing left to say
            pass
    os._exit(code)
