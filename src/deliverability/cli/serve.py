"""``deliverability serve``: the support dashboard on a local WSGI server.

Werkzeug's threaded server is enough for a support team on one machine; behind a reverse
proxy or for more users, run ``webui:create_app()`` under a production WSGI server
(docs/webui.md), configured with ``DELIVERABILITY_*`` environment variables.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from deliverability.advice.platform import PlatformError
from deliverability.cli import _options
from deliverability.cli._exit import ExitCode

WEB_EXTRA = frozenset(
    {"flask", "flask_wtf", "flask_limiter", "werkzeug", "wtforms", "limits", "aiosmtpd"}
)
"""Top-level modules that ``pip install 'deliverability[web]'`` brings."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="TCP port (default 8000; 0 = any free port)"
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="the store's SQLite file, shared by every worker (default: $DELIVERABILITY_DB, "
        "else deliverability/deliverability.sqlite3 in the user's data directory)",
    )
    _options.add_dns(parser)
    _options.add_platform(parser)
    _options.add_lang(parser)


def run(args: argparse.Namespace) -> int:
    # Imported here: the dashboard pulls in Flask and its extensions, which no other command
    # needs, and which a plain install leaves out (they are the ``web`` extra).
    try:
        from werkzeug.serving import make_server

        from webui import create_app
    except ImportError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in WEB_EXTRA:
            raise  # a bug of ours, not a missing extra
        print(
            f"deliverability serve: the dashboard needs the 'web' extra ({missing} is missing): "
            "pip install 'deliverability[web]'",
            file=sys.stderr,
        )
        return ExitCode.USAGE

    config = {
        "NAMESERVERS": args.nameserver,
        "DNS_TIMEOUT": args.timeout,
        "PLATFORM_FILE": args.platform,
        "DEFAULT_LANGUAGE": args.lang,
        "DB": args.db,
        # From the environment only, never a command line that `ps` shows to every user.
        "SECRET_KEY": os.environ.get("DELIVERABILITY_SECRET_KEY"),
    }
    try:
        app = create_app(config)
        server = make_server(args.host, args.port, app, threaded=True)
    except (PlatformError, ValueError, OSError, sqlite3.Error) as error:
        print(f"deliverability: {error}", file=sys.stderr)
        return ExitCode.USAGE
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"dashboard on http://{host}:{server.server_port}/ ; Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # the usual way to stop a server run by hand
        pass
    finally:
        server.server_close()
    return ExitCode.OK
