"""Finding codes about DNS itself: lookups that could not be made."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

UNAVAILABLE = Code(
    "dns.unavailable",
    Severity.WARNING,
    title=N_("Could not check {name} ({rdtype})"),
    detail=N_(
        "The DNS lookup of {name} ({rdtype}) ended with {outcome}, so this check could not "
        "be made. This is not a verdict: the record may well exist."
    ),
    fix=N_(
        "Run the check again in a few minutes. If it keeps failing, the domain's name servers "
        "are not answering properly ({outcome}): ask the DNS host to look at them."
    ),
    references=("RFC 8499 §3", "RFC 2308"),
)
