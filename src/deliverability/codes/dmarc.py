"""Finding codes of the DMARC check: what receivers do with mail that fails authentication."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

OK = Code(
    "dmarc.ok",
    Severity.OK,
    title=N_("DMARC policy: {policy}"),
    detail=N_(
        "{policy_domain} publishes DMARC with p={policy}: receivers act on mail that fails authentication."
    ),
    references=("RFC 7489 §6.3",),
)

MISSING = Code(
    "dmarc.missing",
    Severity.WARNING,
    title=N_("{domain} has no DMARC record"),
    detail=N_(
        "No DMARC record was found ({looked_up}). Gmail and Yahoo require one from bulk senders, "
        "and without it nobody reports abuse of the domain."
    ),
    fix=N_(
        'Publish a starter record, then tighten it once the reports look clean: _dmarc.{organizational_domain}. TXT "v=DMARC1; p=none; rua=mailto:dmarc@{organizational_domain}"'
    ),
    references=("RFC 7489 §6.1",),
)

MULTIPLE = Code(
    "dmarc.multiple",
    Severity.ERROR,
    title=N_("{policy_domain} has {count} DMARC records"),
    detail=N_(
        "_dmarc.{policy_domain} has {count} records starting with v=DMARC1. Receivers then ignore DMARC entirely, as if there were none."
    ),
    fix=N_("Delete all but one DMARC record at _dmarc.{policy_domain}."),
    references=("RFC 7489 §6.6.3",),
)

SYNTAX = Code(
    "dmarc.syntax",
    Severity.ERROR,
    title=N_("The DMARC record of {policy_domain} is invalid"),
    detail=N_("{reason}. Receivers may ignore a record they cannot parse."),
    fix=N_(
        "Correct the record at _dmarc.{policy_domain}; a valid example: v=DMARC1; p=quarantine; rua=mailto:dmarc@{policy_domain}"
    ),
    references=("RFC 7489 §6.3", "RFC 9989"),
)

POLICY_NONE = Code(
    "dmarc.policy_none",
    Severity.WARNING,
    title=N_("DMARC policy p=none only monitors"),
    detail=N_(
        "{policy_domain} publishes p=none: mail that fails authentication is delivered anyway, so anyone can send as {domain}, and Gmail and Yahoo give no credit for it."
    ),
    fix=N_(
        "Once the aggregate reports show every legitimate sender passes, move to p=quarantine, then p=reject."
    ),
    references=("RFC 7489 §6.3", "RFC 7489 §10.2"),
)

PCT = Code(
    "dmarc.pct",
    Severity.INFO,
    title=N_("DMARC applies to {pct}% of mail only"),
    detail=N_(
        "pct={pct}: the policy {policy} is applied to that share of failing mail; RFC 9989 drops pct, and most receivers apply all or nothing."
    ),
    fix=N_("Remove pct= (or set pct=100) when you are ready for the policy to apply to all mail."),
    references=("RFC 7489 §6.3", "RFC 9989"),
)

NO_RUA = Code(
    "dmarc.no_rua",
    Severity.INFO,
    title=N_("No DMARC aggregate reports requested"),
    detail=N_(
        "The DMARC record of {policy_domain} has no rua= address, so nobody sees which servers send as {domain} and whether they pass."
    ),
    fix=N_(
        "Add rua=mailto:dmarc@{policy_domain} (or a report-analysis service's address) to the record."
    ),
    references=("RFC 7489 §7.2",),
)

REPORT_URI_INVALID = Code(
    "dmarc.report_uri_invalid",
    Severity.WARNING,
    title=N_("DMARC report address is malformed"),
    detail=N_(
        "The record of {policy_domain} lists {uris}, which receivers cannot use; those reports are lost."
    ),
    fix=N_("Write each report address as mailto:name@domain, separated by commas."),
    references=("RFC 7489 §6.2",),
)

TOO_MANY_REPORT_URIS = Code(
    "dmarc.too_many_report_uris",
    Severity.WARNING,
    title=N_(
        "The DMARC record of {policy_domain} lists {count} {tag} addresses; receivers need use only 2"
    ),
    detail=N_(
        "Receivers may limit the report addresses they send to, provided they send to at least two "
        "(RFC 7489 §6.2): past two, some addresses may get no reports. The record itself is valid: "
        "DMARC sets no limit on its length."
    ),
    fix=N_(
        "Keep at most two {tag} addresses; to share the reports with more people or services, "
        "forward them from one of those mailboxes."
    ),
    references=("RFC 7489 §6.2",),
)

RUA_UNAUTHORIZED = Code(
    "dmarc.rua_unauthorized",
    Severity.WARNING,
    title=N_("{destination} has not agreed to receive DMARC reports for {policy_domain}"),
    detail=N_(
        "Reports for {policy_domain} go to a mailbox at {destination}, another organisation, which "
        "does not publish {policy_domain}._report._dmarc.{destination}; receivers will not send it reports."
    ),
    fix=N_(
        'Ask the owner of {destination} to publish: {policy_domain}._report._dmarc.{destination}. TXT "v=DMARC1"'
    ),
    references=("RFC 7489 §7.1",),
)

UNALIGNED = Code(
    "dmarc.unaligned",
    Severity.WARNING,
    title=N_("{platform}'s mail cannot pass DMARC for {domain}"),
    detail=N_(
        "DMARC passes only when SPF or DKIM is aligned with the From domain {domain}. Neither is for mail "
        "sent by {platform}: SPF is checked on the envelope sender's domain {return_path}, which does not "
        "align with {domain} (aspf={aspf}), and {domain} publishes no usable DKIM key for the platform's "
        "selectors ({selectors}), so the platform cannot sign as d={domain}. Receivers apply p={policy}: "
        "reject means the mail is refused, quarantine that it goes to spam, none that it is delivered "
        "without the credit Gmail and Yahoo give to authenticated mail."
    ),
    fix=N_(
        "Publish the DKIM records given in the recommended changes, so {platform} signs as {domain}; until "
        "then, send From {from_domain} with Reply-To the customer's address."
    ),
    references=("RFC 7489 §3.1", "RFC 7489 §4.2"),
)
