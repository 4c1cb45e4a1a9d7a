"""``deliverability schema``: the JSON Schema of a Report (``check --format json`` output)."""

from __future__ import annotations

import argparse
import json

from deliverability.cli._exit import ExitCode
from deliverability.report import Report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


def run(args: argparse.Namespace) -> int:
    print(json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK
