"""``deliverability inbox``: the test inbox's SMTP listener alone, on the dashboard's store.

For a dashboard run by several WSGI workers (gunicorn): the workers share the store (``--db``)
and this one process receives the test messages. ``deliverability serve --smtp-listen`` runs
both in one process instead. The inbox domain's MX must point at the listening host, and
port 25 must be reachable from the internet for real senders (docs/inbox.md).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import threading
from typing import TYPE_CHECKING

from deliverability.advice.platform import PlatformError, load_platform
from deliverability.cli import _options
from deliverability.cli._exit import ExitCode

if TYPE_CHECKING:
    from deliverability.inbox import InboxListener
    from deliverability.storage import Store

DEFAULT_LISTEN = "0.0.0.0:25"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_listener(parser, required=True)
    _options.add_db(parser)
    _options.add_dns(parser)
    _options.add_platform(parser)


def add_listener(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """The options that start a listener (``serve`` takes them too, all optional)."""
    parser.add_argument(
        "--inbox-domain",
        metavar="DOMAIN",
        required=required,
        help="the mail domain of the test addresses (its MX points at this host)",
    )
    parser.add_argument(
        "--smtp-listen",
        metavar="HOST:PORT",
        default=DEFAULT_LISTEN if required else None,
        help=f"where the SMTP listener listens (default {DEFAULT_LISTEN})"
        if required
        else "also run the test inbox's SMTP listener here, e.g. 0.0.0.0:25",
    )
    parser.add_argument("--tls-cert", metavar="FILE", help="PEM certificate: offer STARTTLS")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key of --tls-cert")


def listener(args: argparse.Namespace, store: Store) -> InboxListener:
    """The listener the options ask for, not yet started; ValueError on a bad option."""
    # The listener is aiosmtpd, of the ``web`` extra: imported when one is asked for.
    from deliverability.inbox import Deliveries, InboxListener
    from deliverability.inbox._analysis import analyser

    host, port = split_listen(args.smtp_listen)
    if args.tls_key and not args.tls_cert:
        raise ValueError("--tls-key needs --tls-cert")
    platform = load_platform(args.platform) if args.platform else None
    deliveries = Deliveries(store, args.inbox_domain)
    analyse = analyser(
        deliveries, nameservers=args.nameserver, timeout=args.timeout, platform=platform
    )
    return InboxListener(
        deliveries,
        analyse,
        host=host,
        port=port,
        certificate=args.tls_cert,
        key=args.tls_key,
    )


def split_listen(text: str) -> tuple[str, int]:
    """``0.0.0.0:25``, ``[::]:2525`` → host and port; ValueError otherwise."""
    host, colon, port = text.rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"--smtp-listen {text!r}: write HOST:PORT, e.g. 0.0.0.0:25 or [::]:25")
    return host, int(port)


def run(args: argparse.Namespace) -> int:
    from deliverability.cli.serve import without_web_extra
    from deliverability.storage import Store, default_path

    try:
        store = Store(args.db or default_path())
        server = listener(args, store).start()
    except ImportError as error:
        return without_web_extra(error, "inbox")
    except (PlatformError, ValueError, OSError, sqlite3.Error) as error:
        print(f"deliverability: {error}", file=sys.stderr)
        return ExitCode.USAGE
    print(
        f"test inbox for @{args.inbox_domain} listening on {server.address} ; Ctrl-C stops",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:  # the usual way to stop a server run by hand
        pass
    finally:
        server.stop()
        store.close()
    return ExitCode.OK
