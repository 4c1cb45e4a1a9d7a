"""Finding codes of what the receiving organisation wrote about a message."""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

SPAM = Code(
    "receiver.spam",
    Severity.ERROR,
    title=N_("{receiver} filed the message as spam"),
    detail=N_("The receiver's own headers say it classed the message as spam: {reasons}."),
    fix=N_(
        "Fix the authentication problems listed in this report first: receivers weigh failed or "
        "unaligned authentication and the sender's reputation far more than the content."
    ),
    references=(
        "https://learn.microsoft.com/defender-office-365/message-headers-eop-mdo",
        "https://learn.microsoft.com/defender-office-365/anti-spam-spam-confidence-level-scl-about",
    ),
)

RESULTS = Code(
    "receiver.results",
    Severity.INFO,
    title=N_("What {receiver} said: {summary}"),
    detail=N_(
        "The authentication results the receiver wrote when it took the message: {results}. Headers "
        "written before its boundary are not taken into account ({ignored} left out)."
    ),
    references=("RFC 8601 §5",),
)

DISAGREES = Code(
    "receiver.disagrees",
    Severity.WARNING,
    title=N_("{receiver} saw {method}={theirs}; re-verified now: {ours}"),
    detail=N_(
        "The receiver's verdict on {method} differs from the one made for this analysis. Common reasons: "
        "a DKIM key was rotated or removed since, the message was forwarded (ARC), the DNS changed since, "
        "or the saved copy was altered after delivery."
    ),
    fix=N_(
        "Trust the receiver's verdict for what happened to this message, and this analysis for what the DNS says now."
    ),
    references=("RFC 8601 §2.7",),
)
