"""The shape of a provider data file (``providers/data/<id>.toml``), validated on load.

A provider is a mailbox service: a consumer free-mail service (Gmail, Orange …) whose
address domains nobody else may send as, or a hosting service (Google Workspace, OVH …)
recognised from a customer domain's MX names. Every fact cites its sources by tag
(``sources = ["S1-81126"]``), and each tag is declared once in the file's ``[sources]``
table with its URL, title, date and confidence: a fact without a dated source does not load.

Imports only the standard library and pydantic (plus the base model).
"""

import datetime
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from deliverability._model import Model, empty_list

Confidence = Literal["official", "observed", "third-party", "unverified"]
"""official: the provider's own page; observed: seen in real headers or replies;
third-party: an ESP, a blog or a library; unverified: no source confirms it."""

Need = Literal[
    "spf_or_dkim", "spf", "dkim", "dmarc", "alignment", "ptr", "tls", "helo", "not_blocklisted"
]
"""What a receiver requires of senders, in the terms the facts can be checked against."""

_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SOURCE_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,40}")


def _host_name(value: str) -> str:
    labels = value.split(".")
    if (
        len(value) > 253
        or len(labels) < 2
        or not all(_HOST_LABEL.fullmatch(label) for label in labels)
    ):
        raise ValueError(f"{value!r} is not a lower-case host name")
    return value


class Source(Model):
    """Where a fact comes from, and when it was read."""

    url: str = Field(pattern=r"^https?://\S+$", max_length=500)
    """The page, repository file or archive copy."""
    title: str = Field(min_length=1, max_length=200)
    """What the page is called, so it can be found again when the URL moves."""
    date: datetime.date
    """The date of the copy read (an archive snapshot) or of the last check."""
    confidence: Confidence
    """How far the source can be trusted for this fact."""


class Fact(Model):
    """Anything a provider file states: it names the sources it rests on."""

    sources: list[str] = Field(min_length=1, max_length=10)
    """Tags of the file's ``[sources]`` table."""


class AddressDomains(Fact):
    """The domains of the provider's consumer addresses (``@wanadoo.fr`` …)."""

    domains: list[str] = Field(min_length=1, max_length=100)

    @field_validator("domains")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        return [_host_name(value) for value in values]


class MxPatterns(Fact):
    """MX host names that identify the service: ``host.example`` exactly, or ``*.example``
    for any name below ``example`` (never ``example`` itself)."""

    patterns: list[str] = Field(min_length=1, max_length=50)

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            _host_name(value.removeprefix("*."))
        return values

    def matches(self, host: str) -> bool:
        """True when the (normalised) MX host name is one of the service's."""
        return any(
            host.endswith(pattern[1:]) if pattern.startswith("*.") else host == pattern
            for pattern in self.patterns
        )


class Submission(Fact):
    """How a mail program sends through the provider's mailbox (message submission)."""

    host: str
    port: int = Field(ge=1, le=65535)
    tls: Literal["ssl", "starttls"]
    """ssl: TLS from the first byte (port 465); starttls: plain, then STARTTLS (port 587)."""
    username: Literal["address", "local_part"]
    """The login: the full address, or the part before the @."""
    auth: Literal["password", "app_password", "oauth2"]
    """What the customer types: the mailbox password, an app password, or nothing (OAuth2)."""
    two_step: bool = False
    """The credential needs 2-step verification turned on first (app passwords at Google)."""
    since: datetime.date | None = None
    """When this became the only way (basic authentication switched off), if it did."""
    account_url: str | None = Field(default=None, pattern=r"^https://\S+$", max_length=200)
    """Where the customer creates the app password, for ``app_password``."""

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return _host_name(value)


class Requirement(Fact):
    """One thing a receiver requires of senders, and from when."""

    need: Need
    scope: Literal["all", "bulk"]
    """all: every sender; bulk: senders above the provider's bulk threshold."""
    since: datetime.date | None = None
    """When the receiver started enforcing it; None for a standing policy with no published date."""


class SenderRequirements(Fact):
    """What the provider, as a receiver, requires of the mail sent to its users."""

    bulk_threshold: int | None = Field(default=None, ge=1)
    """Messages a day to the provider's users above which a sender is "bulk"; None when the
    provider publishes no figure (Yahoo)."""
    items: list[Requirement] = Field(min_length=1, max_length=30)
    """The requirements, all senders first."""


class Provider(Model):
    """One mailbox service, as described by its data file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")
    """The file name without ``.toml``; stable, used in finding parameters."""
    name: str = Field(min_length=1, max_length=60)
    """The name customers know (``Orange``, ``Outlook.com`` …)."""
    kind: Literal["consumer", "hosting"]
    """consumer: free-mail addresses at the provider's own domains; hosting: mailboxes at the
    customer's domain."""
    address_domains: AddressDomains | None = None
    """Consumer services only."""
    mx: MxPatterns | None = None
    """How the service is recognised from MX host names."""
    submission: list[Submission] = Field(default_factory=empty_list, max_length=4)
    """Submission settings, the recommended one first."""
    requirements: SenderRequirements | None = None
    """What the provider requires of senders (the large receivers only)."""
    sources: dict[str, Source] = Field(min_length=1, max_length=60)
    """Every source the file cites, by tag."""

    @model_validator(mode="after")
    def _consistent(self) -> "Provider":
        if (self.kind == "consumer") != (self.address_domains is not None):
            raise ValueError("a consumer provider, and only one, lists address_domains")
        cited = {tag for fact in self.facts() for tag in fact.sources}
        for tag in self.sources:
            if not _SOURCE_TAG.fullmatch(tag):
                raise ValueError(f"source tag {tag!r} is not a short tag like S1-81126")
        if unknown := sorted(cited - self.sources.keys()):
            raise ValueError(f"facts cite undeclared sources: {', '.join(unknown)}")
        if unused := sorted(self.sources.keys() - cited):
            raise ValueError(f"sources declared but cited by no fact: {', '.join(unused)}")
        return self

    def facts(self) -> list[Fact]:
        """Every sourced statement of the file."""
        found: list[Fact] = [
            fact for fact in (self.address_domains, self.mx, self.requirements) if fact is not None
        ]
        found.extend(self.submission)
        if self.requirements is not None:
            found.extend(self.requirements.items)
        return found

    def cite(self, fact: Fact) -> list[str]:
        """The references of a fact, as "title (url, date)" lines for a finding."""
        return [
            f"{self.sources[tag].title} ({self.sources[tag].url}, {self.sources[tag].date})"
            for tag in fact.sources
        ]
