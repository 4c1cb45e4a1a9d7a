"""The data file's models, validated by pydantic; loaded on first use, never at start-up."""

import datetime
import functools
import tomllib
from importlib import resources
from typing import Literal

from pydantic import Field, ValidationError

from deliverability._model import Model, empty_dict, empty_list, problems
from deliverability.blocklists import Category, ListSeverity, RefusalReason


class BlocklistDataError(ValueError):
    """``lists.toml`` does not load; the message says where."""


class ListCode(Model):
    """One return code (``exact``) or bit (``bitmask``) and what it means."""

    value: str
    """``127.0.0.2`` for an exact match, the bit's value (``8``) for a bitmask."""
    category: Category
    severity: ListSeverity


class Refusal(Model):
    """An answer that means the operator refused the query."""

    value: str
    reason: RefusalReason


class Blocklist(Model):
    """One DNS blocklist (``lists.toml``)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    zone: str
    dqs_zone: str | None = None
    """With a Spamhaus DQS key, ``KEY.<dqs_zone>`` is queried instead of ``zone``."""
    kind: Literal["ip", "domain"]
    test_entry: str
    """An entry the list always lists; unlisted, it shows the list is not answering (RFC 5782 §5)."""
    ipv6: bool = False
    match: Literal["exact", "bitmask"]
    codes: list[ListCode]
    refusals: list[Refusal] = Field(default_factory=empty_list)
    refusal_ranges: list[str] = Field(default_factory=empty_list)
    informational: bool = False
    """The list covers whole networks; a listing there is information, not a verdict."""
    scope: Literal["allocation", "asn"] | None = None
    delisting: str
    terms: str
    sources: list[str] = Field(min_length=1)
    checked: datetime.date


class Catalogue(Model):
    """The lists of ``lists.toml`` (plus the closed lists kept as a record)."""

    lists: tuple[Blocklist, ...] = Field(alias="list")
    closed: dict[str, list[str]] = Field(default_factory=empty_dict)

    def mirrored(self, suffix: str) -> "Catalogue":
        """The same lists served under ``suffix`` (a local rsync mirror, or a test zone):
        ``zen.spamhaus.org`` is then asked as ``zen.spamhaus.org.<suffix>``."""
        suffix = suffix.strip(".").lower()
        return self.model_copy(
            update={
                "lists": tuple(
                    item.model_copy(
                        update={
                            "zone": f"{item.zone}.{suffix}",
                            "dqs_zone": f"{item.dqs_zone}.{suffix}" if item.dqs_zone else None,
                        }
                    )
                    for item in self.lists
                )
            }
        )

    def get(self, list_id: str) -> Blocklist | None:
        return next((item for item in self.lists if item.id == list_id), None)


@functools.cache
def catalogue() -> Catalogue:
    """The packaged lists, loaded once."""
    text = (resources.files("deliverability.blocklists") / "lists.toml").read_text("utf-8")
    return load(text)


def load(text: str) -> Catalogue:
    try:
        return Catalogue.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise BlocklistDataError(f"lists.toml is not valid TOML ({exc})") from None
    except ValidationError as exc:
        raise BlocklistDataError(f"lists.toml: {problems(exc, whole='file')}") from None
