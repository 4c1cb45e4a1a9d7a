"""Finding codes of the dane check: the MX hosts' TLSA records against the certificates seen."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

OK = Code(
    "dane.ok",
    Severity.OK,
    title=N_("DANE: the TLSA records of {host} match its certificate"),
    detail=N_(
        "{host} publishes signed TLSA records at _25._tcp.{host}, and the certificate it "
        "presented matches {usable}. DANE-validating senders (Postfix, Exim, Microsoft 365) "
        "require and authenticate TLS to it."
    ),
    references=("RFC 7672 §2", "RFC 6698 §2.1"),
)

MISMATCH = Code(
    "dane.mismatch",
    Severity.CRITICAL,
    title=N_("DANE: the certificate of {host} matches none of its TLSA records"),
    detail=N_(
        "The certificate {host} presented ({address}) matches none of the usable TLSA records "
        "at _25._tcp.{host}. A DANE-validating sender (Postfix, Exim, Microsoft 365) refuses "
        "to deliver to it and keeps the mail queued until it bounces."
    ),
    fix=N_(
        "Publish a TLSA record for the certificate now in use (for example 3 1 1 and the "
        "SHA-256 of its public key), or put back the certificate the records name. Publish "
        "the new record before changing a certificate, and remove the old one after."
    ),
    references=("RFC 7672 §2.2", "RFC 7671 §8"),
)

NO_USABLE_RECORDS = Code(
    "dane.no_usable_records",
    Severity.WARNING,
    title=N_("DANE: {host} has no TLSA record usable for SMTP"),
    detail=N_(
        "The TLSA records at _25._tcp.{host} ({records}) are all unusable for SMTP: usages 0 "
        "(PKIX-TA) and 1 (PKIX-EE) are ignored by SMTP senders (RFC 7672 §3.1.3), and only "
        "selectors 0-1 and matching types 0-2 exist. Senders treat the host as having TLSA "
        "records but none usable: they still require TLS, without authentication."
    ),
    fix=N_(
        "Publish records with usage 3 (DANE-EE) or 2 (DANE-TA), for example 3 1 1 and the "
        "SHA-256 of the server's public key."
    ),
    references=("RFC 7672 §3.1.3", "RFC 7671 §4"),
)

UNSIGNED_TLSA = Code(
    "dane.unsigned_tlsa",
    Severity.WARNING,
    title=N_("DANE: the TLSA records of {host} are not signed"),
    detail=N_(
        "{host} publishes TLSA records, but they come without DNSSEC signatures: the zone of "
        "{host} is not signed. Senders use TLSA records only when DNSSEC authenticates them, "
        "so these records do nothing."
    ),
    fix=N_(
        "Sign the zone of {host} with DNSSEC (and publish its DS at the parent), or remove "
        "the TLSA records."
    ),
    references=("RFC 7672 §2.2", "RFC 6698 §4.1"),
)

SINGLE_RECORD = Code(
    "dane.single_record",
    Severity.WARNING,
    title=N_("DANE: {host} has one usable TLSA record, so a certificate change breaks delivery"),
    detail=N_(
        "Only one usable TLSA record is published at _25._tcp.{host}. When the certificate "
        "or key changes before a matching record is published (and its TTL has passed), "
        "DANE-validating senders stop delivering."
    ),
    fix=N_(
        "Publish two records, for example 3 1 1 for the current key and 3 1 1 for the next "
        "key, or 3 1 1 plus 2 1 1 for the issuing CA."
    ),
    references=("RFC 7671 §8.1", "RFC 7671 §8.4"),
)

UNTESTED = Code(
    "dane.untested",
    Severity.INFO,
    title=N_("DANE: the TLSA records of {host} could not be matched"),
    detail=N_(
        "{host} publishes TLSA records, but no certificate of it was seen ({outcome}), so "
        "they were not matched. This is not a verdict."
    ),
    fix=N_(
        "Run the check again from a network where outbound port 25 is open, or check the "
        "server with a DANE tool such as Postfix's posttls-finger."
    ),
    references=("RFC 7672 §2.2",),
)

MISSING = Code(
    "dane.missing",
    Severity.INFO,
    title=N_("DANE: no TLSA record for the MX hosts {hosts}"),
    detail=N_(
        "No TLSA record at _25._tcp for {hosts}: senders use TLS to them only when it is "
        "offered, and cannot tell a forged certificate from the real one. DANE requires a "
        "zone signed with DNSSEC."
    ),
    fix=N_(
        "Optional: once the zone of the MX hosts is signed, publish TLSA records (3 1 1 and "
        "the SHA-256 of each server's public key, two records for rollover)."
    ),
    references=("RFC 7672 §1.3", "RFC 7671 §5.1"),
)
