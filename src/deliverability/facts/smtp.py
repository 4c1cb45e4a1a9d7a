"""Facts about SMTP servers: the MX hosts on port 25, and a submission test with a login.

Everything a server said is kept as received (bounded in size): replies, the EHLO
keywords, the certificate's names. Credentials never reach these models: the transcript
shows ``AUTH PLAIN [credentials hidden]`` in place of what was sent, and a server's echo
of the password (in any form the session sent it) is replaced the same way.
"""

from datetime import datetime
from typing import Literal

from pydantic import Field

from deliverability._model import Model, empty_list
from deliverability.facts.lookup import LookupFact

Outcome = Literal[
    "ok",
    "mode_mismatch",
    "address_refused",
    "unreachable",
    "timeout",
    "rejected",
    "tls_failed",
    "cert_invalid",
    "no_starttls",
    "auth_not_offered",
    "auth_failed",
    "send_failed",
    "reply_too_long",
    "reply_endless",
]
"""How a session with a server ended, worst step first reached:

ok (every step tried worked); mode_mismatch (TLS spoken to a port that starts in plain
text); address_refused (the address policy forbade the connection); unreachable (no TCP
connection: refused, no route, or no answer to the connection attempt);
timeout (connected, then the server went silent); rejected (the greeting or EHLO was
refused); tls_failed; cert_invalid; no_starttls; auth_not_offered; auth_failed; send_failed;
reply_too_long (a reply outgrew what the client reads); reply_endless (a reply kept coming,
line after line, until a step's timeout)."""

Step = Literal["connect", "banner", "EHLO", "STARTTLS", "TLS", "AUTH", "MAIL", "RCPT", "DATA"]
"""Protocol steps, by their SMTP names (language-independent)."""

CertProblem = Literal["expired", "not_yet_valid", "wrong_name", "untrusted", "other"]


class ReplyReading(Model):
    """What the table of known replies (``checks/replies.toml``) says a reply means."""

    entry: str
    """The table entry's id (``gmail-app-password`` …)."""
    finding: str
    """The finding code the entry maps to (``smtp.app_password_required`` …)."""
    provider: str
    """Who sends this reply (``Gmail``, ``Orange`` …), or ``RFC 3463`` for generic codes."""
    status: str
    """The reply code and enhanced status seen (``534 5.7.9``), followed by the provider's own
    code when that is what matched (``550 5.7.1 OFR004_519``)."""
    temporary: bool
    """A 4xx reply: the sender retries; 5xx is final."""
    link: str = ""
    """A page of the provider where the customer acts (delisting form …), if the entry has one."""
    references: list[str] = Field(default_factory=empty_list)
    """The entry's dated sources, as "title (url, date)"."""


class Reply(Model):
    """A server reply that ended a step badly."""

    step: Step
    """The step the reply answered."""
    code: int
    """The three-digit reply code."""
    text: str
    """The reply text as received, lines joined with " / " (bounded)."""

    def describe(self) -> str:
        return f"{self.step}: {self.code} {self.text}"


class TlsFact(Model):
    """The TLS layer of a session."""

    version: str = ""
    """Protocol version negotiated (``TLSv1.3``); empty when the handshake failed."""
    cipher: str = ""
    """Cipher suite negotiated."""
    verified: bool = False
    """The certificate chain is trusted and names the host."""
    problem: CertProblem | None = None
    """Why the certificate was refused, when it was."""
    error: str = ""
    """The verification or handshake error as reported by the TLS library."""
    names: list[str] = Field(default_factory=empty_list)
    """DNS names and addresses the certificate is valid for (verified certificates only)."""
    not_after: datetime | None = None
    """When the certificate expires (verified certificates only)."""
    days_left: int | None = None
    """Whole days from the test to ``not_after``."""
    chain: list[str] = Field(default_factory=empty_list)
    """The certificates the server sent, leaf first, DER in base64 (at most 4, each under
    8 KB; for a refused certificate, read by a second handshake without verification): DANE
    matches its TLSA records against them (RFC 7672)."""


class Session(Model):
    """One connection to one address of a server, step by step."""

    host: str
    """The server name as given (A-labels), or the IP address when an address was given."""
    address: str
    """The IP address connected to (or refused by the policy)."""
    port: int
    """TCP port."""
    outcome: Outcome
    """How the session ended (see :data:`Outcome`)."""
    step: Step = "connect"
    """The last step reached."""
    address_kind: str = ""
    """Why the policy refused the address (``loopback``, ``private`` …)."""
    latency_ms: int | None = None
    """Time to open the TCP connection."""
    banner: str = ""
    """The server's greeting (bounded)."""
    extensions: list[str] = Field(default_factory=empty_list)
    """EHLO keywords, upper-case (the last EHLO: after STARTTLS when there was one)."""
    starttls: bool | None = None
    """STARTTLS offered before TLS (None: implicit TLS, or EHLO not reached)."""
    tls: TlsFact | None = None
    """The TLS layer, when a handshake was tried."""
    auth_mechanisms: list[str] = Field(default_factory=empty_list)
    """AUTH mechanisms offered over TLS, upper-case."""
    steps: list[str] = Field(default_factory=empty_list)
    """Steps that succeeded, in order (``EHLO``, ``STARTTLS``, ``AUTH PLAIN`` …)."""
    reply: Reply | None = None
    """The reply that ended the session badly, if a reply did."""
    error: str = ""
    """The local error that ended it (connection refused, handshake failure …), if any."""
    timeout: float | None = None
    """Seconds waited before giving up, for a timeout."""
    deadline_reached: bool = False
    """The run's deadline ended the session, not one step's timeout."""
    reply_limit: int | None = None
    """Bytes a reply may take before the client stops reading it, for ``reply_too_long``."""
    transcript: list[str] = Field(default_factory=empty_list)
    """The dialogue, ``C:`` client and ``S:`` server lines, credentials hidden (bounded)."""


class SmtpFacts(Model):
    """The MX servers probed on port 25 (``check --smtp``)."""

    port: int = 25
    """The port probed."""
    lookup: LookupFact
    """The MX lookup the hosts come from."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """The A and AAAA lookups of the hosts."""
    sessions: list[Session] = Field(default_factory=empty_list)
    """One per address probed (at most :data:`deliverability.smtp.MAX_MX_ADDRESSES`)."""
    invalid_names: list[str] = Field(default_factory=empty_list)
    """MX names that no connection can be made to by name (bytes a host name cannot have,
    a label over 63 characters once escaped), in presentation form; not probed."""


class SubmissionFacts(Model):
    """A submission test: the settings a customer typed, and what the server made of them."""

    host: str
    """The server name, without ``ssl://`` or ``tls://`` (A-labels)."""
    port: int
    """The port typed."""
    scheme: Literal["ssl", "tls", ""] = ""
    """The prefix typed: ``ssl`` (TLS from the first byte), ``tls`` (STARTTLS) or none."""
    tls_mode: Literal["implicit", "starttls"]
    """How TLS was (or would be) started: from the first byte, or with STARTTLS."""
    expected_mode: Literal["implicit", "starttls"] | None = None
    """The mode the port calls for, when the prefix contradicts it (nothing was connected)."""
    username: str
    """The login typed (never the password)."""
    password_spaces_removed: bool = False
    """Spaces shown inside an app password (``abcd efgh ijkl mnop``) were removed."""
    send_to: str | None = None
    """Where the test message was to go, if a message was asked for."""
    message_id: str | None = None
    """The Message-ID of the test message, once the server accepted it."""
    lookups: list[LookupFact] = Field(default_factory=empty_list)
    """The A and AAAA lookups of the host."""
    session: Session | None = None
    """The connection (None when the settings were refused before connecting)."""
    deadline: float | None = None
    """Seconds the whole test could take."""
