"""``deliverability dns-server ZONE_DIR``: serve zone files on loopback, by hand."""

from __future__ import annotations

import argparse
import sys
import threading

from deliverability.cli._exit import ExitCode
from deliverability.testing import DnsServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "zone_dir", metavar="ZONE_DIR", help="directory of *.zone files (file name = origin)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=5353, help="UDP and TCP port (default 5353; 0 = any free port)"
    )
    parser.add_argument(
        "--delay", type=float, default=0.0, metavar="S", help="wait this long before every answer"
    )


def run(args: argparse.Namespace) -> int:
    try:
        server = DnsServer.from_directory(
            args.zone_dir, host=args.host, port=args.port, delay=args.delay
        ).start()
    except (OSError, ValueError) as error:
        print(f"deliverability: {error}", file=sys.stderr)
        return ExitCode.USAGE
    print(
        f"serving {len(server.zones)} zone(s) on {server.address} (UDP and TCP); Ctrl-C stops",
        flush=True,
    )
    try:
        threading.Event().wait()
    finally:
        server.stop()
    return ExitCode.OK
