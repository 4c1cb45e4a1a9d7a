"""The provider data files, loaded once, and the lookups over them (pure: no I/O but the
package's own files, read on first use)."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from pydantic import ValidationError

from deliverability._model import problems
from deliverability.providers.model import Provider

MAX_MX_HOSTS = 20
"""MX names looked at by :func:`mailbox_host`; a domain publishing more gains nothing."""


class ProviderDataError(ValueError):
    """A provider data file does not load; the message names the file and the problem."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"provider data {file}: {reason}")


def load_provider(text: str, *, file: str) -> Provider:
    """Validate one data file's text; ``file`` (``orange.toml``) gives the provider's id."""
    import tomllib  # here, not at import: the packaged data is read from its JSON copy

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProviderDataError(file, f"not valid TOML ({exc})") from None
    return _validated(data, file=file)


def _validated(data: dict[str, Any], *, file: str) -> Provider:
    stem = file.removesuffix(".toml")
    if data.setdefault("id", stem) != stem:
        raise ProviderDataError(file, f"id {data['id']!r} differs from the file name")
    try:
        return Provider.model_validate(data)
    except ValidationError as exc:
        raise ProviderDataError(file, problems(exc, whole="file")) from None


@functools.cache
def all_providers() -> tuple[Provider, ...]:
    """Every provider of the data files, consumer services first, then by id.

    Read from ``providers.json``, the data files in one JSON document written by
    ``tools/data_json.py`` (parsing the TOML itself cost 3 % of a one-domain check),
    and validated as each file is."""
    text = (resources.files("deliverability.providers") / "data" / "providers.json").read_text(
        encoding="utf-8"
    )
    loaded = [_validated(data, file=file) for file, data in json.loads(text).items()]
    _check_unique(loaded)
    return tuple(sorted(loaded, key=lambda provider: (provider.kind != "consumer", provider.id)))


def _check_unique(providers: list[Provider]) -> None:
    """A domain or an MX pattern claimed twice would make the lookups depend on file order."""
    seen: dict[str, str] = {}
    for provider in providers:
        claims = list(provider.address_domains.domains if provider.address_domains else [])
        claims += [f"MX {pattern}" for pattern in (provider.mx.patterns if provider.mx else [])]
        for claim in claims:
            if claim in seen:
                raise ProviderDataError(
                    f"{provider.id}.toml", f"{claim} is already claimed by {seen[claim]}.toml"
                )
            seen[claim] = provider.id


@functools.cache
def _by_address_domain() -> dict[str, Provider]:
    return {
        domain: provider
        for provider in all_providers()
        if provider.address_domains
        for domain in provider.address_domains.domains
    }


def for_domain(domain: str) -> Provider | None:
    """The consumer provider whose addresses use ``domain`` (``wanadoo.fr`` → Orange), if any."""
    return _by_address_domain().get(_normalised(domain))


def by_id(provider_id: str) -> Provider | None:
    """The provider of data file ``<provider_id>.toml``, if any."""
    return next((provider for provider in all_providers() if provider.id == provider_id), None)


def mailbox_host(mx_hostnames: Sequence[str]) -> str | None:
    """The name of the mailbox service the MX host names lead to (``Google Workspace`` …).

    Give the names in preference order (most preferred first): the first name that a
    service recognises decides, so a domain whose primary MX is an unknown filtering
    gateway in front of Microsoft 365 still reads as Microsoft 365. Only the first
    :data:`MAX_MX_HOSTS` names are looked at.
    """
    for host in mx_hostnames[:MAX_MX_HOSTS]:
        provider = _provider_for_mx(_normalised(host))
        if provider is not None:
            return provider.name
    return None


def _provider_for_mx(host: str) -> Provider | None:
    return next((p for p in all_providers() if p.mx is not None and p.mx.matches(host)), None)


def _normalised(name: str) -> str:
    """DNS names compare without case and without the trailing dot; anything too long is no name."""
    return name[:254].strip().rstrip(".").lower()
