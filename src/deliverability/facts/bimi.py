"""Facts about BIMI: the record, the logo it points to and the mark certificate."""

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.https import FetchFact
from deliverability.facts.lookup import LookupFact


class BimiFacts(Model):
    """``default._bimi.<domain>`` and the documents its ``l=`` and ``a=`` point to."""

    domain: str
    """The domain checked."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """``default._bimi.<domain>`` then, without a record, ``default._bimi.<organizational domain>``."""
    record_domain: str | None = None
    """The domain whose record applies (None when none was found)."""
    records: list[str] = Field(default_factory=empty_list)
    """The TXT records starting with ``v=BIMI1``."""
    logo: FetchFact | None = None
    """The SVG of ``l=`` (fetched when one record with an https logo is published)."""
    certificate: FetchFact | None = None
    """The mark certificate (PEM) of ``a=``, when given."""
    organizational_dmarc: LookupFact | None = None
    """``_dmarc.<organizational domain>`` TXT, for a subdomain: BIMI wants the organizational
    domain's DMARC policy at enforcement too."""
