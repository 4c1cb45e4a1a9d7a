"""Finding codes of the ptr check: reverse DNS of the sending addresses and the HELO name."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

OK = Code(
    "ptr.ok",
    Severity.OK,
    title=N_("Reverse DNS confirmed for the sending addresses"),
    detail=N_("Each sending address has a PTR name that resolves back to it: {addresses}."),
    references=("RFC 8601 §3", "RFC 1912 §2.1"),
)

MISSING = Code(
    "ptr.missing",
    Severity.ERROR,
    title=N_("No reverse DNS for {address}"),
    detail=N_(
        "The sending address {address} has no PTR record ({outcome} for {reverse_name}). "
        "Gmail, Outlook.com "
        "and Orange reject or send to spam mail from addresses without reverse DNS."
    ),
    fix=N_(
        "Ask whoever holds the address {address} (the hosting or network provider) to set its "
        "PTR record "
        "to a name that resolves back to it, such as {helo}."
    ),
    references=("RFC 1912 §2.1",),
)

MISMATCH = Code(
    "ptr.mismatch",
    Severity.ERROR,
    title=N_("Reverse DNS of {address} does not point back to it"),
    detail=N_(
        "{address} has the PTR name {names}, but no such name resolves back to {address}. "
        "Receivers check "
        "both directions (forward-confirmed reverse DNS) and treat a mismatch like no reverse "
        "DNS at all."
    ),
    fix=N_(
        "Publish an A or AAAA record for {first_name} pointing to {address}, or change the PTR "
        "to a name that does."
    ),
    references=("RFC 1912 §2.1", "RFC 8601 §3"),
)

HELO_UNRESOLVED = Code(
    "ptr.helo_unresolved",
    Severity.ERROR,
    title=N_("The HELO name {helo} does not resolve"),
    detail=N_(
        "The platform announces itself as {helo} in EHLO, but that name has no A or AAAA "
        "record "
        "({outcome}). Many receivers reject or mark down a greeting name that does not exist."
    ),
    fix=N_(
        "Publish A/AAAA records for {helo} with the sending addresses, or have the servers "
        "announce a name "
        "that has them (ideally the PTR name of each address)."
    ),
    references=("RFC 5321 §4.1.1.1", "RFC 5321 §2.3.5"),
)

HELO_MISMATCH = Code(
    "ptr.helo_mismatch",
    Severity.WARNING,
    title=N_("The HELO name {helo} points to none of the sending addresses"),
    detail=N_(
        "{helo} resolves to {helo_addresses}, none of the sending addresses ({addresses}). "
        "Receivers "
        "compare the greeting name with the address connecting, and a mismatch counts against "
        "the mail."
    ),
    fix=N_(
        "Point {helo} to the sending addresses, or give each server a HELO name that resolves "
        "to its "
        "own address (ideally its PTR name)."
    ),
    references=("RFC 5321 §4.1.1.1",),
)
