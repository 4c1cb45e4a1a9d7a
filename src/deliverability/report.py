"""The one model every renderer reads: Report, Finding, Severity, Change.

Imports only the standard library, pydantic and the fact models, so a saved report can be loaded and
re-analysed anywhere. Machine fields (codes, parameters, facts) never depend on the
language; the human text (title, detail, fix) is rendered in the report's language.
"""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_dict, empty_list
from deliverability.facts import Facts
from deliverability.facts.phrase import Phrase


class Severity(StrEnum):
    """How bad a finding is; ``critical`` means mail is being rejected or will be."""

    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position in the scale, for comparisons (ok = 0 … critical = 4)."""
        return _SEVERITY_ORDER.index(self)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_ORDER = tuple(Severity)

ParamValue = str | int | float | bool | None | list[str] | Phrase | list[Phrase]
"""A value filled into a template; a :class:`Phrase` (a parser's reason) is rendered in the
report's language."""

Check = Literal[
    "target",
    "dns",
    "mx",
    "spf",
    "dmarc",
    "dkim",
    "ptr",
    "sender",
    "requirements",
    "smtp",
    "bounce",
    "mta_sts",
    "tls_rpt",
    "bimi",
    "blocklist",
    "dnssec",
    "dane",
    "message",
    "auth",
    "receiver",
    "content",
]
"""The checks findings are filed under (the part of a code before the dot)."""

Lang = Literal["en", "fr"]
"""Languages every user-facing message exists in."""

ChangeKind = Literal["dns", "smtp", "platform"]
"""Where a change is made: a DNS zone, the SMTP settings, or the platform's settings."""

ChangeType = Literal["TXT", "CNAME", "MX", "domain", "address", "host", "port", "TLS", "username"]
"""A DNS record type, or the kind of value a setting takes."""


class Finding(Model):
    """One conclusion about the target, with the evidence it rests on and the fix."""

    code: str
    """Stable identifier such as ``spf.multiple``; CI users filter and baseline on it."""
    check: Check
    """The check that produced it (``mx``, ``spf``, ``dmarc`` …): the part of the code before the dot."""
    severity: Severity
    """ok, info, warning, error or critical."""
    params: dict[str, ParamValue] = Field(default_factory=empty_dict)
    """The values filled into the message templates; language-independent."""
    title: str
    """One line, in the report's language."""
    detail: str
    """What was seen and why it matters, in the report's language."""
    fix: str
    """What to change, in the report's language; empty when nothing needs doing."""
    evidence: list[str] = Field(default_factory=empty_list)
    """Records and replies as received (hostile text: escape before display)."""
    references: list[str] = Field(default_factory=empty_list)
    """RFC sections and provider pages backing the finding."""


class Change(Model):
    """One recommended configuration change."""

    kind: ChangeKind
    """Where the change is made: a DNS zone, the SMTP settings, or the platform's settings."""
    name: str
    """The DNS owner name, or the setting's name in English (``SMTP server``): a machine field."""
    label: str = ""
    """How ``name`` is shown, in the report's language (the owner name itself for DNS)."""
    type: ChangeType
    """The DNS record type (TXT, CNAME …) or the kind of setting."""
    current: str | None = None
    """The value today, if any."""
    proposed: str
    """The exact value to publish or type."""
    why: str
    """Why, in the report's language."""
    reasons: list[str] = Field(default_factory=empty_list)
    """The English templates ``why`` is made of (message ids), so it can be re-rendered in another language."""
    params: dict[str, ParamValue] = Field(default_factory=empty_dict)
    """The values filled into ``reasons``; language-independent."""
    impact: int = 0
    """Ordering key, highest first."""


class Report(Model):
    """Everything one diagnosis found, in a form every renderer reads."""

    target: str
    """What was asked for, normalised: an address or a domain."""
    domain: str
    """The domain diagnosed (A-labels)."""
    lang: Lang = "en"
    """Language of the human text."""
    summary: str = ""
    """One sentence a support agent can read to the customer, in the report's language: what is
    wrong, worst first, or that nothing is, or that DNS did not answer. Built from the findings'
    codes and params and the facts' lookups, so it is re-rendered with the rest of the text."""
    checked_at: datetime
    """When the diagnosis started (UTC)."""
    duration_ms: int
    """Wall time of the diagnosis."""
    dns_queries: int
    """DNS queries sent on the wire for this diagnosis (cache hits excluded)."""
    facts: Facts = Field(default_factory=lambda: Facts.model_construct())
    """What the probes gathered, by check (``mx``, ``spf``, ``dmarc`` …); plain data."""
    findings: list[Finding] = Field(default_factory=empty_list)
    """Conclusions, ordered by check then severity (worst first)."""
    changes: list[Change] = Field(default_factory=empty_list)
    """Recommended changes, highest impact first."""
    truncated: list[str] = Field(default_factory=empty_list)
    """Parts cut to keep the report within its size budget (``facts.spf.tree.root.lookup.records``,
    ``findings.evidence`` …; ``facts`` when the facts were left out); empty when nothing was cut.
    A cut text ends with ``…`` and a cut list of texts with ``… +N``."""

    def codes(self, check: str | None = None) -> set[str]:
        """The finding codes, of one check only if ``check`` is given."""
        return {f.code for f in self.findings if check is None or f.check == check}

    @property
    def worst(self) -> Severity:
        """The worst severity among the findings (``ok`` when there are none)."""
        return max((f.severity for f in self.findings), default=Severity.OK, key=lambda s: s.rank)
