"""Finding codes of the MTA-STS check (RFC 8461): must senders reach the domain over verified TLS?"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

_POLICY_EXAMPLE = N_(
    'Publish _mta-sts.{domain}. TXT "v=STSv1; id=1" and serve https://mta-sts.{domain}/.well-known/mta-sts.txt '
    "with a certificate valid for mta-sts.{domain}: version: STSv1, mode: testing, one mx: line per MX "
    "host, max_age: 86400. Move to mode: enforce once the TLS reports are clean."
)

MISSING = Code(
    "mta_sts.missing",
    Severity.INFO,
    title=N_("{domain} publishes no MTA-STS policy"),
    detail=N_(
        "Without MTA-STS, senders use TLS to reach {domain} only when it is offered, and fall back to "
        "plain text when an attacker on the path removes it."
    ),
    fix=_POLICY_EXAMPLE,
    references=("RFC 8461 §3",),
)
SYNTAX = Code(
    "mta_sts.syntax",
    Severity.WARNING,
    title=N_("The MTA-STS record of {domain} is invalid"),
    detail=N_(
        "_mta-sts.{domain} has {count} record(s) starting with v=STSv1, not exactly one valid one, so "
        "senders ignore the policy (the parser's message is in the evidence)."
    ),
    fix=N_(
        'Keep one record: _mta-sts.{domain}. TXT "v=STSv1; id=20260101" (id: 1 to 32 letters or digits, '
        "changed whenever the policy changes)."
    ),
    references=("RFC 8461 §3.1",),
)
POLICY_UNREACHABLE = Code(
    "mta_sts.policy_unreachable",
    Severity.WARNING,
    title=N_("The MTA-STS policy of {domain} cannot be fetched"),
    detail=N_(
        "{domain} announces an MTA-STS policy, but {url} gave {outcome}. Senders without a cached copy "
        "then deliver as if there were no policy."
    ),
    fix=N_(
        "Serve the policy at {url} over HTTPS (status 200, no redirect, text/plain), from a host whose "
        "address is public."
    ),
    references=("RFC 8461 §3.3",),
)
CERT_INVALID = Code(
    "mta_sts.cert_invalid",
    Severity.WARNING,
    title=N_("The certificate of mta-sts.{domain} does not verify"),
    detail=N_(
        "Senders fetch the policy only over HTTPS with a certificate valid for mta-sts.{domain} from a "
        "public authority; this one failed ({error}), so the policy is ignored."
    ),
    fix=N_(
        "Install a certificate for mta-sts.{domain} from a public authority (Let's Encrypt will do), "
        "with its intermediate certificates."
    ),
    references=("RFC 8461 §3.3",),
)
POLICY_INVALID = Code(
    "mta_sts.policy_invalid",
    Severity.WARNING,
    title=N_("The MTA-STS policy of {domain} is invalid"),
    detail=N_(
        "{url} does not hold a valid policy, so senders ignore it (the parser's message is in the evidence)."
    ),
    fix=N_(
        "Serve key: value lines: version: STSv1, mode: testing|enforce|none, max_age: seconds (up to "
        "31557600), and one mx: line per MX host (a leading *. matches one label)."
    ),
    references=("RFC 8461 §3.2",),
)
MX_NOT_COVERED = Code(
    "mta_sts.mx_not_covered",
    Severity.ERROR,
    title=N_("The MTA-STS policy of {domain} does not cover {hosts}"),
    detail=N_(
        "The policy (mode {mode}) lists {patterns}; the MX host(s) {hosts} match none of them. In "
        "enforce mode, senders that honour MTA-STS refuse to deliver to those hosts."
    ),
    fix=N_(
        "Add an mx: line for each of {hosts} to the policy, and change the id of the _mta-sts record."
    ),
    references=("RFC 8461 §4.1",),
)
TESTING_MODE = Code(
    "mta_sts.testing_mode",
    Severity.INFO,
    title=N_("The MTA-STS policy of {domain} is in {mode} mode"),
    detail=N_(
        "With mode {mode}, senders report TLS failures (to the TLS-RPT address, if any) but still "
        "deliver without verified TLS."
    ),
    fix=N_("Once TLS reports show no failures, set mode: enforce and change the id of the record."),
    references=("RFC 8461 §5",),
)
OK = Code(
    "mta_sts.ok",
    Severity.OK,
    title=N_("MTA-STS policy enforced for {domain}"),
    detail=N_("The policy (mode enforce, max_age {max_age}) covers every MX host: {hosts}."),
    references=("RFC 8461",),
)
