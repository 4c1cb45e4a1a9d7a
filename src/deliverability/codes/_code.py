"""One entry of the finding-code registry."""

from __future__ import annotations

from dataclasses import dataclass

from deliverability.report import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """A finding code with its default severity and its message templates (English, marked N_)."""

    code: str
    severity: Severity
    title: str
    detail: str
    fix: str = ""
    references: tuple[str, ...] = ()

    @property
    def templates(self) -> tuple[str, str, str]:
        return (self.title, self.detail, self.fix)
