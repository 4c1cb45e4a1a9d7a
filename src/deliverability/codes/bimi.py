"""Finding codes of the BIMI check: can mailboxes show the brand's logo, and which ones?

What each mailbox shows (docs/transport.md has the sources): Gmail and Apple Mail show a logo only
with a valid mark certificate (VMC or CMC); Yahoo shows one without a certificate for bulk mail
from senders with a good reputation; all three require DMARC at enforcement.
"""

from deliverability.codes._code import Code
from deliverability.i18n import N_
from deliverability.report import Severity

GMAIL = "https://support.google.com/a/answer/10911320"
YAHOO = "https://developer.verizonmedia.com/mail/bimi/"
APPLE = "https://makebimi.com/knowledge/bimi-gmail-apple-mail-requirement"
DRAFT = "draft-brand-indicators-for-message-identification-05"

GATE_LABELS: dict[str, str] = {
    "no_dmarc": N_("the domain has no valid DMARC record"),
    "policy": N_("its DMARC policy is p=none"),
    "pct": N_("its DMARC policy applies to less than 100% of mail (pct)"),
    "organizational": N_("the organizational domain's DMARC policy is not at enforcement"),
}
"""Why the DMARC gate of BIMI is not met (finding parameter ``gate_label``)."""

MISSING = Code(
    "bimi.missing",
    Severity.INFO,
    title=N_("{domain} publishes no BIMI record"),
    detail=N_(
        "No brand logo is shown next to {domain}'s mail. With DMARC at enforcement, a BIMI record and an "
        "SVG logo, Yahoo can show it; Gmail and Apple Mail also need a mark certificate (VMC or CMC)."
    ),
    fix=N_(
        'Optional. Once DMARC is at p=quarantine or p=reject: default._bimi.{domain}. TXT "v=BIMI1; '
        'l=https://{domain}/logo.svg; a=https://{domain}/vmc.pem"'
    ),
    references=(DRAFT, GMAIL, YAHOO),
)
SYNTAX = Code(
    "bimi.syntax",
    Severity.WARNING,
    title=N_("The BIMI record of {domain} is invalid"),
    detail=N_(
        "default._bimi.{record_domain} has {count} record(s) starting with v=BIMI1, not exactly one "
        "valid one; mailboxes ignore it (the reason is in the evidence)."
    ),
    fix=N_(
        'Keep one record: default._bimi.{record_domain}. TXT "v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem"'
    ),
    references=(DRAFT,),
)
DMARC_GATE = Code(
    "bimi.dmarc_gate",
    Severity.WARNING,
    title=N_("BIMI cannot work for {domain}: DMARC is not at enforcement"),
    detail=N_(
        "{domain} publishes a BIMI record, but {gate_label}. Gmail, Yahoo and Apple Mail show a BIMI "
        "logo only for domains whose DMARC policy (and their organizational domain's) is quarantine or "
        "reject on all mail."
    ),
    fix=N_(
        "Move DMARC to p=quarantine or p=reject without pct below 100 (and no sp=none at the "
        "organizational domain) once every legitimate sender passes; the logo follows."
    ),
    references=(DRAFT, GMAIL, YAHOO),
)
LOGO_UNREACHABLE = Code(
    "bimi.logo_unreachable",
    Severity.WARNING,
    title=N_("The BIMI logo of {domain} cannot be fetched"),
    detail=N_("{url} gave {outcome}; no mailbox shows a logo it cannot fetch."),
    fix=N_("Serve the SVG at {url} over HTTPS (status 200, no redirect, at most 32 KB)."),
    references=(DRAFT,),
)
SVG_INVALID = Code(
    "bimi.svg_invalid",
    Severity.WARNING,
    title=N_("The BIMI logo of {domain} is not a valid SVG Tiny PS"),
    detail=N_(
        "{url} breaks the SVG Tiny Portable/Secure profile BIMI requires ({count} problem(s), listed in "
        "the evidence): Gmail, Yahoo and Apple Mail do not show such a logo."
    ),
    fix=N_(
        'Export the logo as SVG Tiny 1.2 with baseProfile="tiny-ps", a <title>, a square viewBox, no '
        "x= or y= on <svg>, no scripts, animation or external references, under 32 KB."
    ),
    references=(DRAFT, "https://bimigroup.org/solving-svg-issues/"),
)
NO_CERTIFICATE = Code(
    "bimi.no_certificate",
    Severity.INFO,
    title=N_("The BIMI record of {domain} has no mark certificate"),
    detail=N_(
        "Without a=, Gmail and Apple Mail show no logo; Yahoo may show it for bulk mail from senders "
        "with a good reputation."
    ),
    fix=N_(
        "To appear in Gmail and Apple Mail, obtain a Verified Mark Certificate (registered trademark) or a "
        "Common Mark Certificate, and add a=https://…/certificate.pem to the record."
    ),
    references=(GMAIL, YAHOO, APPLE),
)
CERTIFICATE_INVALID = Code(
    "bimi.certificate_invalid",
    Severity.WARNING,
    title=N_("The mark certificate of {domain} is not usable"),
    detail=N_(
        "{url}: {count} problem(s), listed in the evidence (chain, dates, names, the logo it "
        "certifies). Gmail and Apple Mail show no logo with it; Yahoo may ignore it."
    ),
    fix=N_(
        "Serve the certificate issued for {domain} with its chain (PEM), in date, certifying exactly the "
        "SVG at the l= address; ask the issuer to reissue it if the logo changed."
    ),
    references=(DRAFT, GMAIL),
)
OK = Code(
    "bimi.ok",
    Severity.OK,
    title=N_("BIMI ready for {domain}"),
    detail=N_(
        "DMARC is at enforcement, the logo is valid and the mark certificate matches it: Gmail, Yahoo and "
        "Apple Mail can show the logo (each also weighs the sender's reputation)."
    ),
    references=(DRAFT, GMAIL, YAHOO, APPLE),
)
