"""Finding codes of the sender check: can the platform send as the target address at all, and
how would the customer send through their own mailbox instead? The mailbox codes are one per
kind of credential; the provider data files give the settings they are filled with."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_MAILBOX_TITLE = N_("Sending through the customer's own {provider} mailbox: {host}, port {port}")

FREEMAIL = Code(
    "sender.freemail",
    Severity.ERROR,
    title=N_("{address} belongs to {provider}: only {provider}'s servers may send as it"),
    detail=N_(
        "{domain} is {provider}'s domain: its SPF lists only {provider}'s servers and only {provider} "
        "holds its DKIM keys, so mail the platform sends From {address} fails DMARC, and nobody but "
        "{provider} can change that. What receivers then do depends on the DMARC policy of {domain}, "
        "now p={policy} (p=? if it could not be looked up): with reject the mail is refused, with quarantine "
        "it goes to spam, with none it arrives unauthenticated, and Gmail, Outlook.com and Orange "
        "filter such mail."
    ),
    fix=N_(
        "Most robust first: (1) have the platform send From an address at its own domain, with "
        "Reply-To: {reply_to}, so replies still reach the customer; (2) or send through the customer's "
        "own {provider} mailbox, with its SMTP settings (below, when known); (3) or move the customer to "
        "an address at a domain of their own, where the platform can be authorised in SPF and DKIM."
    ),
    references=("RFC 7489 §6.6", "https://support.google.com/mail/answer/81126"),
)

MAILBOX_PASSWORD = Code(
    "sender.mailbox_password",
    Severity.INFO,
    title=_MAILBOX_TITLE,
    detail=N_(
        "{provider} lets mail programs send with the mailbox password. Mail sent this way is signed by "
        "{provider} and passes DMARC; it counts against the mailbox's own sending limits."
    ),
    fix=N_(
        "In the platform's SMTP settings, type: server {host}, port {port}, security {security}, "
        "login {login}, password the {provider} mailbox password."
    ),
)

MAILBOX_APP_PASSWORD = Code(
    "sender.mailbox_app_password",
    Severity.INFO,
    title=_MAILBOX_TITLE,
    detail=N_(
        "{provider} refuses the account password from other mail programs: they sign in with an app "
        "password. Mail sent this way is signed by {provider} and passes DMARC."
    ),
    fix=N_(
        "1. In the {provider} account's security settings ({account_url}), turn on 2-step verification "
        "if {provider} asks for it, then create an app password for the platform. 2. In the platform's "
        "SMTP settings, type: server {host}, port {port}, security {security}, login {login}, password "
        "that app password."
    ),
)

MAILBOX_OAUTH = Code(
    "sender.mailbox_oauth",
    Severity.INFO,
    title=N_("No password works for the customer's {provider} mailbox since {since}"),
    detail=N_(
        "Since {since}, {host} accepts only OAuth2 sign-in from other mail programs: a password, even an "
        "app password, is refused (535 5.7.139 at Outlook.com). Settings with a login and a password "
        "cannot work."
    ),
    fix=N_(
        'Only a platform that connects the customer\'s {provider} account through OAuth2 ("Sign in with Microsoft") '
        "can send through this mailbox; otherwise choose way (1) or (3) of the free-mail finding."
    ),
)
