"""The visitor's language: ``?lang=`` (then remembered in a cookie), the cookie, Accept-Language.

Templates translate their own strings with Jinja's i18n extension (``{% trans %}``, ``_()``)
from the library's gettext catalogue; findings come translated from the library, which
is asked for a report in :func:`current` language.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request, url_for
from flask.wrappers import Response

from deliverability.i18n import LANGUAGES, check_language, translator
from deliverability.report import Lang

COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600

NAMES = {"en": "English", "fr": "Français"}
"""Each language in its own name, for the switch."""


def init_app(app: Flask) -> None:
    check_language(app.config["DEFAULT_LANGUAGE"])
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: translator(current())(message),
        # The catalogue reader keeps no plural entries, so templates use no {% pluralize %}.
        ngettext=lambda singular, plural, count: translator(current())(
            singular if count == 1 else plural
        ),
        newstyle=True,
    )
    app.before_request(_choose)
    app.after_request(_remember)
    app.context_processor(lambda: {"lang": current(), "languages": _switch()})


def current() -> Lang:
    """The language of the current request (one of LANGUAGES: :func:`_choose` set it)."""
    lang: Lang = g.get("lang", "en")
    return lang


def _choose() -> None:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        g.lang = asked
        return
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        g.lang = remembered
        return
    g.lang = (
        request.accept_languages.best_match(LANGUAGES) or current_app.config["DEFAULT_LANGUAGE"]
    )


def _remember(response: Response) -> Response:
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    # Pages differ by language: shared caches must not hand a French page to an English reader.
    response.vary.update(("Accept-Language", "Cookie"))
    return response


KEPT_QUERY = ("target", "host", "port", "username", "send_to")
"""Query parameters the switch links carry over (the target, the SMTP form's prefill): only
those the pages read, so nothing else a URL carried (a password typed into it) is repeated."""


def _switch() -> list[tuple[str, str, str | None]]:
    """(code, name, link) for each language; the link is None for the current one.

    The link keeps the page and its query (the target), changing only ``lang``.
    """
    if request.endpoint is None:
        return []
    kept = {name: request.args[name] for name in KEPT_QUERY if name in request.args}
    args = {**(request.view_args or {}), **kept}
    return [
        (
            code,
            NAMES[code],
            None if code == current() else url_for(request.endpoint, **{**args, "lang": code}),
        )
        for code in LANGUAGES
    ]
