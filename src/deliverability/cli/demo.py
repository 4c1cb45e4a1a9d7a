"""``deliverability demo``: the bundled demo world, offline.

Starts the loopback DNS server on the demo zones and diagnoses each demo target with the
demo platform profile, exactly as ``check`` would against the real DNS.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import ExitStack
from importlib.resources import as_file
from pathlib import Path

from deliverability.advice.platform import PlatformError, load_platform
from deliverability.batch import from_lines
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_lang, add_verbose, use_color
from deliverability.demo import world
from deliverability.diagnosis import diagnose
from deliverability.dns import Resolver
from deliverability.errors import DeliverabilityError
from deliverability.render import json as json_render
from deliverability.render import text as text_render
from deliverability.report import Report
from deliverability.target import parse_target
from deliverability.testing import DnsServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--examples",
        type=Path,
        metavar="DIR",
        help="folder with zones/, demo-targets.txt and platform.toml "
        "(default: the demo world installed with the package, deliverability/demo/)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parser)
    add_verbose(parser)


def run(args: argparse.Namespace) -> int:
    with ExitStack() as stack:
        # as_file gives the installed folder's path (the server and the profile loader read paths).
        examples: Path = args.examples or stack.enter_context(as_file(world()))
        return _run(examples, args)


def _run(examples: Path, args: argparse.Namespace) -> int:
    try:
        listed = (examples / "demo-targets.txt").read_text(encoding="utf-8").splitlines()
        targets = [
            parse_target(item.text) for item in from_lines(listed, source="demo-targets.txt")
        ]
        platform = load_platform(examples / "platform.toml")
        server = DnsServer.from_directory(examples / "zones").start()
    except (OSError, ValueError, PlatformError) as error:
        message = error.message(args.lang) if isinstance(error, DeliverabilityError) else error
        print(f"deliverability: demo: {message}", file=sys.stderr)
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
