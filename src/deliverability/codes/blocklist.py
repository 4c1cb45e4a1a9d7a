"""Finding codes of the DNS blocklist check, and the words for what a listing means.

Listed, not listed, or not tested: a refusal by the list's operator (a query through a public
resolver, too many queries) and a failed lookup are never a listing, and never "not listed".
"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

CATEGORY_LABELS: dict[str, str] = {
    "sbl": N_("a spam source or spam operation (Spamhaus SBL)"),
    "css": N_("a source of low-reputation or snowshoe mail (Spamhaus CSS)"),
    "xbl": N_("an infected or hijacked machine (Spamhaus XBL)"),
    "drop": N_("a network run by or hijacked for criminals (Spamhaus DROP)"),
    "pbl": N_("an end-user address range that should not send mail directly (Spamhaus PBL)"),
    "bcl": N_("a botnet controller (Spamhaus BCL)"),
    "spam": N_("a source of spam seen by its spam traps"),
    "reported": N_("a source of mail its users reported as spam"),
    "spam_wave": N_("a participant in a current spam wave"),
    "poor_reputation": N_("a sender with a bad reputation"),
    "spamtrap": N_("a sender to its spam traps"),
    "spam_domain": N_("a domain seen in spam"),
    "phishing": N_("a domain used for phishing"),
    "malware": N_("a domain used to spread malware"),
    "botnet": N_("a botnet command-and-control domain"),
    "abused": N_("a legitimate domain abused by criminals (a hacked site, a shared service)"),
    "abused_redirector": N_("a legitimate redirector or URL shortener abused by spammers"),
    "grey": N_("a domain sending bulk mail many recipients did not ask for (grey list)"),
    "watched": N_("a domain under watch, not yet blocked (red list)"),
    "abuse": N_("a domain seen in spam or abuse"),
    "cracked": N_("a cracked web site used by spammers"),
    "range": N_("a network allocation (a /24 or larger) with too many spam sources"),
    "network": N_("a whole provider network (an autonomous system) with too many spam sources"),
    "unknown": N_("a return code the list does not document"),
}
"""What each listing category of ``blocklists/lists.toml`` means (finding parameter ``meaning_label``)."""

REFUSAL_LABELS: dict[str, str] = {
    "typo": N_("the list's name was mistyped"),
    "public_resolver": N_("the query came through a public or shared resolver the list refuses"),
    "volume": N_("the resolver asked more than the list's free-use limit"),
    "ip_query": N_("an address was asked of a list of domains"),
    "volume_or_public_resolver": N_(
        "the query came through a public resolver, or one over the list's free-use limit"
    ),
    "silent": N_(
        "even the entry it always lists came back unlisted, so the list is not answering this resolver"
    ),
    "other": N_("the list answered with an error code, not a listing"),
}
"""Why an operator refused a query (finding parameter ``reason_label``)."""

ROLE_LABELS: dict[str, str] = {
    "platform": N_("the platform's sending address"),
    "mx": N_("an MX address of the domain"),
    "domain": N_("the domain itself"),
    "connecting": N_("the address the message came from"),
    "linked": N_("a domain the message links to"),
}
"""Why a subject was asked about (finding parameter ``role_label``)."""

SKIP_LABELS: dict[str, str] = {
    "private_address": N_(
        "it is a private or loopback address, which no public list knows (the message came from "
        "inside the receiving network, or its headers do not show the public hop)"
    ),
    "over_limit": N_("a message's analysis asks about its first 20 linked domains only"),
}
"""Why a subject was not asked about (finding parameter ``reason_label``)."""

_TERMS = N_(
    "Query through your own recursive resolver (not 8.8.8.8, 1.1.1.1 or a provider's shared one) and "
    "within the list's free-use terms ({terms}); for Spamhaus, a free Data Query Service key "
    "(--spamhaus-key or DELIVERABILITY_SPAMHAUS_KEY) avoids the refusal."
)

LISTED = Code(
    "blocklist.listed",
    Severity.ERROR,
    title=N_("{list} lists {subject}"),
    detail=N_(
        "{list} lists {subject} ({role_label}) as {meaning_label} (answer {codes}). Receivers that "
        "use {list} refuse or junk mail from a listed address, or mail that names a listed domain."
    ),
    fix=N_(
        "Find and stop the cause first (a compromised account or machine, a purchased list, a hacked "
        "site); then ask for removal at {delisting}. Removal without a fix is followed by a relisting."
    ),
    references=("RFC 5782",),
)
RANGE_LISTED = Code(
    "blocklist.range_listed",
    Severity.INFO,
    title=N_("{list} lists the network around {subject}"),
    detail=N_(
        "{list} lists {meaning_label} containing {subject} ({role_label}). It lists whole networks for "
        "what other users of them sent; few receivers block on it, and it says nothing about "
        "{subject} itself."
    ),
    fix=N_(
        "Nothing to do unless a receiver cites {list} in a refusal; then ask the network's provider to "
        "deal with the abuse on its network ({delisting})."
    ),
    references=("RFC 5782",),
)
REFUSED = Code(
    "blocklist.refused",
    Severity.INFO,
    title=N_("{list} refused the query: not tested"),
    detail=N_(
        "{list} answered {codes}, which means {reason_label}: it is not a listing. Whether {subjects} "
        "are listed there is unknown."
    ),
    fix=_TERMS,
    references=("RFC 5782",),
)
UNAVAILABLE = Code(
    "blocklist.unavailable",
    Severity.INFO,
    title=N_("Could not ask {list}: not tested"),
    detail=N_(
        "The lookups of {subjects} at {list} failed ({outcome}); whether they are listed is unknown. "
        "This is not a verdict."
    ),
    fix=N_(
        "Run the check again; if it keeps failing, the list's name servers or your resolver are not "
        "answering (some lists answer only registered resolvers)."
    ),
    references=("RFC 5782",),
)
NOT_QUERIED = Code(
    "blocklist.not_queried",
    Severity.INFO,
    title=N_("Not asked of the blocklists: {subjects}"),
    detail=N_(
        "{subjects} ({role_label}) were not asked of any blocklist: {reason_label}. Whether they "
        'are listed is unknown; this is not "not listed".'
    ),
    references=("RFC 5782",),
)
OK = Code(
    "blocklist.ok",
    Severity.OK,
    title=N_("Not listed on the {count} blocklists that answered"),
    detail=N_("{subjects}: listed on none of {lists}."),
    references=("RFC 5782",),
)
