"""Finding codes of the SPF check: which servers the domain authorises to send its mail."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_RECORD = "RFC 7208 §4.5"
_LIMITS = "RFC 7208 §4.6.4"

OK = Code(
    "spf.ok",
    Severity.OK,
    title=N_("{domain} publishes a valid SPF record"),
    detail=N_("{record} ({lookups} of the 10 DNS lookups allowed)."),
    references=(_RECORD,),
)

MISSING = Code(
    "spf.missing",
    Severity.ERROR,
    title=N_("{domain} has no SPF record"),
    detail=N_(
        "No TXT record of {domain} starts with v=spf1, so receivers cannot tell which servers may send "
        "its mail: SPF gives the result none, and mail from {domain} is more often filtered as spam, or "
        "refused where the domain's DMARC policy is enforced."
    ),
    fix=N_(
        "Publish one TXT record at {domain} that lists every service sending its mail and ends with ~all. "
        "With a platform profile, the recommended changes give the exact record."
    ),
    references=(_RECORD, "RFC 7208 §2.6.1"),
)

MULTIPLE = Code(
    "spf.multiple",
    Severity.ERROR,
    title=N_("{domain} has {count} SPF records"),
    detail=N_(
        "A domain may publish only one SPF record. With {count}, receivers stop with a permanent "
        "error (permerror) and SPF never passes for {domain}, whichever server sends."
    ),
    fix=N_(
        "Merge them into one record: a single v=spf1, every mechanism of the records once (each "
        "include once), one all term at the end; then delete the other records."
    ),
    references=(_RECORD,),
)

SYNTAX = Code(
    "spf.syntax",
    Severity.ERROR,
    title=N_("The SPF record of {domain} has a syntax error"),
    detail=N_(
        "Receivers discard the whole record when one term is wrong (permerror), so SPF never passes "
        "for {domain}. The error is at {error}"
    ),
    fix=N_(
        "Correct that term (or remove it) and publish the record again; every other term can stay."
    ),
    references=("RFC 7208 §4.6", "RFC 7208 §12"),
)

TOO_MANY_LOOKUPS = Code(
    "spf.too_many_lookups",
    Severity.ERROR,
    title=N_("{domain}'s SPF needs {lookups} DNS lookups; the limit is 10"),
    detail=N_(
        "Receivers allow 10 terms that cause DNS lookups (include, a, mx, ptr, exists and redirect), "
        "counted through every include. Past 10 they stop with a permanent error (permerror) and SPF "
        "fails for all of {domain}'s mail. Lookups by record: {breakdown}."
    ),
    fix=N_(
        "Remove the includes of services no longer used, replace a and mx terms by the ip4:/ip6: "
        "addresses they stand for when those are yours and stable, or ask a provider for a lighter include."
    ),
    references=(_LIMITS,),
)

TOO_MANY_VOID_LOOKUPS = Code(
    "spf.too_many_void_lookups",
    Severity.ERROR,
    title=N_("{domain}'s SPF has {void} lookups that find nothing; the limit is 2"),
    detail=N_(
        "Terms whose name does not exist or holds no record are void lookups; past 2, receivers stop "
        "with a permanent error (permerror). Records holding them: {records}."
    ),
    fix=N_(
        "Remove the terms that point to names which no longer exist, or correct their spelling."
    ),
    references=(_LIMITS,),
)

PERMISSIVE_ALL = Code(
    "spf.permissive_all",
    Severity.ERROR,
    title=N_("{domain}'s SPF ends with {term}"),
    detail=N_(
        "+all declares every server on the internet authorised, and ?all gives no opinion on servers "
        "not listed: either way SPF no longer tells forged mail from {domain}'s own, and receivers give "
        "the domain's SPF little weight."
    ),
    fix=N_(
        "Replace {term} with ~all, and with -all once every service sending for {domain} is listed."
    ),
    references=("RFC 7208 §5.1", "RFC 7208 §2.6"),
)

NO_ALL = Code(
    "spf.no_all",
    Severity.WARNING,
    title=N_("{domain}'s SPF has no all term"),
    detail=N_(
        "The record has neither an all term nor a redirect, so mail from servers it does not list "
        "gets the result neutral, as if there were no policy: forged mail is not flagged."
    ),
    fix=N_(
        "End the record with ~all, and with -all once every service sending for {domain} is listed."
    ),
    references=("RFC 7208 §4.7",),
)

PTR = Code(
    "spf.ptr",
    Severity.WARNING,
    title=N_("{domain}'s SPF uses the ptr mechanism"),
    detail=N_(
        "ptr is slow, costs extra DNS lookups for every message, and some large receivers ignore it, "
        "so servers listed only through it may fail SPF. It appears in: {records}."
    ),
    fix=N_("Replace ptr with ip4:/ip6: terms for the servers it was meant to cover."),
    references=("RFC 7208 §5.5",),
)

INCLUDE_MISSING = Code(
    "spf.include_missing",
    Severity.ERROR,
    title=N_("{target}, used in {domain}'s SPF, has no SPF record"),
    detail=N_(
        "The term {term} in the record of {parent} points to {target}, which has no SPF record. "
        "Receivers stop with a permanent error (permerror) when they reach it."
    ),
    fix=N_(
        "Correct the name (a typing error?), or remove {term} if that service is no longer used."
    ),
    references=("RFC 7208 §5.2", "RFC 7208 §6.1"),
)

TOO_LONG = Code(
    "spf.too_long",
    Severity.WARNING,
    title=N_("{domain}'s SPF record is {size} bytes long"),
    detail=N_(
        "Past 450 bytes, the answer carrying the record may not fit in a DNS reply over UDP; some "
        "resolvers then fail to get it and receivers see a temporary error instead of your policy."
    ),
    fix=N_("Shorten it: remove unused terms, or group addresses into an include of your own."),
    references=("RFC 7208 §3.4",),
)

PLATFORM_NOT_AUTHORIZED = Code(
    "spf.platform_not_authorized",
    Severity.ERROR,
    title=N_("{domain}'s SPF does not authorise {platform}"),
    detail=N_(
        "Evaluated with the SPF engine, {domain}'s current record gives, for {platform}'s sending "
        "addresses: {outcomes}. {platform}'s mail from {domain} therefore fails SPF, and without an "
        "aligned DKIM signature it fails DMARC too."
    ),
    fix=N_(
        "Add include:{include} to {domain}'s SPF record, before the all term (the recommended changes "
        "give the exact record). If it is already there, move it before any term that fails these addresses."
    ),
    references=("RFC 7208 §5.2", "RFC 7208 §2.6"),
)

MERGE_IMPOSSIBLE = Code(
    "spf.merge_impossible",
    Severity.WARNING,
    title=N_("No SPF record that authorises {platform} could be verified"),
    detail=N_(
        "Adding include:{include} to {domain}'s record gives: {proposed}. Evaluated without publishing "
        "it, that record needs {lookups} DNS lookups (limit 10) and {void} void lookups (limit 2), passes "
        "{passing} of the {total} platform addresses checked, and no longer passes {lost} address(es) that "
        "the current record authorises. It is not proposed as it stands."
    ),
    fix=N_(
        "Free DNS lookups first: remove the includes of services no longer used, or replace a, mx and ptr "
        "terms by the addresses they stand for; then add include:{include}. Other ways: send {platform}'s "
        "mail from a subdomain (for example mail.{domain}) with its own record v=spf1 include:{include} ~all, "
        "or ask {platform} for its addresses and list them as ip4:/ip6: terms."
    ),
    references=(_LIMITS,),
)

LOOP = Code(
    "spf.loop",
    Severity.ERROR,
    title=N_("{domain}'s SPF loops back to {target}"),
    detail=N_(
        "The term {term} in the record of {record} leads back to {target}, whose record is already "
        "being evaluated: {chain}. Receivers follow it until they pass the 10 DNS lookups allowed and "
        "stop with a permanent error (permerror), so SPF never passes for {domain}'s mail."
    ),
    fix=N_(
        "Remove {term} from the record of {record}: a record needs no include of itself, and two "
        "records must not include each other. List each service's include once, in one of them."
    ),
    references=(_LIMITS, "RFC 7208 §5.2", "RFC 7208 §6.1"),
)

TOO_MANY_MX_RECORDS = Code(
    "spf.too_many_mx_records",
    Severity.ERROR,
    title=N_("The mx term of {domain}'s SPF meets {count} MX records; the limit is 10"),
    detail=N_(
        "The term {term} in the record of {record} asks for the MX records of {target}, and finds "
        "{count}. An mx term may lead to at most 10 mail server names: past 10, receivers stop with a "
        "permanent error (permerror), and SPF fails for {domain}'s mail whichever server sends it."
    ),
    fix=N_(
        "Replace {term} by ip4:/ip6: terms for the servers that really send {domain}'s mail: an mx "
        "term only helps when the receiving servers also send, and never with more than 10 of them."
    ),
    references=(_LIMITS, "RFC 7208 §5.4"),
)

PERMISSIVE_RANGE = Code(
    "spf.permissive_range",
    Severity.ERROR,
    title=N_("{domain}'s SPF authorises {term}: {share} of all {family} addresses"),
    detail=N_(
        "The term {term} in the record of {record} authorises a /{prefix} range, {share} of the whole "
        "{family} address space. No sender's servers fill a range that wide: it lets strangers' servers "
        "pass SPF for {domain}, as +all does, although an evaluation says pass. Terms are flagged when an "
        "IPv4 prefix is shorter than /8 (the largest block IANA ever allocated in one piece) or an IPv6 "
        "prefix shorter than /16 (65,536 of the /32 networks regional registries allocate)."
    ),
    fix=N_(
        "Replace {term} by the addresses of the servers that send {domain}'s mail (ip4:192.0.2.25, or "
        "the /24 your provider documents), or by the include its provider gives."
    ),
    references=(
        "RFC 7208 §5.6",
        "https://www.iana.org/assignments/ipv4-address-space/",
        "https://www.iana.org/assignments/ipv6-unicast-address-assignments/",
    ),
)

INCLUDE_INVALID = Code(
    "spf.include_invalid",
    Severity.ERROR,
    title=N_("{target}, used in {domain}'s SPF, cannot be evaluated"),
    detail=N_(
        "The term {term} in the record of {record} leads to {target}, which receivers cannot evaluate: "
        "its record has a syntax error, there are several, or the name itself is not valid (the evidence "
        "says which). They stop with a permanent error (permerror) when they reach it, and SPF fails for "
        "{domain}'s mail."
    ),
    fix=N_(
        "Ask whoever manages {target} to correct its SPF record, correct the name in {term} if it is "
        "misspelt, or remove {term} if that service is no longer used."
    ),
    references=("RFC 7208 §5.2", "RFC 7208 §6.1", "RFC 7208 §4.5"),
)
