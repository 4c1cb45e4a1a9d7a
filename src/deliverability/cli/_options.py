"""Options shared by several subcommands, defined once."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TextIO

from deliverability.advice.platform import Platform, load_platform
from deliverability.dns import DEFAULT_TIMEOUT, Resolver
from deliverability.i18n import LANGUAGES, default_language


def add_dns(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nameserver",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="ask this DNS server (repeatable; default: the system's resolvers)",
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds one DNS lookup may take (default {DEFAULT_TIMEOUT:g})",
    )


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default_language(),
        help="language of the messages (default: from the locale)",
    )


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="the store's SQLite file, shared by every worker (default: $DELIVERABILITY_DB, "
        "else deliverability/deliverability.sqlite3 in the user's data directory)",
    )


def add_platform(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", metavar="FILE", help="the sending platform's profile (TOML)")


def add_verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="text: also each finding's detail and evidence and the fixes of info findings "
        "(default: severity, title, code and fix of each problem; a check's ok and info "
        "findings share a line)",
    )


def add_spamhaus_key(parser: argparse.ArgumentParser, *, option: str) -> None:
    parser.add_argument(
        "--spamhaus-key",
        metavar="KEY",
        default=None,
        help=f"a Spamhaus Data Query Service key for {option} (default: the "
        "DELIVERABILITY_SPAMHAUS_KEY environment variable); never printed",
    )


def spamhaus_key_from(args: argparse.Namespace) -> str | None:
    """--spamhaus-key, else the environment's; raises SpamhausKeyError without repeating it."""
    from deliverability import blocklists  # its models load only when a command uses them

    return blocklists.key_or_environment(args.spamhaus_key)


def add_allow_private(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="let SMTP connect to private and loopback addresses (your own network, a test)",
    )


def use_color(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (no-color.org); FORCE_COLOR asks for it
    even when the output is not a terminal (a CI log). Set and empty counts as not set."""
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def resolver_from(args: argparse.Namespace) -> Resolver:
    """The run's resolver; raises ValueError for a malformed --nameserver."""
    return Resolver(args.nameserver or None, timeout=args.timeout)


def platform_from(args: argparse.Namespace) -> Platform | None:
    """The platform profile named by --platform; raises PlatformError."""
    return load_platform(args.platform) if args.platform else None


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range (more than 0, at most 3600 seconds)"
        )
    return value
