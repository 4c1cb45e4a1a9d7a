"""The SMTP submission test: the settings a customer typed for their own mailbox, tried for real.

The password goes from the form to the library and nowhere else: the form never renders
it back (wtforms' PasswordField), nothing here logs form data, the library keeps it in a
SecretStr and out of its report, and the page is sent with ``Cache-Control: no-store``
so no cache keeps the login and the result.
"""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template, request
from flask.wrappers import Response
from flask_wtf import FlaskForm
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from deliverability.i18n import N_
from deliverability.inbox import Deliveries, Delivery
from deliverability.report import Report
from deliverability.smtp import SubmissionSettings
from webui import language
from webui.checker import Checker
from webui.security import runs_check

bp = Blueprint("smtp", __name__)

_TOO_LONG = N_("This is too long.")


class Verbatim(str):
    """A message that may quote what the user typed (``x%y.example.com``): the page shows it as
    it is, never looks it up or formats it as a message template (a ``%`` would break that)."""

    verbatim = True


class SubmissionForm(FlaskForm):
    """What a support agent copies from the customer's mail settings (translated in the page).

    Only presence and size are checked here; what a valid server name, login or recipient
    is belongs to :class:`~deliverability.smtp.SubmissionSettings`, whose reasons are shown
    beside the fields.
    """

    host = StringField(
        N_("SMTP server"),
        validators=[
            InputRequired(N_("Enter the server name.")),
            Length(max=300, message=_TOO_LONG),
        ],
        description=N_(
            "As the customer typed it: smtp.example.com, ssl://smtp.example.com or "
            "tls://smtp.example.com."
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
        N_("Username"),
        validators=[InputRequired(N_("Enter the login.")), Length(max=320, message=_TOO_LONG)],
        description=N_("Usually the full e-mail address."),
    )
    password = PasswordField(
        N_("Password"),
        validators=[InputRequired(N_("Enter the password.")), Length(max=1024, message=_TOO_LONG)],
        description=N_(
            "Used once for this test, then forgotten: never shown again, stored or logged."
        ),
    )
    send_to = EmailField(
        N_("Send a test message to (optional)"),
        validators=[Optional(), Length(max=320, message=_TOO_LONG)],
    )
    to_inbox = BooleanField(
        N_("Send the test message to a fresh test address, and see how it arrives"),
        description=N_(
            "The deliverability test: the message goes to a one-time address of this "
            "dashboard, and a link shows how it arrived."
        ),
    )


PREFILLED = ("host", "port", "username", "send_to")
"""Fields a link may fill in (from a report's provider settings); never the password, which
would end up in browser histories and server logs."""


@bp.get("/smtp-test")
def form() -> Response:
    given = MultiDict([(name, request.args[name]) for name in PREFILLED if name in request.args])
    return _page(SubmissionForm(formdata=given or None), report=None)


@bp.post("/smtp-test")
@runs_check
def run() -> Response:
    submitted = SubmissionForm()
    if not submitted.validate_on_submit():
        return _page(submitted, report=None, status=400)
    test = _test_address(submitted)
    if submitted.errors:
        return _page(submitted, report=None, status=400)
    try:
        settings = SubmissionSettings(
            host=submitted.host.data,
            port=submitted.port.data,
            username=submitted.username.data,
            password=submitted.password.data,
            send_to=test.address if test else submitted.send_to.data or None,
        )
    except ValidationError as error:
        for problem in error.errors(include_input=False, include_url=False):
            field = getattr(submitted, str(problem["loc"][0]) if problem["loc"] else "host")
            message = Verbatim(problem["msg"].removeprefix("Value error, "))
            field.errors = [*field.errors, message]
        return _page(submitted, report=None, status=400)
    checker: Checker = current_app.extensions["checker"]
    try:
        report = checker.submission(settings, lang=language.current())
    except ValueError as error:  # a password that is empty or too long once read: said without it
        submitted.password.errors = [*submitted.password.errors, Verbatim(error)]
        return _page(submitted, report=None, status=400)
    return _page(submitted, report=report, test=test)


def _test_address(submitted: SubmissionForm) -> Delivery | None:
    """A fresh test address when the box is ticked (and the dashboard has a test inbox)."""
    deliveries: Deliveries | None = current_app.extensions.get("deliveries")
    if not submitted.to_inbox.data or deliveries is None:
        return None
    if submitted.send_to.data:
        submitted.to_inbox.errors = [
            *submitted.to_inbox.errors,
            N_("Either give an address to send to, or tick this box: not both."),
        ]
        return None
    return deliveries.create(lang=language.current())


def _page(
    submitted: SubmissionForm,
    *,
    report: Report | None,
    test: Delivery | None = None,
    status: int = 200,
) -> Response:
    page = render_template(
        "smtp/form.html",
        form=submitted,
        report=report,
        test=test,
        inbox="deliveries" in current_app.extensions,
    )
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response
