"""The library's exceptions: one base to catch, subclasses named by what went wrong.

    DeliverabilityError             anything this library raises on purpose
    └── InputError (ValueError)     what the caller passed cannot be used, raised before any I/O
        ├── TargetError             neither a domain nor an e-mail address
        ├── PlatformError           the platform profile cannot be read or is invalid
        ├── InputTypeError (also a TypeError)   an argument of the wrong type
        ├── SpamhausKeyError        not a Spamhaus Data Query Service key (never repeated)
        ├── MessageTooLarge         a message over the size the analysis accepts (25 MB)
        └── OptionError (also a TypeError)      a number out of its range (a NaN timeout, deadline=-1)
    RecordSyntaxError (ValueError)  a DNS record that breaks its grammar (DKIM, DMARC); the
                                    rules turn it into a finding, so it is not an InputError

DNS failures never raise: they become ``dns.unavailable`` findings ("could not check").

Every error keeps its message template (English, marked ``N_``) and the values to fill in,
so :meth:`DeliverabilityError.message` renders it in the user's language; ``str()`` is English.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deliverability.facts.phrase import Phrase


class DeliverabilityError(Exception):
    """The base of every error this library raises on purpose."""

    def __init__(self, template: str, values: Mapping[str, object] | None = None) -> None:
        self.template = template
        """The message template (a msgid of the catalogue)."""
        self.values = dict(values or {})
        """The values filled into the template; never a secret."""
        super().__init__(self.message("en"))

    @property
    def phrase(self) -> Phrase:
        """The message as a :class:`~deliverability.facts.phrase.Phrase`, for a finding's params."""
        from deliverability.facts.phrase import Phrase

        return Phrase.model_construct(
            template=self.template,
            values={key: _phrase_value(value) for key, value in self.values.items()},
        )

    def message(self, lang: str) -> str:
        """The whole message in ``lang`` (nested reasons too)."""
        return self.phrase.render(lang)


class RecordSyntaxError(DeliverabilityError, ValueError):
    """A record that breaks its grammar; ``tag`` names the culprit where there is one, and
    ``reason`` is the message as a :class:`~deliverability.facts.phrase.Phrase`."""

    def __init__(
        self, template: str, values: Mapping[str, str | int] | None = None, *, tag: str = ""
    ) -> None:
        super().__init__(template, values)
        self.reason: Phrase = self.phrase
        self.tag = tag


class InputError(DeliverabilityError, ValueError):
    """What the caller passed cannot be used (a target, a profile, an option's value)."""


class InputTypeError(InputError, TypeError):
    """An argument of the wrong type (``resolver="x"``, ``platform={}``): a TypeError too."""

    @classmethod
    def check(cls, name: str, value: object, expected: type) -> None:
        """Raise unless ``value`` is None or an instance of ``expected``."""
        if value is not None and not isinstance(value, expected):
            from deliverability.i18n import N_

            raise cls(
                N_("{name} must be a {expected} or None, not {type}"),
                {
                    "name": name,
                    "expected": f"{expected.__module__}.{expected.__qualname__}",
                    "type": type(value).__name__,
                },
            )


class SpamhausKeyError(InputError):
    """The Spamhaus Data Query Service key is malformed; the message does not repeat it."""

    def __init__(self) -> None:
        from deliverability.i18n import N_

        super().__init__(N_("the Spamhaus key must be 20 to 64 lower-case letters or digits"))


class MessageTooLarge(InputError):
    """A message larger than :data:`deliverability.message.MAX_MESSAGE_BYTES` is refused."""

    def __init__(self, *, size: int, limit: int) -> None:
        from deliverability.i18n import N_

        self.size = size
        self.limit = limit
        super().__init__(
            N_("the message is {size} bytes long; messages over {limit} bytes are not analysed"),
            {"size": size, "limit": limit},
        )


class OptionError(InputError, TypeError):
    """An option of the wrong type, or a number (timeout, deadline, cache bound …) that is not
    finite or not in its range: a ``ValueError`` and a ``TypeError``, whichever a caller catches."""


def positive_number(name: str, value: object, *, maximum: float) -> float:
    """``value`` as a float if it is a finite number in (0, ``maximum``]; else :class:`OptionError`.

    NaN and infinities are refused here: ``nan <= 0`` is False, so a plain comparison lets
    them through, and a NaN timeout would wait forever.
    """
    from deliverability.i18n import N_

    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OptionError(
            N_("{name} must be a number, got {value}"), {"name": name, "value": _shown(value)}
        )
    if not math.isfinite(value) or not 0 < value <= maximum:
        raise OptionError(
            N_("{name} must be a number above 0 and at most {maximum:g}, got {value}"),
            {"name": name, "maximum": maximum, "value": _shown(value)},
        )
    return float(value)


def positive_integer(name: str, value: object, *, maximum: int) -> int:
    """``value`` if it is an int in [1, ``maximum``]; else :class:`OptionError`."""
    from deliverability.i18n import N_

    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(
            N_("{name} must be a whole number, got {value}"),
            {"name": name, "value": _shown(value)},
        )
    if not 1 <= value <= maximum:
        raise OptionError(
            N_("{name} must be between 1 and {maximum}, got {value}"),
            {"name": name, "maximum": maximum, "value": value},
        )
    return value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _phrase_value(value: object) -> str | int | float | Phrase:
    from deliverability.facts.phrase import Phrase

    if isinstance(value, DeliverabilityError):
        return value.phrase
    if isinstance(value, Phrase | int | float) and not isinstance(value, bool):
        return value  # numbers stay numbers: a template may format them ({maximum:g})
    return str(value)
