"""What the test inbox saw of a delivery: facts only the receiving server knows."""

from datetime import datetime

from deliverability._model import Model
from deliverability.addresses import AddressKind


class Reception(Model):
    """The SMTP session a test message arrived in, as the inbox's listener recorded it."""

    client_address: str
    """The address that connected (the sending server's, or a relay's)."""
    client_kind: AddressKind
    """``public``, or the special range it belongs to (loopback, private …): a test from
    inside a network is still a test, but receivers on the internet never see such an address."""
    helo: str | None
    """The name the client gave in HELO/EHLO."""
    mail_from: str
    """The envelope sender (MAIL FROM); empty for a bounce."""
    recipient: str
    """The test address the message was sent to."""
    tls_version: str | None
    """``TLSv1.3`` …, or None when the session was not encrypted."""
    starttls_offered: bool = False
    """Whether the listener offered STARTTLS (it has a certificate): clear text was then the
    sender's choice."""
    tls_cipher: str | None
    """The cipher suite negotiated, when encrypted."""
    size: int
    """Octets of the message as received."""
    received_at: datetime
    """When the message was accepted (UTC)."""
