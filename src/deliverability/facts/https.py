"""Facts about a document fetched over HTTPS (an MTA-STS policy, a BIMI logo or certificate)."""

from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact

FetchOutcome = Literal[
    "ok",
    "http_status",
    "redirect",
    "too_large",
    "cert_invalid",
    "tls_error",
    "connect_error",
    "timeout",
    "address_refused",
    "dns_failed",
    "no_address",
    "bad_url",
]
"""ok; the server answered but not with the document (http_status, redirect, too_large); the
certificate did not verify; the connection failed; the address policy refused the host's
address; its A/AAAA lookups failed or found nothing; the URL is not an https:// URL."""


class CertificateFact(Model):
    """The server certificate as verified for the host name."""

    subject: str
    """The subject's common name."""
    issuer: str
    """The issuer's organisation and common name."""
    not_before: str
    """Start of validity, as the TLS library gives it (``Jan  1 00:00:00 2026 GMT``)."""
    not_after: str
    """End of validity, in the same form."""
    names: list[str] = Field(default_factory=empty_list)
    """DNS names of the subjectAltName extension."""


class FetchFact(Model):
    """One HTTPS GET, under the address policy, without redirects, bounded in size."""

    url: str
    """The URL asked for."""
    outcome: FetchOutcome
    """How the fetch ended (see :data:`FetchOutcome`)."""
    status: int | None = None
    """The HTTP status, when the server answered."""
    address: str | None = None
    """The address connected to (the one the policy checked), or the refused one."""
    content_type: str = ""
    """The Content-Type header, as sent."""
    body: str = ""
    """The document (ok only), decoded as UTF-8 with errors replaced; at most the size cap."""
    certificate: CertificateFact | None = None
    """The server's certificate (only when it verified)."""
    error: str = ""
    """Why it failed: the verification error, the address kind refused, the redirect target …"""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """The A/AAAA lookups of the host."""

    def describe(self) -> str:
        """One evidence line: ``https://mta-sts.example.com/.well-known/mta-sts.txt: ok (200)``."""
        status = f" ({self.status})" if self.status is not None else ""
        error = f": {self.error}" if self.error else ""
        return f"GET {self.url}: {self.outcome}{status}{error}"
