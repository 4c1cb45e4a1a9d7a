"""The application factory: configuration, extensions and blueprints of the support dashboard.

    app = create_app()                                  # defaults, then DELIVERABILITY_* variables
    app = create_app({"NAMESERVERS": ["127.0.0.1:5353"], "TESTING": True})

Configuration is read in order: :data:`DEFAULTS`, then either the mapping given (tests,
``deliverability serve``) or the environment variables prefixed ``DELIVERABILITY_``
(``DELIVERABILITY_NAMESERVERS='["192.0.2.53"]'``: values are parsed as JSON when they can be).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from deliverability.inbox import Deliveries
from deliverability.storage import Store, default_path
from webui import api, errors, inbox, language, message, presentation, report, security, smtp
from webui.checker import Checker
from webui.permalinks import Permalinks

DEFAULTS: Mapping[str, Any] = {
    # Resolvers to ask, "host" or "host:port"; empty means the system's configuration.
    "NAMESERVERS": [],
    # Seconds one DNS lookup may take.
    "DNS_TIMEOUT": 5.0,
    # Seconds one diagnosis or SMTP test may take in a request: what is pending then ends as a timeout.
    "DEADLINE": 20.0,
    # Seconds each step of the SMTP submission test may wait for the server.
    "SMTP_TIMEOUT": 15.0,
    # Let the SMTP test reach private and loopback addresses (off: no port scanning).
    "SMTP_ALLOW_PRIVATE": False,
    # A PEM file of extra CAs the SMTP test trusts (a private mail server; the tests' own CA).
    "SMTP_CA_FILE": None,
    # A Spamhaus Data Query Service key for the blocklist option (never shown or logged).
    "SPAMHAUS_KEY": None,
    # Ask the DNS blocklists under this suffix instead (a local rsync mirror: zen.spamhaus.org.SUFFIX).
    "BLOCKLISTS_MIRROR": None,
    # Path of the sending platform's TOML profile; without it, checks are made for no platform.
    "PLATFORM_FILE": None,
    # Checks (reports and SMTP tests) one client may run: each one sends traffic to third parties.
    "CHECK_RATE_LIMIT": "20 per minute;200 per day",
    # Stored reports (shared links, as pages or JSON) one client may read.
    "READ_RATE_LIMIT": "120 per minute;2000 per day",
    # Status polls (a deliverability test's page and API, /healthz): a script may ask twice a second.
    "POLL_RATE_LIMIT": "240 per minute;20000 per day",
    "RATELIMIT_STORAGE_URI": "memory://",
    # The store's SQLite file (links, and whatever else must outlive a request); None: the
    # DELIVERABILITY_DB variable, else the user's data directory (deliverability.storage).
    "DB": None,
    # Bytes the stored reports may take in the store (compressed JSON); the oldest go first.
    "STORE_MAX_BYTES": 256 * 1024 * 1024,
    # Seconds a shared report link keeps working; the report is then forgotten.
    "PERMALINK_TTL": 3600,
    # Reports kept at most for links (the oldest go first).
    "PERMALINK_MAX": 1000,
    # Where the dashboard is reached ("https://deliverability.example.com"): the base of the
    # report links it shows. Unset, SERVER_NAME is used; with neither, links are shown as paths.
    # Never the request's Host header, which a client chooses.
    "PUBLIC_URL": None,
    # The session cookie (CSRF token) is not sent with requests other sites start.
    "SESSION_COOKIE_SAMESITE": "Lax",
    # The test inbox's mail domain (its MX points at the SMTP listener); None: no test inbox.
    "INBOX_DOMAIN": None,
    # For visitors whose browser states no language we speak.
    "DEFAULT_LANGUAGE": "en",
    # Reverse proxies in front of the app whose X-Forwarded-For is believed (for the rate limit).
    "TRUSTED_PROXIES": 0,
    # The forms are the SMTP test's few short fields; the message routes raise it for themselves.
    "MAX_CONTENT_LENGTH": 16 * 1024,
    # Bytes of a message /message and /api/message accept (the library refuses over 25 MB).
    "MESSAGE_MAX_BYTES": 10 * 1024 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the dashboard; ``config`` replaces the environment as the source of settings."""
    app = Flask(__name__)
    app.request_class = message.MemoryRequest
    app.config.from_mapping(DEFAULTS)
    if config is None:
        app.config.from_prefixed_env("DELIVERABILITY")
    else:
        app.config.from_mapping(config)

    app.extensions["checker"] = Checker.from_config(app.config)
    store = Store(app.config["DB"] or default_path(), max_bytes=int(app.config["STORE_MAX_BYTES"]))
    app.extensions["store"] = store
    # Without a configured key, the store's: every worker on the same store signs alike.
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or store.form_key()
    app.extensions["permalinks"] = Permalinks(
        store, ttl=float(app.config["PERMALINK_TTL"]), capacity=int(app.config["PERMALINK_MAX"])
    )
    if app.config["INBOX_DOMAIN"]:
        app.extensions["deliveries"] = Deliveries(store, str(app.config["INBOX_DOMAIN"]))
    if app.config["TRUSTED_PROXIES"]:
        proxies = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    language.init_app(app)
    presentation.init_app(app)
    for blueprint in (report.bp, message.bp, api.bp, smtp.bp, inbox.bp, errors.bp):
        app.register_blueprint(blueprint)
    security.init_app(app)
    return app
