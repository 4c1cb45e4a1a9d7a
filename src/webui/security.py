"""What keeps the dashboard safe to expose: headers, CSRF, and per-client quotas.

- DNS data and server replies are hostile: Jinja autoescapes every template, and the
  Content-Security-Policy allows no inline script or style and nothing from other origins,
  so even an escaping mistake cannot run a script.
- Every form POST carries a CSRF token (flask-wtf's CSRFProtect); a JSON API's POST
  (:func:`json_api`: programs post to it, with no cookie) is exempt.
- Every view that serves computed or stored data counts against a per-client quota
  (flask-limiter, keyed by the client address): :func:`runs_check` marks the views that send
  traffic to third parties (``CHECK_RATE_LIMIT``), :func:`reads_store` those that serve a
  stored report (``READ_RATE_LIMIT``). A view with a quota of its own (a status page polled
  twice a second) is marked ``@counted("POLL_RATE_LIMIT")`` with that setting in
  :data:`webui.app.DEFAULTS`: views marked with one setting share one quota.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask.wrappers import Response
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

View = TypeVar("View", bound=Callable[..., object])

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        # The deliverability test's page asks its own status API while it waits.
        "connect-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Not "no-referrer": flask-wtf checks the Referer of POSTs made over HTTPS.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_QUOTA = "_deliverability_quota"
_NO_CSRF = "_deliverability_no_csrf"


def counted(setting: str) -> Callable[[View], View]:
    """Count a view against the per-client quota given by the configuration's ``setting``
    (a flask-limiter limit such as ``"20 per minute;200 per day"``)."""

    def mark(view: View) -> View:
        setattr(view, _QUOTA, setting)
        return view

    return mark


runs_check = counted("CHECK_RATE_LIMIT")
"""Mark a view that runs a check: it sends DNS queries and connections to third parties."""

reads_store = counted("READ_RATE_LIMIT")
"""Mark a view that serves a stored report (a shared link)."""


def quota_of(view: object) -> str | None:
    """The setting of the quota ``view`` counts against, or None."""
    return getattr(view, _QUOTA, None)


def json_api(view: View) -> View:
    """Mark a JSON API view that takes a POST body from programs: no CSRF token (it reads no
    cookie-authenticated state and changes nothing), still counted in the quota if it runs a check."""
    setattr(view, _NO_CSRF, True)
    return view


def init_app(app: Flask) -> None:
    """Install the headers, CSRF protection and the quotas (after the blueprints are registered)."""
    app.after_request(_headers)
    csrf = CSRFProtect(app)
    for view in list(app.view_functions.values()):
        if getattr(view, _NO_CSRF, False):
            csrf.exempt(view)
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    quotas: dict[str, Any] = {}  # flask-limiter's RouteLimit, by setting
    for endpoint, view in list(app.view_functions.items()):
        setting = quota_of(view)
        if setting is None:
            continue
        if setting not in quotas:
            limit = str(app.config[setting])  # a missing setting fails here, at start-up
            quotas[setting] = limiter.shared_limit(limit, scope=setting.lower())
        app.view_functions[endpoint] = quotas[setting](view)


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
