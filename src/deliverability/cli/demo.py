"""``deliverability demo``: the bundled demo world, offline.

Starts the loopback DNS server on the demo zones and diagnoses each demo target with the
demo platform profile, exactly as ``check`` would against the real DNS.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from deliverability.advice.platform import PlatformError, load_platform
from deliverability.batch import from_lines
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_lang, add_verbose, use_color
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.render import json as json_render
from deliverability.render import text as text_render
from deliverability.report import Report
from deliverability.target import parse_target
from deliverability.testing import DnsServer

NAME = "demo"
HELP = "diagnose the bundled demo domains, served by a loopback DNS server (offline)"

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
"""The checkout's examples/ folder (the demo needs a source checkout, or --examples)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--examples",
        type=Path,
        default=EXAMPLES,
        metavar="DIR",
        help="folder with zones/, demo-targets.txt and platform.toml (default: the checkout's examples/)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parser)
    add_verbose(parser)


def run(args: argparse.Namespace) -> int:
    examples: Path = args.examples
    try:
        listed = (examples / "demo-targets.txt").read_text(encoding="utf-8").splitlines()
        targets = [
            parse_target(item.text) for item in from_lines(listed, source="demo-targets.txt")
        ]
        platform = load_platform(examples / "platform.toml")
        server = DnsServer.from_directory(examples / "zones").start()
    except (OSError, ValueError, PlatformError) as error:
        print(f"deliverability: demo: {error}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        resolver = Resolver([server.address], timeout=2)

        async def everything() -> list[Report]:
            return list(
                await asyncio.gather(
                    *(
                        diagnose(t, platform=platform, resolver=resolver, lang=args.lang)
                        for t in targets
                    )
                )
            )

        reports = asyncio.run(everything())
    finally:
        server.stop()
    if args.format == "json":
        sys.stdout.write(json_render.render(reports) + "\n")
    else:
        sys.stdout.write(
            text_render.render(reports, color=use_color(sys.stdout), verbose=args.verbose)
        )
    return ExitCode.OK
