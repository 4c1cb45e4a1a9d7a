"""What keeps the dashboard safe to expose: headers, CSRF, and a per-client quota on checks.

- DNS data and server replies are hostile: Jinja autoescapes every template, and the
  Content-Security-Policy allows no inline script or style and nothing from other origins,
  so even an escaping mistake cannot run a script.
- Every form POST carries a CSRF token (flask-wtf's CSRFProtect); the JSON API's POST
  (:func:`json_api`, a raw message in, a report out) is exempt.
- A view marked :func:`runs_check` sends traffic to third parties (DNS resolvers, mail
  servers); each client may run ``CHECK_RATE_LIMIT`` of them (flask-limiter, counted in
  memory per process, keyed by the client address).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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

_RUNS_CHECK = "_deliverability_runs_check"
_NO_CSRF = "_deliverability_no_csrf"


def runs_check(view: View) -> View:
    """Mark a view that runs a check: it counts against the client's quota."""
    setattr(view, _RUNS_CHECK, True)
    return view


def json_api(view: View) -> View:
    """Mark a JSON API view that takes a POST body from programs: no CSRF token (it reads no
    cookie-authenticated state and changes nothing), still counted in the quota if it runs a check."""
    setattr(view, _NO_CSRF, True)
    return view


def init_app(app: Flask) -> None:
    """Install the headers, CSRF protection and the quota (after the blueprints are registered)."""
    app.after_request(_headers)
    csrf = CSRFProtect(app)
    for view in list(app.view_functions.values()):
        if getattr(view, _NO_CSRF, False):
            csrf.exempt(view)
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    quota = limiter.shared_limit(lambda: str(app.config["CHECK_RATE_LIMIT"]), scope="checks")
    for endpoint, view in list(app.view_functions.items()):
        if getattr(view, _RUNS_CHECK, False):
            # flask-limiter types the wrapped view as possibly async; it wraps a sync view as sync.
            app.view_functions[endpoint] = quota(view)  # type: ignore[assignment]


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
