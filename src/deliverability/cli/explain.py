"""``deliverability explain "550-5.7.26 …"``: what a pasted SMTP reply or bounce means, and the fix.

``-`` reads the text from standard input (a whole bounce message pasted at once). Exit 0
whatever the reply says (the explanation is the answer), 2 when there is no text.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from deliverability.checks.replies import MAX_TEXT
from deliverability.cli import _output
from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_lang
from deliverability.report import Report
from deliverability.smtp import explain


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text",
        metavar="TEXT",
        help='the reply or bounce, quoted ("550-5.7.26 …"), or - to read it from stdin',
    )
    _output.add_format(parser)
    add_lang(parser)


def run(args: argparse.Namespace) -> int:
    text = sys.stdin.read(MAX_TEXT) if args.text == "-" else args.text
    if not text.strip():
        print("deliverability explain: the text to explain is empty", file=sys.stderr)
        return ExitCode.USAGE
    findings = explain(text, lang=args.lang)
    reply = next((str(f.params["reply"]) for f in findings if f.params.get("reply")), "")
    report = Report.model_construct(
        target=reply or "explain",
        domain="",
        lang=args.lang,
        checked_at=datetime.now(UTC),
        duration_ms=0,
        dns_queries=0,
        findings=findings,
    )
    _output.write([report], args)
    return ExitCode.OK
