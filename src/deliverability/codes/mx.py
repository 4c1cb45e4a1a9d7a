"""Finding codes of the MX check: can the domain receive mail (replies, bounces)?"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_RFC5321_MX = "RFC 5321 §5.1"

OK = Code(
    "mx.ok",
    Severity.OK,
    title=N_("{domain} receives mail"),
    detail=N_("Mail for {domain} goes to {hosts}."),
    references=(_RFC5321_MX,),
)

MAILBOX_HOST = Code(
    "mx.mailbox_host",
    Severity.INFO,
    title=N_("Mailboxes hosted by {host}"),
    detail=N_(
        "The MX records of {domain} point to {host}; its own help pages apply to this domain's mailboxes."
    ),
)

NXDOMAIN = Code(
    "mx.nxdomain",
    Severity.CRITICAL,
    title=N_("{domain} does not exist in DNS"),
    detail=N_(
        "The DNS says {domain} does not exist (NXDOMAIN). Receivers reject mail whose sender "
        "domain does not exist, and nothing can be delivered to it."
    ),
    fix=N_(
        "Check the spelling of the domain. If it is right, the domain has expired or is not delegated: renew it with the registrar."
    ),
    references=("RFC 8499 §3",),
)

MISSING = Code(
    "mx.missing",
    Severity.ERROR,
    title=N_("{domain} cannot receive mail"),
    detail=N_(
        "{domain} has no MX record and no address to fall back on, so replies and bounces "
        "to it are lost, and receivers trust a sender domain less when it cannot receive mail."
    ),
    fix=N_(
        "Publish the MX records your mail host gives you, for example: {domain}. MX 10 mx.your-mail-host.example."
    ),
    references=(_RFC5321_MX,),
)

IMPLICIT = Code(
    "mx.implicit",
    Severity.WARNING,
    title=N_("{domain} has no MX record"),
    detail=N_(
        "{domain} has no MX record, so senders fall back to its address ({addresses}); the web "
        "server there rarely accepts mail."
    ),
    fix=N_(
        'Publish MX records for {domain}, or a null MX ("{domain}. MX 0 .") if it must never receive mail.'
    ),
    references=(_RFC5321_MX,),
)

NULL = Code(
    "mx.null",
    Severity.ERROR,
    title=N_("{domain} publishes a null MX: it accepts no mail"),
    detail=N_(
        "{domain} says it accepts no mail at all (null MX, RFC 7505). Replies and bounces to it "
        "fail, and receivers may reject mail sent from it (5.7.27)."
    ),
    fix=N_(
        "If {domain} sends mail, replace the null MX (MX 0 .) with the MX records of its mail host."
    ),
    references=("RFC 7505 §3, §4.2",),
)

CNAME = Code(
    "mx.cname",
    Severity.WARNING,
    title=N_("MX target {host} is an alias (CNAME)"),
    detail=N_(
        "The MX record of {domain} points to {host}, which is a CNAME to {target}. MX targets must be host names with addresses; some senders refuse aliases."
    ),
    fix=N_("Point the MX record straight at {target}."),
    references=("RFC 2181 §10.3", _RFC5321_MX),
)

UNRESOLVABLE = Code(
    "mx.unresolvable",
    Severity.ERROR,
    title=N_("MX target {host} has no address"),
    detail=N_(
        "The MX record of {domain} points to {host}, which has no IPv4 or IPv6 address, so mail cannot be delivered there."
    ),
    fix=N_(
        "Fix the MX record to name a host that exists, or publish the A/AAAA records of {host}."
    ),
    references=(_RFC5321_MX,),
)

IP_LITERAL = Code(
    "mx.ip_literal",
    Severity.ERROR,
    title=N_("MX record of {domain} holds an IP address"),
    detail=N_(
        "The MX record of {domain} is {host}: an MX must name a host, not an address; senders look it up as a name and find nothing."
    ),
    fix=N_(
        "Publish an A record for a host name (mail.{domain}. A {host}) and point the MX at that name."
    ),
    references=("RFC 7505 §3", _RFC5321_MX),
)

PRIVATE_ADDRESS = Code(
    "mx.private_address",
    Severity.ERROR,
    title=N_("MX host {host} has a private address"),
    detail=N_(
        "{host} (an MX of {domain}) resolves to {addresses}, which cannot be reached from the internet."
    ),
    fix=N_("Publish the public address of the mail server for {host}."),
    references=("RFC 6890",),
)
