"""Reports to standard output, in the format asked for (``--format text|json``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from deliverability.render import json as json_render
from deliverability.render import text as text_render
from deliverability.report import Report


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )


def write(reports: Sequence[Report], output_format: str) -> None:
    """JSON (one object for one report), or text with colour when stdout is a terminal."""
    if output_format == "json":
        sys.stdout.write(json_render.render(reports) + "\n")
    else:
        sys.stdout.write(text_render.render(reports, color=sys.stdout.isatty()))
