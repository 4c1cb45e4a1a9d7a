"""Finding codes of a message's authentication, re-verified at the time of the analysis."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

DKIM_OK = Code(
    "auth.dkim_ok",
    Severity.OK,
    title=N_("DKIM signature by {domain} verifies"),
    detail=N_(
        "The signature by {domain} (selector {selector}) matches the message and the key published at {selector}._domainkey.{domain}."
    ),
    references=("RFC 6376 §6",),
)

DKIM_BODY_MODIFIED = Code(
    "auth.dkim_body_modified",
    Severity.ERROR,
    title=N_("The body changed after {domain} signed it"),
    detail=N_(
        "The body hash in the DKIM signature by {domain} (selector {selector}) does not match the body: "
        "something changed it after signing, usually a footer or disclaimer added by a relay, a mailing "
        "list or an antivirus. The signature fails, so it cannot make DMARC pass."
    ),
    fix=N_(
        "Find what adds to the body after the platform signs (a disclaimer rule, a list server, a gateway) "
        "and have it done before signing or not at all; then send a new test message."
    ),
    references=("RFC 6376 §3.7", "RFC 6376 §6.1.3"),
)

DKIM_SIGNATURE_INVALID = Code(
    "auth.dkim_signature_invalid",
    Severity.ERROR,
    title=N_("The DKIM signature by {domain} does not verify"),
    detail=N_(
        "The signature by {domain} (selector {selector}) does not match the signed header fields or the "
        "key: a header it covers was changed in transit, or the message was signed with another key than "
        "the one published."
    ),
    fix=N_(
        "Check that {selector}._domainkey.{domain} publishes the platform's current key, and that no "
        "relay rewrites signed headers (a subject tag, a rewritten From)."
    ),
    references=("RFC 6376 §6.1.3",),
)

DKIM_KEY_MISSING = Code(
    "auth.dkim_key_missing",
    Severity.ERROR,
    title=N_("No DKIM key at {selector}._domainkey.{domain}"),
    detail=N_(
        "At the time of this analysis there is no key at {selector}._domainkey.{domain} ({outcome}), so "
        "the signature cannot be verified. Either the key was never published, or it was removed or "
        "rotated since the message was sent."
    ),
    fix=N_(
        "Publish the key for selector {selector} under {domain} (see the recommended changes), and keep an "
        "old selector published for a few days after rotating keys."
    ),
    references=("RFC 6376 §6.1.2",),
)

DKIM_UNVERIFIED = Code(
    "auth.dkim_unverified",
    Severity.WARNING,
    title=N_("Could not fetch the DKIM key {selector}._domainkey.{domain}"),
    detail=N_(
        "The lookup of the key ended with {outcome}, so the signature by {domain} could not be verified. "
        "This is not a verdict: the key may well be published."
    ),
    fix=N_("Run the analysis again in a few minutes."),
    references=("RFC 6376 §6.1.2",),
)

DKIM_BODY_UNCHECKED = Code(
    "auth.dkim_body_unchecked",
    Severity.INFO,
    title=N_("DKIM signature by {domain}: the headers verify, the body was not given"),
    detail=N_(
        "Only the header block was given, so the body hash could not be checked. The signature over "
        "the headers verifies with the key at {selector}._domainkey.{domain}; whether the body was "
        "changed on the way cannot be told."
    ),
    fix=N_(
        "For a full verdict, analyse the whole message (in Gmail: Show original, then Download original)."
    ),
    references=("RFC 6376 §3.7",),
)

DKIM_NONE = Code(
    "auth.dkim_none",
    Severity.WARNING,
    title=N_("The message has no DKIM signature"),
    detail=N_(
        "Nothing signed the message, so DMARC can pass only through SPF, which breaks as soon as the "
        "message is forwarded. Gmail and Yahoo require DKIM from bulk senders."
    ),
    fix=N_(
        "Have the platform sign as {from_domain}: publish its DKIM records (see the recommended changes)."
    ),
    references=("RFC 6376", "RFC 7489 §4.2"),
)

DKIM_UNALIGNED = Code(
    "auth.dkim_unaligned",
    Severity.WARNING,
    title=N_("DKIM verifies for {domain}, not for {from_domain}"),
    detail=N_(
        "The valid signature is by {domain}, which does not align with the From domain {from_domain} "
        "(adkim={adkim}), so it does not count for DMARC. When {domain} is the platform's own domain, "
        "the platform signs for itself instead of for the customer."
    ),
    fix=N_(
        "Have the platform sign as {from_domain}: publish its DKIM key under {from_domain} (see the recommended changes)."
    ),
    references=("RFC 7489 §3.1.1",),
)

SPF_OK = Code(
    "auth.spf_ok",
    Severity.OK,
    title=N_("SPF passes for {domain} from {ip}"),
    detail=N_(
        "{domain}'s SPF policy authorises {ip}, the address that handed the message over (from {source})."
    ),
    references=("RFC 7208 §2.6.3",),
)

SPF_FAIL = Code(
    "auth.spf_fail",
    Severity.ERROR,
    title=N_("SPF {result} for {domain} from {ip}"),
    detail=N_(
        "Evaluated now, {domain}'s SPF policy gives {result} for {ip}, the address that handed the message "
        "over (from {source}); the deciding term is {term}."
    ),
    fix=N_(
        "Authorise the platform in {domain}'s SPF record (see the recommended changes), or send with an "
        "envelope sender whose domain does authorise it."
    ),
    references=("RFC 7208 §2.6", "RFC 7208 §4"),
)

SPF_UNVERIFIED = Code(
    "auth.spf_unverified",
    Severity.WARNING,
    title=N_("Could not evaluate SPF for {domain}"),
    detail=N_(
        "A DNS lookup needed to evaluate {domain}'s SPF policy for {ip} failed (temperror). This is "
        "not a verdict: the address may well be authorised."
    ),
    fix=N_("Run the analysis again in a few minutes."),
    references=("RFC 7208 §2.6.6",),
)

SPF_UNALIGNED = Code(
    "auth.spf_unaligned",
    Severity.WARNING,
    title=N_("SPF passes for {domain}, which does not align with {from_domain}"),
    detail=N_(
        "The envelope sender's domain {domain} passes SPF, but DMARC counts SPF only when that domain "
        "aligns with the From domain {from_domain} (aspf={aspf})."
    ),
    fix=N_(
        "Use a return-path under {from_domain} (the platform's custom bounce domain), or rely on an aligned DKIM signature."
    ),
    references=("RFC 7489 §3.1.2",),
)

DMARC_OK = Code(
    "auth.dmarc_ok",
    Severity.OK,
    title=N_("DMARC passes for {from_domain}"),
    detail=N_("Re-verified now, {via} passes for a domain aligned with {from_domain}."),
    references=("RFC 7489 §4.2",),
)

DMARC_FAIL = Code(
    "auth.dmarc_fail",
    Severity.ERROR,
    title=N_("DMARC fails for {from_domain} (p={policy})"),
    detail=N_(
        "At the time of this analysis neither SPF nor DKIM passes for a domain aligned with {from_domain}. "
        "Receivers apply p={policy}: reject means the message is refused, quarantine that it goes to spam, "
        "none that it is delivered without the credit authenticated mail gets."
    ),
    fix=N_(
        "Make one of them pass aligned: publish the platform's DKIM key under {from_domain} (see the "
        "recommended changes), which survives forwarding, or authorise the platform in SPF with a "
        "return-path under {from_domain}."
    ),
    references=("RFC 7489 §4.2", "RFC 7489 §6.3"),
)

ARC = Code(
    "auth.arc",
    Severity.INFO,
    title=N_("The message was forwarded: ARC chain {result}"),
    detail=N_(
        "The message carries {instances} ARC set(s), sealed by {sealers}: intermediaries that forwarded it "
        "vouch for the authentication results they saw. Forwarding breaks SPF and often DKIM; a receiver "
        "that trusts the sealers may use their results instead. Chain status now: {result}."
    ),
    references=("RFC 8617 §5.2",),
)
