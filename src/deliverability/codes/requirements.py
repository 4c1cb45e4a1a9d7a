"""Finding codes of the requirements check: what the large receivers require of senders,
checked against the facts.

One code per receiver, generated from the provider data files: every file with a
``[requirements]`` table (``providers/data/gmail.toml`` …) gives ``requirements.<id>``, so a new
receiver is one data file. All share the templates below; their words (the needs, why one
could not be checked, the verdict) are terms, so the params stay language-independent.
"""

from __future__ import annotations

from collections.abc import Mapping

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.providers import all_providers
from deliverability.report import Severity

TERMS: Mapping[str, str] = {
    # The needs (providers.model.Need), as a customer would name them.
    "spf_or_dkim": N_("SPF or DKIM passing"),
    "spf": N_("SPF passing"),
    "dkim": N_("DKIM signature"),
    "dmarc": N_("DMARC record"),
    "alignment": N_("SPF or DKIM aligned with From"),
    "ptr": N_("reverse DNS"),
    "tls": N_("TLS"),
    "helo": N_("HELO name that resolves"),
    "not_blocklisted": N_("on no blocklist"),
    # How a need was judged, and why one could not be.
    "met": N_("met"),
    "missing": N_("missing"),
    "bulk": N_("bulk senders"),
    "dns": N_("DNS did not answer"),
    "unseen": N_("not in DNS"),
    "envelope": N_("on the platform's domain"),
    "not_asked": N_("not asked: --blocklists"),
    "unknown": N_("nothing to judge it by"),
    # The one-line verdicts.
    "verdict_missing": N_("{missing_count} missing: {missing}"),
    "verdict_missing_bulk": N_("{missing_count} missing (bulk senders): {missing}"),
    "verdict_unchecked": N_("nothing missing; not checked: {unchecked}"),
    "verdict_met": N_("every requirement met"),
    # The sentences of the detail.
    "for_all": N_("Of every sender, {receiver} requires: {all_items}."),
    "for_bulk": N_("Of bulk senders, also: {bulk_items}."),
    "threshold": N_(
        "{receiver} counts as bulk a sender of more than {threshold} messages a day to its users."
    ),
    # The fixes.
    "fix_refer": N_("Apply the fixes of {see} above."),
    "fix_missing": N_(
        "Publish what is missing: the SPF, DKIM, DMARC and PTR findings of this report say how."
    ),
}
"""The vocabulary of every requirements finding (see :class:`Code`)."""

_TITLE = N_("{receiver}: {verdict}")
_DETAIL = N_(
    "What {receiver} requires of the mail sent From {domain}, judged from this report's facts "
    "(status and date enforced in brackets). {sentences} Mail that misses a requirement is "
    "refused or goes to spam."
)
_FIX = N_("{remedy}")

GENERATED: Mapping[str, Code] = {
    provider.id: Code(
        f"requirements.{provider.id}",
        Severity.WARNING,
        title=_TITLE,
        detail=_DETAIL,
        fix=_FIX,
        terms=TERMS,
    )
    for provider in all_providers()
    if provider.requirements is not None
}
"""The code of each receiver whose data file lists requirements, by provider id. Generated
from the data itself, so the codes and the data cannot disagree; the registry collects them
with the symbols of the other concern modules."""
