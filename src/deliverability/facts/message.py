"""Facts about one message: the path it took, who it says it is from, its signatures
re-verified, what the receiver wrote about it, and the shape of its content.

Everything here comes from a message someone received (hostile text): values are bounded
when they are read, and renderers escape them.
"""

from datetime import datetime
from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_dict, empty_list
from deliverability.facts.lookup import LookupFact
from deliverability.facts.spf import SpfEvaluation

AddressSource = Literal["boundary", "received-spf", "receiver", "option", "platform", "unknown"]
DkimOutcome = Literal[
    "pass",
    "body_modified",
    "signature_invalid",
    "key_missing",
    "key_unavailable",
    "body_unchecked",
    "key_invalid",
    "malformed",
]


class Hop(Model):
    """One Received header: a server handing the message to the next one."""

    index: int
    """1 for the first hop (nearest the sender), counting towards the recipient."""
    helo: str | None = None
    """The name the sending side gave (``from`` clause)."""
    from_host: str | None = None
    """The sending side's reverse-DNS name, as the receiving server noted it."""
    from_ip: str | None = None
    """The sending side's address, as the receiving server noted it."""
    by: str | None = None
    """The receiving server."""
    protocol: str | None = None
    """The ``with`` clause: SMTP, ESMTP, ESMTPS, ESMTPSA, HTTP, LMTP …"""
    tls: bool | None = None
    """True when the hop says the session was encrypted, False when it says it was not, None when it says nothing."""
    tls_detail: str | None = None
    """The TLS version or cipher the hop noted."""
    timestamp: datetime | None = None
    """When the receiving server got the message (its own clock)."""
    delay_seconds: float | None = None
    """Seconds between the previous hop's timestamp (or the Date header for the first) and this one's."""
    internal: bool = False
    """A hop inside the receiving organisation (after its boundary)."""
    header: str = ""
    """The Received header as written (bounded)."""


class ConnectingAddress(Model):
    """The address that handed the message to the receiving organisation, and how it was found."""

    ip: str | None = None
    """The address (None when nothing told it)."""
    helo: str | None = None
    """The name it gave in HELO/EHLO, when known."""
    source: AddressSource = "unknown"
    """boundary (the receiver's first Received header), received-spf (its client-ip=),
    receiver (given by the receiving server itself, e.g. the test inbox), option (--ip),
    platform (the platform's first sending address: a guess), unknown."""
    hop: int | None = None
    """The boundary hop's index, when the address came from one."""
    tls: bool | None = None
    """Whether that connection was encrypted, as the receiving server knew or its Received header says."""


class Identities(Model):
    """Who the message says it is from, and its bulk-mail headers (values bounded)."""

    from_addresses: list[str] = Field(default_factory=empty_list)
    """The addresses of the From header (normally one)."""
    from_domain: str | None = None
    """The domain of the (first) From address, lower-case."""
    from_header: str | None = None
    """The From header as written."""
    return_path: str | None = None
    """The envelope sender (MAIL FROM) the receiver recorded, or the one it was given."""
    helo: str | None = None
    """The HELO name of the connecting server."""
    reply_to: str | None = None
    """The Reply-To header as written."""
    message_id: str | None = None
    """The Message-ID header as written."""
    date: str | None = None
    """The Date header as written."""
    date_parsed: datetime | None = None
    """The Date header's moment (None when absent or unreadable)."""
    subject: str | None = None
    """The Subject header as written."""
    list_id: str | None = None
    """List-Id (RFC 2919): the message comes from a list."""
    list_unsubscribe: str | None = None
    """List-Unsubscribe (RFC 2369): the unsubscribe links."""
    list_unsubscribe_post: str | None = None
    """List-Unsubscribe-Post (RFC 8058): ``List-Unsubscribe=One-Click`` for one-click unsubscribe."""
    precedence: str | None = None
    """Precedence (bulk, list, junk): a bulk-mail marker."""


class DkimSignatureFact(Model):
    """One DKIM-Signature header, verified now."""

    domain: str
    """d=, the signing domain."""
    selector: str
    """s=, the key's selector."""
    algorithm: str = ""
    """a= (rsa-sha256, ed25519-sha256 …)."""
    signed_headers: list[str] = Field(default_factory=empty_list)
    """h=, the header fields the signature covers (lower-case)."""
    result: DkimOutcome
    """pass, body_modified (body hash mismatch), signature_invalid (header hash), key_missing,
    key_unavailable (the key's lookup failed: could not check), body_unchecked (only the headers
    were given: the signature over them verifies, the body hash could not be checked),
    key_invalid, malformed."""
    reason: str = ""
    """The verifier's words (evidence, English)."""
    key: LookupFact | None = None
    """``<selector>._domainkey.<domain>`` TXT, as looked up for this analysis."""


class ArcFact(Model):
    """The ARC chain (RFC 8617): the intermediaries that vouch for earlier results."""

    result: Literal["none", "pass", "fail"]
    """The chain validation status."""
    instances: int = 0
    """ARC sets (i=1 …) in the message."""
    sealers: list[str] = Field(default_factory=empty_list)
    """d= of each ARC-Seal, first instance first."""
    reason: str = ""
    """The verifier's words when it fails (evidence)."""


class ReceiverResult(Model):
    """One authentication result a receiver wrote (Authentication-Results, Received-SPF …)."""

    header: str
    """The header it came from."""
    authserv_id: str = ""
    """The server that wrote it."""
    method: str
    """spf, dkim, dmarc, arc, compauth …"""
    result: str
    """pass, fail, softfail, none …"""
    reason: str = ""
    """reason= and the parenthesised comment (Gmail's ``p=REJECT dis=QUARANTINE``)."""
    properties: dict[str, str] = Field(default_factory=empty_dict)
    """smtp.mailfrom, header.d, header.from …"""


class ReceiverVerdict(Model):
    """One line of what the receiver's anti-spam headers say, decoded."""

    header: str
    """The header (X-Forefront-Antispam-Report, X-Spam-Status …)."""
    field: str
    """The field within it (SCL, SFV, CAT …; the header's name when it has one value)."""
    value: str
    """The value as written."""
    meaning: str = ""
    """What the receiver's documentation says it means (English)."""
    spam: bool | None = None
    """True when this value means the receiver filed the message as spam, False when it means it did not."""


class ReceiverFacts(Model):
    """What the receiving organisation wrote about the message (only headers it is trusted for)."""

    receiver: str | None = None
    """Whose headers they are: gmail, microsoft, yahoo, orange, or the boundary's domain."""
    results: list[ReceiverResult] = Field(default_factory=empty_list)
    """Authentication results the receiver wrote."""
    verdicts: list[ReceiverVerdict] = Field(default_factory=empty_list)
    """Anti-spam fields, decoded."""
    ignored: int = 0
    """Authentication-Results headers left out because they came from before the boundary."""


class LinkFact(Model):
    """One link of an HTML part whose visible text names another domain than its target."""

    href_domain: str
    """Where the link goes."""
    text_domain: str
    """The domain its visible text names."""


class ContentFacts(Model):
    """The shape of the content, as spam filters score it (no verdict here)."""

    has_body: bool = False
    """False when only the header block was given: content rules then say nothing."""
    text_chars: int = 0
    """Characters of the text/plain part."""
    html_chars: int = 0
    """Characters of visible text in the text/html part."""
    has_text_part: bool = False
    """The message has a text/plain part."""
    has_html_part: bool = False
    """The message has a text/html part."""
    images: int = 0
    """Images in the HTML part (``<img>``) and image attachments."""
    text_html_similarity: float | None = None
    """0–1: how much the plain and HTML parts say the same words (None without both)."""
    link_domains: list[str] = Field(default_factory=empty_list)
    """The distinct host names the links go to (HTML links and URLs written in the text),
    in order of appearance, at most 100."""
    shorteners: list[str] = Field(default_factory=empty_list)
    """Link-shortener domains the links go through."""
    mismatched_links: list[LinkFact] = Field(default_factory=empty_list)
    """Links whose text names another domain than their target."""
    subject_capitals: float = 0.0
    """Share of the subject's letters in capitals."""
    subject_exclamations: int = 0
    """``!`` in the subject."""
    executable_attachments: list[str] = Field(default_factory=empty_list)
    """Attachment names with an executable extension."""
    phrases: list[str] = Field(default_factory=empty_list)
    """Phrases of the phrase list found in the text (lower-case)."""


class MessageFacts(Model):
    """One message: its path, identities, signatures, the receiver's verdict and its content."""

    size: int
    """Bytes of the message as given."""
    headers_only: bool = False
    """True when only a header block was given (no body: DKIM body hashes cannot be checked)."""
    received_total: int = 0
    """Received headers in the message (only the first ones are parsed: see ``hops``)."""
    hops: list[Hop] = Field(default_factory=empty_list)
    """The path, first hop (nearest the sender) first."""
    boundary: int | None = None
    """Index of the hop where the receiving organisation took the message."""
    connecting: ConnectingAddress = Field(default_factory=ConnectingAddress)
    """The address that handed the message to the receiver."""
    identities: Identities = Field(default_factory=Identities)
    """Who the message says it is from, and its bulk-mail headers."""
    signatures: list[DkimSignatureFact] = Field(default_factory=empty_list)
    """Every DKIM signature, verified for this analysis."""
    arc: ArcFact = Field(default_factory=lambda: ArcFact.model_construct(result="none"))
    """The ARC chain, verified for this analysis."""
    spf_domain: str | None = None
    """The domain SPF was evaluated for: the envelope sender's, else the HELO name."""
    spf_source: Literal["return-path", "helo"] | None = None
    """Which identity SPF was evaluated for."""
    spf: SpfEvaluation | None = None
    """SPF for the connecting address, evaluated for this analysis (None when no address or domain)."""
    receiver: ReceiverFacts = Field(default_factory=ReceiverFacts)
    """What the receiving organisation wrote about the message."""
    content: ContentFacts = Field(default_factory=ContentFacts)
    """The shape of the content."""
    bulk_requested: bool = False
    """The caller asked for the message to be judged as bulk mail (``--bulk``)."""
