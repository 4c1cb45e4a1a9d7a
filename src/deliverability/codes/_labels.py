"""Display names of checks and severities, in both languages (for every renderer)."""

from __future__ import annotations

from deliverability.i18n import N_, translator
from deliverability.report import ChangeKind, Severity

CHECK_TITLES: dict[str, str] = {
    "target": N_("What was checked"),
    "mx": N_("Receiving mail (MX)"),
    "spf": N_("Authorised senders (SPF)"),
    "dmarc": N_("Policy for failing mail (DMARC)"),
    "dkim": N_("Signatures (DKIM)"),
    "ptr": N_("Reverse DNS (PTR)"),
    "sender": N_("Sender address"),
    "requirements": N_("Receiver requirements"),
    "smtp": N_("SMTP servers"),
    "mta_sts": N_("TLS policy (MTA-STS)"),
    "tls_rpt": N_("TLS reports (TLS-RPT)"),
    "bimi": N_("Brand logo (BIMI)"),
    "blocklist": N_("Blocklists"),
    "bounce": N_("Bounce message"),
    "dns": N_("DNS"),
    "dnssec": N_("DNS signatures (DNSSEC)"),
    "dane": N_("Authenticated TLS to the MX (DANE)"),
    "message": N_("The message's path and headers"),
    "auth": N_("Authentication, re-verified"),
    "receiver": N_("What the receiver said"),
    "content": N_("Content"),
}

CHANGE_KIND_LABELS: dict[ChangeKind, str] = {
    "dns": N_("DNS"),
    "smtp": N_("SMTP"),
    "platform": N_("Platform"),
}
"""Where a change is made, as a heading."""

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.OK: N_("OK"),
    Severity.INFO: N_("info"),
    Severity.WARNING: N_("warning"),
    Severity.ERROR: N_("error"),
    Severity.CRITICAL: N_("critical"),
}


def check_title(check: str, lang: str) -> str:
    """The check's display name; an unknown check shows as its code prefix."""
    template = CHECK_TITLES.get(check)
    return translator(lang)(template) if template else check.upper()


def severity_label(severity: Severity, lang: str) -> str:
    return translator(lang)(SEVERITY_LABELS[severity])


def change_kind_label(kind: ChangeKind, lang: str) -> str:
    """Where a change is made (DNS, SMTP, Platform), in ``lang``."""
    return translator(lang)(CHANGE_KIND_LABELS[kind])
