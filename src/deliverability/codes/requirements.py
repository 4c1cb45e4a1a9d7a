"""Finding codes of the requirements check: what Gmail, Yahoo, Outlook.com and Orange require of
senders, checked against the facts. One code per receiver, all with the same templates; the
requirements themselves are the provider data files' ``[requirements]`` tables."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_TITLE = N_("{receiver}: {met_count} of {total} sender requirements met, {missing_count} missing")
_DETAIL = N_(
    "What {receiver} requires of mail sent From {domain}, checked against this report's facts "
    "(enforcement date in brackets; SPF|DKIM: either passes; DMARC: a valid record; DMARC=pass: SPF or "
    "DKIM aligned with the From domain). Missing for every sender: {missing_all}. Missing for bulk "
    "senders: {missing_bulk}. Not checked: {unchecked}. Met: {met}. Bulk senders send {receiver}'s users "
    "more than {threshold} messages a day (—: {receiver} publishes no figure). Mail that misses a "
    "requirement is refused or goes to spam."
)
_FIX = N_(
    "For each requirement listed as missing, apply the fix of the matching SPF, DKIM, DMARC or PTR finding "
    "of this report, those for every sender first. What could not be checked (TLS, the platform's own "
    "envelope domain) is for the platform to confirm."
)

GENERATED: dict[str, Code] = {
    receiver: Code(
        f"requirements.{receiver}", Severity.WARNING, title=_TITLE, detail=_DETAIL, fix=_FIX
    )
    for receiver in ("gmail", "yahoo", "outlook", "orange")
}
"""The code of each receiver whose data file lists requirements, by provider id."""
