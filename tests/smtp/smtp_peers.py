"""Names and replies shared by the SMTP tests and their fixtures."""

import base64

HOST = "smtp.smtp-submit.test"
USER = "artisan@smtp-submit.test"
PASSWORD = "Corr3ct horse, battery: staple!"
APP_PASSWORD = "abcdefghijklmnop"
APP_USER = "app@smtp-submit.test"
MX_NAMES = (
    "mx1.smtp-mx.test",
    "mx2.smtp-mx.test",
    "mx.smtp-mx-single.test",
    "smtp-mx-implicit.test",
)

GMAIL_534 = (
    "534-5.7.9 Application-specific password required. Learn more at\r\n"
    "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor "
    "d2-20020a05600c34c200b0040e3ac9f4c8sm1234567wmq.0 - gsmtp"
)
OUTLOOK_535 = (
    "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. "
    "[PR1P264CA0123.FRAP264.PROD.OUTLOOK.COM 2024-10-10T08:00:00.000Z 08DCE0000000000]"
)
GMAIL_LIMIT = (
    "550 5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits "
    "go to - gsmtp"
)

LOGIN_ARGS = ["smtp-test", "--host", HOST, "--user", USER]
"""The start of every ``smtp-test`` command line in the tests."""


def echo(code: int):
    """An AUTH reply that quotes the credentials back, as a careless server's debug output does:
    the AUTH PLAIN and LOGIN lines as received (base64), the decoded pair, the password alone."""

    def reply(mechanism: str, login: str, password: str) -> str:
        sent = (
            base64.b64encode(f"\0{login}\0{password}".encode()).decode()
            if mechanism == "PLAIN"
            else base64.b64encode(password.encode()).decode()
        )
        status = "5.7.8 Authentication failed" if code == 535 else "2.7.0 Accepted"
        return (
            f"{code}-{status} for AUTH {mechanism} {sent}\r\n"
            f"{code}-credentials: {login}:{password}\r\n"
            f"{code} password was {password}"
        )

    return reply
