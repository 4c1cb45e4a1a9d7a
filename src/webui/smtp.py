"""The SMTP submission test: the settings a customer typed for their own mailbox, tried for real.

The password goes from the form to the library and nowhere else: the form never renders
it back (wtforms' PasswordField), nothing here logs form data, and the page is sent with
``Cache-Control: no-store`` so no cache keeps the username and the result.
"""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template
from flask.wrappers import Response
from flask_wtf import FlaskForm
from wtforms import EmailField, Field, IntegerField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from deliverability.i18n import N_
from deliverability.target import TargetError, parse_target
from webui import language
from webui.checker import Checker
from webui.security import runs_check

bp = Blueprint("smtp", __name__)

_TOO_LONG = N_("This is too long.")


def _address(form: FlaskForm, field: Field) -> None:
    try:
        target = parse_target(field.data)
    except TargetError:
        raise ValidationError(N_("Enter an e-mail address.")) from None
    if target.local_part is None:
        raise ValidationError(N_("Enter an e-mail address."))


class SubmissionForm(FlaskForm):
    """What a support agent copies from the customer's mail settings (translated in the page)."""

    host = StringField(
        N_("SMTP server"),
        validators=[
            InputRequired(N_("Enter the server name.")),
            Length(max=260, message=_TOO_LONG),
        ],
        description=N_(
            "As the customer typed it: smtp.example.com, ssl://smtp.example.com or tls://smtp.example.com."
        ),
    )
    port = IntegerField(
        N_("Port"),
        validators=[
            InputRequired(N_("Enter the port.")),
            NumberRange(1, 65535, N_("A port is between 1 and 65535.")),
        ],
        description=N_("465 for SSL/TLS, 587 for STARTTLS."),
    )
    username = StringField(
        N_("Username"), validators=[Optional(), Length(max=320, message=_TOO_LONG)]
    )
    password = PasswordField(
        N_("Password"),
        validators=[Optional(), Length(max=1024, message=_TOO_LONG)],
        description=N_(
            "Used once for this test, then forgotten: never shown again, stored or logged."
        ),
    )
    send_to = EmailField(
        N_("Send a test message to (optional)"),
        validators=[Optional(), Length(max=320, message=_TOO_LONG), _address],
    )


@bp.get("/smtp-test")
def form() -> Response:
    return _page(SubmissionForm(), report=None)


@bp.post("/smtp-test")
@runs_check
def run() -> Response:
    submitted = SubmissionForm()
    if not submitted.validate_on_submit():
        return _page(submitted, report=None, status=400)
    checker: Checker = current_app.extensions["checker"]
    report = checker.submission(
        host=submitted.host.data or "",
        port=submitted.port.data or 0,
        username=submitted.username.data or "",
        password=submitted.password.data or "",
        send_to=submitted.send_to.data or None,
        lang=language.current(),
    )
    return _page(submitted, report=report)


def _page(submitted: SubmissionForm, *, report: object, status: int = 200) -> Response:
    response = make_response(
        render_template("smtp/form.html", form=submitted, report=report), status
    )
    response.headers["Cache-Control"] = "no-store"
    return response
