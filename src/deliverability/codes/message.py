"""Finding codes of a message's path and headers: delays, identities, bulk-sender rules."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_BULK = "https://support.google.com/a/answer/81126"
_YAHOO = "https://senders.yahooinc.com/best-practices/"
_OUTLOOK = "https://techcommunity.microsoft.com/blog/MicrosoftDefenderforOffice365Blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730"

PATH = Code(
    "message.path",
    Severity.INFO,
    title=N_("{hops} hop(s); handed to the receiver by {ip}"),
    detail=N_(
        "The message passed {hops} server(s). The address that handed it to the receiving organisation "
        "is {ip}, found from {source}; SPF is evaluated for it."
    ),
    references=("RFC 5321 §4.4",),
)

DELAYED = Code(
    "message.delayed",
    Severity.WARNING,
    title=N_("Hop {hop} held the message {minutes} minutes"),
    detail=N_(
        "{by} received the message {minutes} minutes after the previous step (from {source}). A queue, "
        "greylisting or a retry after a temporary refusal is the usual cause."
    ),
    fix=N_(
        "Look at the logs of the server before {by} for deferrals (4xx replies) around that time."
    ),
    references=("RFC 5321 §4.5.4.1",),
)

BULK = Code(
    "message.bulk",
    Severity.INFO,
    title=N_("Judged as bulk mail"),
    detail=N_(
        "The message is judged by the bulk-sender rules of Gmail, Yahoo and Outlook.com because of: {reasons}."
    ),
    references=(_BULK, _YAHOO, _OUTLOOK),
)

LIST_UNSUBSCRIBE_MISSING = Code(
    "message.list_unsubscribe_missing",
    Severity.ERROR,
    title=N_("No List-Unsubscribe header"),
    detail=N_(
        "Gmail and Yahoo (since 2024) and Outlook.com (since 2025) require bulk mail to offer a "
        "one-click unsubscribe in the List-Unsubscribe header; without it, recipients use the spam button."
    ),
    fix=N_(
        "Add List-Unsubscribe: <https://…/unsubscribe?id=…>, <mailto:…> and List-Unsubscribe-Post: List-Unsubscribe=One-Click, and sign both with DKIM."
    ),
    references=("RFC 2369", "RFC 8058", _BULK, _YAHOO),
)

ONE_CLICK_MISSING = Code(
    "message.one_click_missing",
    Severity.ERROR,
    title=N_("No one-click unsubscribe (List-Unsubscribe-Post)"),
    detail=N_(
        "The message has a List-Unsubscribe header but no List-Unsubscribe-Post: List-Unsubscribe=One-Click "
        "with an https link, which Gmail and Yahoo require from bulk senders."
    ),
    fix=N_(
        "Add List-Unsubscribe-Post: List-Unsubscribe=One-Click and an https URL in List-Unsubscribe that unsubscribes on a POST."
    ),
    references=("RFC 8058 §3.1", _BULK, _YAHOO),
)

LIST_UNSUBSCRIBE_UNSIGNED = Code(
    "message.list_unsubscribe_unsigned",
    Severity.WARNING,
    title=N_("List-Unsubscribe is not covered by a valid DKIM signature"),
    detail=N_(
        "RFC 8058 requires the List-Unsubscribe and List-Unsubscribe-Post headers to be covered by a valid "
        "DKIM signature (its h= list), so nobody can add or change them on the way."
    ),
    fix=N_(
        "Add List-Unsubscribe and List-Unsubscribe-Post to the headers the platform signs (h=)."
    ),
    references=("RFC 8058 §4",),
)

MESSAGE_ID_MISSING = Code(
    "message.message_id_missing",
    Severity.WARNING,
    title=N_("No Message-ID header"),
    detail=N_(
        "Every message should carry a Message-ID (RFC 5322 §3.6.4); Gmail asks for it, and filters score "
        "its absence (SpamAssassin MISSING_MID)."
    ),
    fix=N_("Have the sending software add Message-ID: <unique@{from_domain}>."),
    references=("RFC 5322 §3.6.4", _BULK),
)

DATE_MISSING = Code(
    "message.date_missing",
    Severity.WARNING,
    title=N_("No Date header"),
    detail=N_(
        "The Date header is required (RFC 5322 §3.6); filters score its absence (SpamAssassin MISSING_DATE, 2.7 points by default)."
    ),
    fix=N_("Have the sending software add the Date header when it sends."),
    references=("RFC 5322 §3.6.1",),
)

DATE_SKEW = Code(
    "message.date_skew",
    Severity.WARNING,
    title=N_("The Date header is {minutes} minutes off the first server's time"),
    detail=N_(
        "Date says {date}; the first Received header says {received}. Filters score a Date far from the "
        "delivery time (SpamAssassin DATE_IN_FUTURE_03_06, DATE_IN_PAST_03_06): a wrong clock, or a "
        "message written long before it was sent."
    ),
    fix=N_("Set the sending server's clock by NTP, and date a message when it is sent."),
    references=("RFC 5322 §3.6.1",),
)

FROM_MISSING = Code(
    "message.from_missing",
    Severity.ERROR,
    title=N_("No From address"),
    detail=N_(
        "The message has no readable From address. RFC 5322 requires one, and DMARC cannot apply "
        "without it: receivers reject or file such mail."
    ),
    fix=N_("Have the sending software write From: Name <address@your-domain>."),
    references=("RFC 5322 §3.6.2", "RFC 7489 §6.6.1"),
)

FROM_MULTIPLE = Code(
    "message.from_multiple",
    Severity.ERROR,
    title=N_("{count} From addresses"),
    detail=N_(
        "The message has {count} From addresses ({addresses}). DMARC cannot tell whose policy applies, "
        "and Gmail rejects such mail."
    ),
    fix=N_("Send with exactly one From address."),
    references=("RFC 7489 §6.6.1",),
)

NO_STARTTLS = Code(
    "message.no_starttls",
    Severity.WARNING,
    title=N_("Delivered without encryption"),
    detail=N_(
        "{address} (HELO {helo}) delivered the test message in clear text although the test "
        "inbox offered STARTTLS. Gmail shows such a message with a red open padlock, recipients "
        "learn to distrust it, and receivers that require TLS refuse it."
    ),
    fix=N_(
        "Turn on TLS for outgoing mail on the server that sent it: in Postfix "
        "smtp_tls_security_level = may, elsewhere its STARTTLS or opportunistic TLS setting "
        "(in a sending service, its TLS option). Then send a new test message."
    ),
    references=("RFC 3207",),
)
