"""Finding codes of the TLS-RPT check (RFC 8460): who hears about TLS failures?"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

MISSING = Code(
    "tls_rpt.missing",
    Severity.INFO,
    title=N_("{domain} asks for no TLS reports"),
    detail=N_(
        "Without a _smtp._tls record, senders that fail to set up TLS with {domain}'s servers (an "
        "expired certificate, an MTA-STS mismatch) tell nobody."
    ),
    fix=N_('Publish _smtp._tls.{domain}. TXT "v=TLSRPTv1; rua=mailto:tls-reports@{domain}"'),
    references=("RFC 8460 §3",),
)
SYNTAX = Code(
    "tls_rpt.syntax",
    Severity.WARNING,
    title=N_("The TLS-RPT record of {domain} is invalid"),
    detail=N_(
        "_smtp._tls.{domain} has {count} record(s) starting with v=TLSRPTv1, not exactly one valid "
        "one, so senders send no reports (the parser's message is in the evidence)."
    ),
    fix=N_(
        'Keep one record: _smtp._tls.{domain}. TXT "v=TLSRPTv1; rua=mailto:tls-reports@{domain}" '
        "(rua: mailto: or https: addresses, separated by commas)."
    ),
    references=("RFC 8460 §3",),
)
OK = Code(
    "tls_rpt.ok",
    Severity.OK,
    title=N_("TLS reports go to {rua}"),
    detail=N_("Senders report TLS failures with {domain}'s servers to {rua}."),
    references=("RFC 8460",),
)
