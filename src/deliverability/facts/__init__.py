"""Facts: what the probes gathered, as plain serialisable data, one model per check.

Rules (``deliverability.checks``) read these and nothing else, so a saved report can be
re-analysed without a network. Each concern owns its module here; :class:`Facts` gathers them.
"""

from deliverability._model import Model
from deliverability.facts.bimi import BimiFacts
from deliverability.facts.blocklist import BlocklistFacts, BlocklistQuery
from deliverability.facts.dkim import DkimFacts, DkimKeyFact, DkimRecordFact, DkimSelectorFact
from deliverability.facts.dmarc import DmarcFacts, ReportDestination
from deliverability.facts.dnssec import DaneFacts, DnssecFacts, TlsaFact, ZoneFact
from deliverability.facts.https import CertificateFact, FetchFact
from deliverability.facts.lookup import LookupFact
from deliverability.facts.message import MessageFacts
from deliverability.facts.mta_sts import MtaStsFacts, TlsRptFacts
from deliverability.facts.mx import MxFacts, MxHost
from deliverability.facts.ptr import HeloFact, PtrFacts, PtrName, ReverseDns
from deliverability.facts.reception import Reception
from deliverability.facts.sender import SenderFacts
from deliverability.facts.smtp import SmtpFacts, SubmissionFacts
from deliverability.facts.spf import SpfFacts

__all__ = [
    "BimiFacts",
    "BlocklistFacts",
    "BlocklistQuery",
    "CertificateFact",
    "DaneFacts",
    "DkimFacts",
    "DkimKeyFact",
    "DkimRecordFact",
    "DkimSelectorFact",
    "DmarcFacts",
    "FetchFact",
    "DnssecFacts",
    "Facts",
    "HeloFact",
    "LookupFact",
    "MessageFacts",
    "MtaStsFacts",
    "MxFacts",
    "MxHost",
    "PtrFacts",
    "PtrName",
    "Reception",
    "ReportDestination",
    "ReverseDns",
    "SenderFacts",
    "SmtpFacts",
    "SpfFacts",
    "SubmissionFacts",
    "TlsRptFacts",
    "TlsaFact",
    "ZoneFact",
]


class Facts(Model):
    """Everything the probes gathered for one target; a check that did not run is None."""

    mx: MxFacts | None = None
    """Where the domain receives mail."""
    spf: SpfFacts | None = None
    """The SPF policy of the domain, its include tree, and what it does for the platform."""
    dmarc: DmarcFacts | None = None
    """The DMARC policy that applies to the domain."""
    dkim: DkimFacts | None = None
    """The DKIM keys of the platform's selectors and those asked for (None: no selector to look up)."""
    ptr: PtrFacts | None = None
    """Reverse DNS of the platform's sending addresses and its HELO name (None: no platform)."""
    sender: SenderFacts | None = None
    """Whose domain the sender address is: a consumer mail provider's (wanadoo.fr …) or the customer's."""
    smtp: SmtpFacts | None = None
    """The MX servers probed on port 25 (``check --smtp`` only)."""
    dnssec: DnssecFacts | None = None
    """Whether the domain's zone and its MX hosts' zones are signed with DNSSEC."""
    dane: DaneFacts | None = None
    """The MX hosts' TLSA records (``check --smtp`` only)."""
    submission: SubmissionFacts | None = None
    """A submission test of SMTP settings with a login (``smtp-test``)."""
    mta_sts: MtaStsFacts | None = None
    """The MTA-STS record and policy (RFC 8461): must senders use TLS to reach the domain."""
    tls_rpt: TlsRptFacts | None = None
    """The TLS-RPT record (RFC 8460): where TLS failure reports go."""
    bimi: BimiFacts | None = None
    """The BIMI record, its logo and its mark certificate."""
    blocklist: BlocklistFacts | None = None
    """DNS blocklist answers (``check --blocklists``; message analysis, by default)."""
    message: MessageFacts | None = None
    """A message analysed (``deliverability message``): its path, signatures, the receiver's verdict."""
    reception: Reception | None = None
    """How a test message reached the test inbox: what only the receiving server sees."""
