"""One entry of the finding-code registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast, get_args

from deliverability.report import Check, Severity


@dataclass(frozen=True, slots=True, eq=False)
class Code:
    """A finding code with its default severity and its message templates (English, marked N_).

    ``terms`` is the code's vocabulary: a parameter whose value (or list item) is one of its
    keys is shown as that term's template, translated and filled from the other parameters.
    So a finding keeps language-independent words in its params (``"dkim"``, ``"missing"``) and
    reads "a DKIM signature" or "une signature DKIM" in the report's language.

    Each code is one object (the registry refuses a second with the same code), so codes
    compare and hash by identity, and rendering can cache by code.
    """

    code: str
    severity: Severity
    title: str
    detail: str
    fix: str = ""
    references: tuple[str, ...] = ()
    terms: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        prefix = self.code.partition(".")[0]
        if prefix not in get_args(Check):
            raise ValueError(f"finding code {self.code}: {prefix!r} is not a check (report.Check)")

    @property
    def check(self) -> Check:
        """The check the code belongs to: the part before the dot."""
        return cast(Check, self.code.partition(".")[0])

    @property
    def templates(self) -> tuple[str, str, str]:
        return (self.title, self.detail, self.fix)
