"""Reports to standard output, in the format asked for (``--format text|json``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from deliverability.cli._options import use_color
from deliverability.codes import summarized
from deliverability.render import json as json_render
from deliverability.render import text as text_render
from deliverability.report import Report


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )


def write(reports: Sequence[Report], args: argparse.Namespace) -> None:
    """JSON (one object for one report), or text with colour on a terminal (NO_COLOR and
    FORCE_COLOR honoured). Text in full: one report whose evidence (a transcript, a reply) is
    the point of the command. Every report opens with its sentence (``summary``)."""
    reports = [report if report.summary else summarized(report) for report in reports]
    if args.format == "json":
        sys.stdout.write(json_render.render(reports) + "\n")
    else:
        sys.stdout.write(text_render.render(reports, color=use_color(sys.stdout), verbose=True))
