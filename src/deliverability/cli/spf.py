"""``deliverability spf DOMAIN --ip IP``: evaluate a domain's SPF policy for one client address.

Prints the result, the term that decided it, the explanation, the DNS lookups counted and
the trace of the evaluation (text, in ``--lang``), or the :class:`SpfEvaluation` as JSON. Exit 0 whatever
the SPF result (it is an answer, not a failure of the command), 2 on bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import sys

from deliverability.cli._exit import ExitCode
from deliverability.cli._options import add_dns, add_lang, resolver_from
from deliverability.render import spf as render_spf
from deliverability.spf import check_host
from deliverability.target import TargetError, normalise_domain


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("domain", metavar="DOMAIN", help="the domain whose SPF policy is evaluated")
    parser.add_argument("--ip", required=True, help="the client IP address (IPv4 or IPv6)")
    parser.add_argument(
        "--sender",
        default="",
        metavar="ADDR",
        help="the envelope sender (MAIL FROM); default postmaster@DOMAIN",
    )
    parser.add_argument(
        "--helo", default="", metavar="NAME", help="the HELO/EHLO name, for %%{h} macros"
    )
    add_dns(parser)
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    add_lang(parser)


def run(args: argparse.Namespace) -> int:
    try:
        domain = normalise_domain(args.domain)
    except TargetError as exc:
        return _usage(str(exc))
    try:
        ip = ipaddress.ip_address(args.ip.strip())
    except ValueError:
        return _usage(f"--ip {args.ip!r} is not an IPv4 or IPv6 address")
    try:
        resolver = resolver_from(args)
    except ValueError as exc:
        return _usage(str(exc))
    evaluation = asyncio.run(
        check_host(ip=ip, domain=domain, sender=args.sender, helo=args.helo, resolver=resolver)
    )
    if args.format == "json":
        print(evaluation.model_dump_json(indent=2))
    else:
        print(render_spf.render(evaluation, args.lang))
    return ExitCode.OK


def _usage(message: str) -> int:
    print(f"deliverability spf: {message}", file=sys.stderr)
    return ExitCode.USAGE
