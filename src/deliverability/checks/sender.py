"""The sender check: the platform cannot send as a free-mail address (@wanadoo.fr, @gmail.com …).

Only the provider's servers pass SPF and DKIM for its domain, so the platform's mail From such an
address fails DMARC; the provider's published policy (looked up live by the DMARC probe, the
target domain being the provider's) says what receivers then do: ``sender.freemail``, with the
ways out, most robust first. Then how to send through the customer's own mailbox, filled from
the provider's data file: one code per kind of credential (mailbox password, app password,
OAuth2 only).
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability import providers
from deliverability.checks.dmarc import applicable_policy
from deliverability.checks.dns import unavailable
from deliverability.codes import finding
from deliverability.codes import sender as sender_codes
from deliverability.context import Context
from deliverability.facts import DmarcFacts, Facts
from deliverability.facts.sender import SenderFacts
from deliverability.providers import Provider, Submission
from deliverability.report import Finding, Severity

UNKNOWN_POLICY = "?"
"""The policy parameter when the provider's DMARC record could not be looked up."""

SECURITY = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}
"""How the TLS mode is written in mail programs' settings."""

_SEVERITY = {"reject": Severity.CRITICAL, "quarantine": Severity.ERROR, "none": Severity.ERROR}
_MAILBOX_CODES = {
    "password": sender_codes.MAILBOX_PASSWORD,
    "app_password": sender_codes.MAILBOX_APP_PASSWORD,
    "oauth2": sender_codes.MAILBOX_OAUTH,
}


def check(facts: Facts, context: Context) -> list[Finding]:
    return list(_findings(facts))


def provider_of(sender: SenderFacts | None) -> Provider | None:
    """The consumer provider owning the sender's domain, if the facts name one the data knows."""
    return providers.by_id(sender.provider) if sender is not None and sender.provider else None


def dmarc_policy(dmarc: DmarcFacts | None) -> str:
    """The policy receivers apply to the provider's domain: reject, quarantine, none (also when it
    publishes none), or :data:`UNKNOWN_POLICY` when the lookup failed or was not made."""
    if dmarc is None or any(lookup.failed for lookup in dmarc.lookups):
        return UNKNOWN_POLICY
    return applicable_policy(dmarc) or "none"


def severity(policy: str) -> Severity:
    """How bad sending as the provider's address is under its DMARC ``policy``."""
    return _SEVERITY.get(policy, Severity.ERROR)


def login(submission: Submission, sender: SenderFacts) -> str:
    """What the customer types as the login: the address or its local part (``…`` when unknown)."""
    address = sender.address or f"…@{sender.domain}"
    return address.rpartition("@")[0] if submission.username == "local_part" else address


def _findings(facts: Facts) -> Iterator[Finding]:
    sender, dmarc = facts.sender, facts.dmarc
    provider = provider_of(sender)
    if sender is None or provider is None:
        return
    policy = dmarc_policy(dmarc)
    address = sender.address or f"…@{sender.domain}"
    yield finding(
        sender_codes.FREEMAIL,
        {
            "address": address,
            "domain": sender.domain,
            "provider": provider.name,
            "policy": policy,
            "reply_to": address,
        },
        evidence=[lookup.describe() for lookup in dmarc.lookups] if dmarc else [],
        severity=severity(policy),
    )
    failed = next((lookup for lookup in dmarc.lookups if lookup.failed), None) if dmarc else None
    if failed is not None:
        yield unavailable(failed, check="sender")
    if provider.submission:
        yield _mailbox(provider, provider.submission[0], sender)


def _mailbox(provider: Provider, submission: Submission, sender: SenderFacts) -> Finding:
    item = finding(
        _MAILBOX_CODES[submission.auth],
        {
            "provider": provider.name,
            "host": submission.host,
            "port": submission.port,
            "security": SECURITY[submission.tls],
            "login": login(submission, sender),
            "account_url": submission.account_url,
            "since": str(submission.since) if submission.since else "—",
        },
        evidence=[_describe(submission)],
    )
    return item.model_copy(update={"references": [*item.references, *provider.cite(submission)]})


def _describe(submission: Submission) -> str:
    """One evidence line: the settings as the provider data states them."""
    line = f"{submission.host}:{submission.port} {submission.tls}"
    line += f" login={submission.username} auth={submission.auth}"
    if submission.two_step:
        line += " (2-step verification required)"
    return line + (f", only way since {submission.since}" if submission.since else "")
