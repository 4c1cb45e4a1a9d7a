"""``deliverability message FILE``: why did this message land where it did?

FILE is a saved message (.eml) or its pasted headers; ``-`` reads standard input. The
report covers the message (path, signatures re-verified now, the receiver's verdict,
bulk-sender headers, content, the DNS blocklists unless ``--no-blocklists``) and its From
domain's diagnosis, with the same changes.

Exit codes as for ``check``: 2 for bad input (an unreadable file, a message over 25 MB, a
bad option), 3 when DNS answered nothing at all, 1 when a finding is at or above
``--fail-on``, otherwise 0.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from deliverability.advice.platform import PlatformError
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import (
    add_dns,
    add_lang,
    add_platform,
    add_spamhaus_key,
    platform_from,
    positive_seconds,
    resolver_from,
    spamhaus_key_from,
)
from deliverability.cli._output import add_format, write
from deliverability.cli.check import FAIL_ON, STDIN
from deliverability.context import DEFAULT_DEADLINE
from deliverability.errors import DeliverabilityError
from deliverability.render._escape import safe
from deliverability.report import Severity


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="the message (.eml or headers); '-' reads stdin"
    )
    add_platform(parser)
    add_dns(parser)
    parser.add_argument(
        "--ip",
        metavar="ADDRESS",
        help="the address that handed the message to the receiver, when the headers do not tell",
    )
    parser.add_argument(
        "--bulk", action="store_true", help="judge the message by the bulk-sender rules"
    )
    parser.add_argument(
        "--no-blocklists",
        dest="blocklists",
        action="store_false",
        help="do not ask DNS blocklists about the connecting address, the From domain and the "
        "linked domains (asked by default: docs/blocklists.md)",
    )
    add_spamhaus_key(parser, option="the blocklists")
    parser.add_argument(
        "--deadline",
        type=positive_seconds,
        default=DEFAULT_DEADLINE,
        metavar="S",
        help=f"seconds the analysis may take in all (default {DEFAULT_DEADLINE:g})",
    )
    add_lang(parser)
    add_format(parser)
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="exit 1 when a finding is at least this severe (default error)",
    )


def run(args: argparse.Namespace) -> int:
    from deliverability.message import MAX_MESSAGE_BYTES, analyse
    from deliverability.verdict import dns_unavailable

    try:
        raw = _read(args.file, MAX_MESSAGE_BYTES)
        platform = platform_from(args)
        resolver = resolver_from(args)
        report = asyncio.run(
            analyse(
                raw,
                resolver=resolver,
                platform=platform,
                client_ip=args.ip.strip() if args.ip else None,
                bulk=args.bulk,
                lang=args.lang,
                deadline=args.deadline,
                blocklists=args.blocklists,
                spamhaus_key=spamhaus_key_from(args) if args.blocklists else None,
            )
        )
    except DeliverabilityError as error:
        print(f"deliverability: {safe(error.message(args.lang))}", file=sys.stderr)
        return ExitCode.USAGE
    except (PlatformError, OSError, ValueError) as error:
        print(f"deliverability: {safe(str(error))}", file=sys.stderr)
        return ExitCode.USAGE
    write([report], args)
    if dns_unavailable(report):
        return ExitCode.DNS_UNAVAILABLE
    if any(finding.severity >= Severity(args.fail_on) for finding in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _read(path: str, limit: int) -> bytes:
    """The message's bytes, one more than ``limit`` at most (so an oversized one is refused
    without reading it all)."""
    if path == STDIN:
        return sys.stdin.buffer.read(limit + 1)
    with open(path, "rb") as handle:
        return handle.read(limit + 1)
