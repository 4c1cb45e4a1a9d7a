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
from deliverability.cli import _options, inbox
from deliverability.cli._exit import ExitCode

WEB_EXTRA = frozenset(
    {"flask", "flask_wtf", "flask_limiter", "werkzeug", "wtforms", "limits", "aiosmtpd"}
)
"""Top-level modules that ``pip install 'deliverability[web]'`` brings."""


def without_web_extra(error: ImportError, command: str) -> int:
    """One line naming the extra to install, when ``error`` is a module of the ``web`` extra
    missing; re-raised otherwise (a bug of ours, not a missing extra)."""
    missing = (error.name or "").partition(".")[0]
    if missing not in WEB_EXTRA:
        raise error
    print(
        f"deliverability {command}: needs the 'web' extra ({missing} is missing): "
        "pip install 'deliverability[web]'",
        file=sys.stderr,
    )
    return ExitCode.USAGE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="TCP port (default 8000; 0 = any free port)"
    )
    _options.add_db(parser)
    inbox.add_listener(parser, required=False)
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
        return without_web_extra(error, "serve")

    config = {
        "NAMESERVERS": args.nameserver,
        "DNS_TIMEOUT": args.timeout,
        "PLATFORM_FILE": args.platform,
        "DEFAULT_LANGUAGE": args.lang,
        "DB": args.db,
        "INBOX_DOMAIN": args.inbox_domain,
        # From the environment only, never a command line that `ps` shows to every user.
        "SECRET_KEY": os.environ.get("DELIVERABILITY_SECRET_KEY"),
    }
    if args.smtp_listen and not args.inbox_domain:
        print("deliverability: --smtp-listen needs --inbox-domain", file=sys.stderr)
        return ExitCode.USAGE
    listener = None
    try:
        app = create_app(config)
        if args.smtp_listen:
            listener = inbox.listener(args, app.extensions["store"]).start()
        server = make_server(args.host, args.port, app, threaded=True)
    except (PlatformError, ValueError, OSError, sqlite3.Error) as error:
        if listener is not None:
            listener.stop()
        print(f"deliverability: {error}", file=sys.stderr)
        return ExitCode.USAGE
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"dashboard on http://{host}:{server.server_port}/ ; Ctrl-C stops", flush=True)
    if listener is not None:
        print(f"test inbox for @{args.inbox_domain} on {listener.address}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # the usual way to stop a server run by hand
        pass
    finally:
        server.server_close()
        if listener is not None:
            listener.stop()
    return ExitCode.OK
