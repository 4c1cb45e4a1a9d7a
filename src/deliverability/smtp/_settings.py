"""Submission settings as support agents type them: ``ssl://smtp.example.com``, 465, login….

The prefix says how TLS starts: ``ssl://`` from the first byte (implicit TLS), ``tls://``
with STARTTLS after a plain greeting (what mail programs call "TLS" or "STARTTLS"); a
bare host takes the mode its port calls for. Ports 465 (implicit) and 587 or 25
(STARTTLS) have a mode of their own, and a prefix that contradicts it is caught before
anything is connected.
"""

import re
from typing import Literal

from pydantic import ConfigDict, Field, SecretStr, field_validator

from deliverability._model import Model
from deliverability.addresses import is_ip_address
from deliverability.target import TargetError, normalise_host, parse_target

TlsMode = Literal["implicit", "starttls"]

PORT_MODES: dict[int, TlsMode] = {465: "implicit", 587: "starttls", 25: "starttls"}
"""Ports whose TLS mode is fixed by the standards (RFC 8314 §3.3, RFC 6409, RFC 3207)."""

MAX_PASSWORD = 1024

_SCHEMES: dict[str, TlsMode] = {"ssl": "implicit", "tls": "starttls"}
_APP_PASSWORD = re.compile(r"[A-Za-z0-9]{4}(?:\s+[A-Za-z0-9]{4}){2,}")
"""Groups of four shown with spaces, as Google displays a 16-letter app password."""


class SubmissionSettings(Model):
    """The SMTP settings of a customer's own mailbox, to be tested with a login.

    The password is a :class:`~pydantic.SecretStr`: it prints as ``**********`` in a
    repr, a log line, a traceback or a JSON dump, and validation errors never echo the input.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    host: str = Field(min_length=1, max_length=300)
    """The server as typed: ``ssl://host``, ``tls://host`` or the bare host (name or IP address)."""
    port: int = Field(ge=1, le=65535)
    """TCP port (465: implicit TLS; 587: STARTTLS)."""
    username: str = Field(min_length=1, max_length=320)
    """The login, usually the full address."""
    password: SecretStr
    """The password or app password (spaces inside an app password are removed). Checked by
    :meth:`secret`, not by the model: a validation error would carry it in ``errors()``."""
    send_to: str | None = Field(default=None, max_length=320)
    """Where to send a test message; None tests the login only."""

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        scheme, host = _split_scheme(value.strip())
        if not host:
            raise ValueError("the server name is empty")
        if any(ch.isspace() for ch in host) or "/" in host or "@" in host:
            raise ValueError(f"{host!r} is not a server name")
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        if not is_ip_address(host):
            if host.count(":") == 1:
                raise ValueError("give the port in the port field, not after the server name")
            try:
                host = normalise_host(host)
            except TargetError as exc:
                raise ValueError(f"{host!r} is not a server name: {exc.reason}") from None
        return f"{scheme}://{host}" if scheme else host

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise ValueError("the login is empty or has a control character")
        return value

    @field_validator("send_to")
    @classmethod
    def _send_to(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            target = parse_target(value)
        except TargetError as exc:
            raise ValueError(exc.reason) from None
        if target.address is None:
            raise ValueError(f"{value!r} is a domain; the test message needs an address")
        return target.address

    @property
    def scheme(self) -> Literal["ssl", "tls", ""]:
        """The prefix typed: ``ssl``, ``tls`` or nothing."""
        scheme, _ = _split_scheme(self.host)
        return scheme  # type: ignore[return-value]

    @property
    def hostname(self) -> str:
        """The server's name (A-labels) or IP address, without the prefix."""
        return _split_scheme(self.host)[1]

    @property
    def tls_mode(self) -> TlsMode:
        """How TLS starts: the prefix decides, else the port, else STARTTLS."""
        return _SCHEMES.get(self.scheme) or PORT_MODES.get(self.port, "starttls")

    @property
    def expected_mode(self) -> TlsMode | None:
        """The mode the port calls for when the prefix contradicts it, else None."""
        expected = PORT_MODES.get(self.port)
        return expected if expected is not None and expected != self.tls_mode else None

    def secret(self) -> tuple[str, bool]:
        """The password to send, and whether spaces shown inside an app password were removed.

        Raises ValueError (without the password in it) when it is empty or over-long.
        """
        password = self.password.get_secret_value().strip("\r\n")
        if not password:
            raise ValueError("the password is empty")
        if len(password) > MAX_PASSWORD:
            raise ValueError(f"the password is longer than {MAX_PASSWORD} characters")
        if _APP_PASSWORD.fullmatch(password.strip()):
            return "".join(password.split()), True
        return password, False


def _split_scheme(text: str) -> tuple[str, str]:
    scheme, separator, rest = text.partition("://")
    if not separator:
        return "", text
    scheme = scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(
            f"unknown prefix {scheme + '://'!r}: type ssl://host, tls://host or the bare host"
        )
    return scheme, rest
