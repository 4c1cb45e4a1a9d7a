"""Facts about MTA-STS (RFC 8461) and SMTP TLS reporting (RFC 8460): records and policy."""

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.https import FetchFact
from deliverability.facts.lookup import LookupFact


class MtaStsFacts(Model):
    """The ``_mta-sts`` record, and the policy it announces."""

    domain: str
    """The domain checked."""
    lookup: LookupFact
    """``_mta-sts.<domain>`` TXT."""
    records: list[str] = Field(default_factory=empty_list)
    """The TXT records starting with ``v=STSv1`` (RFC 8461 §3.1)."""
    policy: FetchFact | None = None
    """``https://mta-sts.<domain>/.well-known/mta-sts.txt`` (fetched when one record is published)."""
    mx_hosts: list[str] = Field(default_factory=empty_list)
    """The domain's MX host names, which the policy must cover."""
    mx_lookup: LookupFact | None = None
    """The MX lookup of the domain."""


class TlsRptFacts(Model):
    """The ``_smtp._tls`` record: where receivers send TLS failure reports."""

    domain: str
    """The domain checked."""
    lookup: LookupFact
    """``_smtp._tls.<domain>`` TXT."""
    records: list[str] = Field(default_factory=empty_list)
    """The TXT records starting with ``v=TLSRPTv1`` (RFC 8460 §3)."""
