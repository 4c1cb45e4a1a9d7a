"""The sending platform a diagnosis is made for: who sends the customer's mail, and how.

Read from a TOML file (``--platform FILE``) or built in Python::

    Platform(name="Devis Express", spf_include="_spf.platform.example",
             sending_ips=["192.0.2.25"], return_path_domain="bounce.platform.example",
             helo="out1.platform.example", dkim_selectors=["dx1"], from_domain="platform.example")
"""

from collections.abc import Sequence
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from deliverability._model import Model, empty_list
from deliverability.advice import _profile
from deliverability.errors import InputError
from deliverability.facts.phrase import Phrase
from deliverability.i18n import N_
from deliverability.target import TargetError, normalise_domain


class PlatformError(InputError):
    """The platform profile cannot be read or is invalid; the message says where.

    ``problems`` are what is wrong, one :class:`Phrase` per setting (with its line in the
    file), so :meth:`message` words the line in either language.
    """

    def __init__(self, source: str, problems: Sequence[Phrase]) -> None:
        self.source = source
        self.problems = list(problems)
        joined = Phrase.model_construct(
            template="; ".join(f"{{p{n}}}" for n in range(len(self.problems))),
            values={f"p{n}": problem for n, problem in enumerate(self.problems)},
        )
        self.reason = joined.render("en")
        """What is wrong, in English."""
        super().__init__(
            N_("platform profile {source}: {reason}"), {"source": source, "reason": joined}
        )


class Platform(Model):
    """A sending platform's profile."""

    name: str = Field(min_length=1, max_length=100)
    """The platform's name, as customers know it."""
    spf_include: str
    """The domain customers add to their SPF as ``include:`` (``_spf.platform.example``)."""
    sending_ips: list[IPv4Address | IPv6Address] = Field(min_length=1, max_length=256)
    """Addresses the platform's mail leaves from."""
    return_path_domain: str
    """Domain of the envelope sender (MAIL FROM / Return-Path) the platform uses."""
    helo: str
    """The name the platform's servers give in EHLO."""
    dkim_selectors: list[str] = Field(default_factory=empty_list, max_length=20)
    """DKIM selectors the platform signs with (``dx1`` → ``dx1._domainkey.<domain>``)."""
    from_domain: str
    """The platform's own domain, for ``From:`` when a customer cannot be the sender."""

    @field_validator("spf_include", "return_path_domain", "helo", "from_domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        try:
            return normalise_domain(value)
        except TargetError as exc:
            raise PydanticCustomError("domain", "{reason}", {"reason": exc.reason_phrase}) from None

    @field_validator("dkim_selectors")
    @classmethod
    def _selectors(cls, values: list[str]) -> list[str]:
        for selector in values:
            if (
                not selector
                or len(selector) > 63
                or not all(c.isalnum() or c in "-_." for c in selector)
            ):
                raise PydanticCustomError(
                    "selector", "{value} is not a DKIM selector", {"value": selector}
                )
        return [selector.lower() for selector in values]

    @property
    def sending_addresses(self) -> list[str]:
        return [str(ip) for ip in self.sending_ips]


def load_platform(path: str | Path) -> Platform:
    """Read a platform profile from TOML; raise :class:`PlatformError` with the reason.

    The settings sit at the top of the file or under a ``[platform]`` table.
    """
    import tomllib  # here, not at import: only a command given --platform reads TOML

    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        problem = N_("cannot read the file ({error})")
        raise PlatformError(
            source,
            [Phrase.model_construct(template=problem, values={"error": exc.strerror or str(exc)})],
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problem = N_("not valid TOML ({error})")
        raise PlatformError(
            source, [Phrase.model_construct(template=problem, values={"error": str(exc)})]
        ) from None
    return platform_from_mapping(data, source=source, text=text)


def platform_from_mapping(
    data: object, *, source: str = "<platform>", text: str | None = None
) -> Platform:
    """Validate a mapping (a parsed TOML document, flat or with a ``[platform]`` table) as a
    :class:`Platform`; ``text``, the TOML itself, lets the errors give line numbers."""
    fields = list(Platform.model_fields)
    if not isinstance(data, dict):
        data = {}
    settings = _profile.settings_table(data, fields)
    if isinstance(settings, Phrase):
        raise PlatformError(source, [settings])
    try:
        return Platform.model_validate(settings)
    except ValidationError as exc:
        raise PlatformError(source, _profile.problems(exc, text, fields)) from None
