"""The changes for a free-mail sender: what to set on the platform, or the SMTP settings to type.

Pure: reads the sender facts and the provider's data. The ways out are alternatives, most robust
first (the ``sender.freemail`` finding explains them): send From the platform's own domain with
Reply-To the customer's address, or submit through the customer's own mailbox. ``impact``
follows docs/advice.md: ten times the rank of the severity resolved, the SMTP way one below.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.checks.sender import SECURITY, dmarc_policy, login, provider_of, severity
from deliverability.codes import change
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.i18n import N_
from deliverability.report import Change, ChangeType

# Setting names are machine fields (Change.name) and msgids: Change.label shows them translated.

_WHY_FROM = N_(
    "Nobody but {provider} may send as @{domain}. From the platform's own domain, the mail passes SPF, "
    "DKIM and DMARC; the customer's name can stay in the From display name."
)
_WHY_REPLY_TO = N_("Replies still reach the customer's own mailbox.")
_WHY_SMTP = {
    "password": N_(
        "Instead of the platform's own domain: submit through the customer's {provider} mailbox, with the "
        "mailbox password. {provider} then signs the mail, which passes DMARC."
    ),
    "app_password": N_(
        "Instead of the platform's own domain: submit through the customer's {provider} mailbox, with an "
        "app password created for the platform (the account password is refused). {provider} then signs "
        "the mail, which passes DMARC."
    ),
}
"""Per credential; an OAuth2-only provider (Outlook.com) gets no SMTP settings: no password works."""


def advise(facts: Facts, context: Context) -> list[Change]:
    return list(_changes(facts, context))


def _changes(facts: Facts, context: Context) -> Iterator[Change]:
    sender, provider = facts.sender, provider_of(facts.sender)
    if sender is None or provider is None:
        return
    impact = severity(dmarc_policy(facts.dmarc)).rank * 10
    names = {"provider": provider.name, "domain": sender.domain}
    if context.platform is not None:
        yield change(
            kind="platform",
            name=N_("From"),
            type="domain",
            current=sender.domain,
            proposed=context.platform.from_domain,
            reasons=[_WHY_FROM],
            impact=impact,
            params=names,
        )
        if sender.address:
            yield change(
                kind="platform",
                name=N_("Reply-To"),
                type="address",
                proposed=sender.address,
                reasons=[_WHY_REPLY_TO],
                impact=impact,
            )
    submission = provider.submission[0] if provider.submission else None
    if submission is None or submission.auth not in _WHY_SMTP:
        return
    reasons = [_WHY_SMTP[submission.auth]]
    settings: list[tuple[str, ChangeType, str]] = [
        (N_("SMTP server"), "host", submission.host),
        (N_("SMTP port"), "port", str(submission.port)),
        (N_("SMTP security"), "TLS", SECURITY[submission.tls]),
    ]
    if sender.address:
        settings.append((N_("SMTP login"), "username", login(submission, sender)))
    for name, kind, value in settings:
        yield change(
            kind="smtp",
            name=name,
            type=kind,
            proposed=value,
            reasons=reasons,
            impact=impact - 1,
            params=names,
        )
