"""``deliverability check TARGET...``: diagnose domains or addresses."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from deliverability.advice.platform import Platform, PlatformError
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_dns, add_lang, add_platform, platform_from, positive_seconds, resolver_from
from deliverability.context import DEFAULT_DEADLINE
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.render import json as json_render
from deliverability.render import text as text_render
from deliverability.report import Report, Severity
from deliverability.target import Target, TargetError, parse_target

NAME = "check"
HELP = "diagnose domains or e-mail addresses"

FAIL_ON = ("warning", "error", "critical")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="a domain (example.fr) or an address (x@example.fr)")
    add_platform(parser)
    add_dns(parser)
    parser.add_argument("--deadline", type=positive_seconds, default=DEFAULT_DEADLINE, metavar="S",
                        help=f"seconds one diagnosis may take in all (default {DEFAULT_DEADLINE:g})")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    add_lang(parser)
    parser.add_argument("--fail-on", choices=FAIL_ON, default="error",
                        help="exit 1 when a finding is at least this severe (default error)")


def run(args: argparse.Namespace) -> int:
    try:
        targets = [parse_target(text) for text in args.targets]
        platform = platform_from(args)
        resolver = resolver_from(args)
    except (TargetError, PlatformError, ValueError) as error:
        print(f"deliverability: {error}", file=sys.stderr)
        return ExitCode.USAGE
    reports = asyncio.run(_diagnose_all(targets, args, platform, resolver))
    if args.format == "json":
        sys.stdout.write(json_render.render(reports) + "\n")
    else:
        sys.stdout.write(text_render.render(reports, color=sys.stdout.isatty()))
    return exit_code(reports, Severity(args.fail_on))


async def _diagnose_all(
    targets: Sequence[Target], args: argparse.Namespace, platform: Platform | None, resolver: Resolver
) -> list[Report]:
    return list(
        await asyncio.gather(
            *(
                diagnose(target, platform=platform, resolver=resolver, lang=args.lang, deadline=args.deadline)
                for target in targets
            )
        )
    )


def exit_code(reports: Sequence[Report], fail_on: Severity) -> ExitCode:
    """3 when DNS answered for no target, 1 when a finding reaches ``fail_on``, else 0."""
    if reports and all(dns_unavailable(report) for report in reports):
        return ExitCode.DNS_UNAVAILABLE
    if any(finding.severity >= fail_on for report in reports for finding in report.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def dns_unavailable(report: Report) -> bool:
    """True when every finding is "could not check": nothing about the target is known."""
    return bool(report.findings) and all(finding.code == "dns.unavailable" for finding in report.findings)
