"""Finding codes of the dnssec check: are the domain's zone and its MX hosts' zones signed."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

OK = Code(
    "dnssec.ok",
    Severity.OK,
    title=N_("The zone {zone} is signed with DNSSEC and validates"),
    detail=N_(
        "The parent zone publishes a DS record for {zone}, the zone publishes signed DNSKEY "
        "records, and the resolver validated them (AD bit). Names checked in this zone: {names}."
    ),
    references=("RFC 4033 §3", "RFC 4035 §5"),
)

NOT_VALIDATED = Code(
    "dnssec.not_validated",
    Severity.INFO,
    title=N_("The zone {zone} is signed, but the signatures were not verified"),
    detail=N_(
        "The zone {zone} is signed (DS and DNSKEY published), but the resolver used does not "
        "validate, so whether the signatures verify was not checked. Names checked in this "
        "zone: {names}."
    ),
    fix=N_(
        "To have the signatures verified, run the check with a validating resolver "
        "(--nameserver with one that sets the AD bit, such as a local Unbound)."
    ),
    references=("RFC 4035 §3.2.3", "RFC 6840 §5.7"),
)

UNSIGNED = Code(
    "dnssec.unsigned",
    Severity.INFO,
    title=N_("The domain {domain} is not signed with DNSSEC"),
    detail=N_(
        "The parent of the zone {zone} publishes no DS record for it, so answers about "
        "{domain} (MX, SPF, DMARC, DKIM) can be forged on the way to a receiver, and DANE "
        "cannot protect mail to it. Receivers do not mark mail down for this."
    ),
    fix=N_(
        "If the DNS host offers DNSSEC, turn it on for {zone}, then publish the DS record it "
        "gives at the registrar."
    ),
    references=("RFC 4033 §2", "RFC 4035 §2.4"),
)

MX_UNSIGNED = Code(
    "dnssec.mx_unsigned",
    Severity.INFO,
    title=N_("The MX hosts {names} are in a zone not signed with DNSSEC ({zone})"),
    detail=N_(
        "The zone {zone} of the MX hosts {names} has no DS record at its parent: their "
        "addresses and TLSA records cannot be authenticated, so senders cannot use DANE to "
        "require TLS to them."
    ),
    fix=N_(
        "Nothing to do for delivery. For DANE, the zone {zone} has to be signed by whoever "
        "runs it (the mailbox host when the MX is theirs)."
    ),
    references=("RFC 7672 §2.2",),
)

BROKEN = Code(
    "dnssec.broken",
    Severity.ERROR,
    title=N_("DNSSEC of the zone {zone} is broken: a DS record but no DNSKEY"),
    detail=N_(
        "The parent zone publishes a DS record for {zone}, which tells validating resolvers "
        "that its answers must be signed, but the zone publishes no DNSKEY record. Validating "
        "resolvers (Google Public DNS, Cloudflare, most ISPs') then answer nothing for the "
        "zone ({names}): mail to it and checks of its SPF, DKIM and DMARC fail."
    ),
    fix=N_(
        "Make the DNS host sign {zone} again with the key the DS names, or remove the DS "
        "record at the registrar (and publish it again once the zone is signed)."
    ),
    references=("RFC 4035 §5.2", "RFC 4035 §2.1"),
)

RRSIG_MISSING = Code(
    "dnssec.rrsig_missing",
    Severity.ERROR,
    title=N_("DNSSEC of the zone {zone} is broken: its keys are not signed"),
    detail=N_(
        "The parent zone publishes a DS record for {zone} and the zone publishes DNSKEY "
        "records, but they come without RRSIG signatures. Validating resolvers (Google Public "
        "DNS, Cloudflare, most ISPs') then answer nothing for the zone ({names}): mail to it "
        "and checks of its SPF, DKIM and DMARC fail."
    ),
    fix=N_(
        "Make the DNS host sign {zone} again (every record set needs an RRSIG), or remove the "
        "DS record at the registrar until it does."
    ),
    references=("RFC 4035 §2.2", "RFC 4035 §5.2"),
)

BOGUS = Code(
    "dnssec.bogus",
    Severity.ERROR,
    title=N_("The DNSSEC signatures of {zone} do not validate"),
    detail=N_(
        "The validating resolver refused the zone {zone} (SERVFAIL), yet answered when asked "
        "with checking disabled (CD): its records are signed with signatures or keys that do "
        "not match its DS. Validating resolvers answer nothing for {names}, so mail to it and "
        "checks of its SPF, DKIM and DMARC fail."
    ),
    fix=N_(
        "Ask the DNS host to re-sign {zone} (expired signatures, a key rollover not finished), "
        "or update the DS record at the registrar to the zone's current key."
    ),
    references=("RFC 4035 §5.5", "RFC 4033 §5"),
)
