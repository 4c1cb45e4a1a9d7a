"""Reports as JSON: one object for one target, a list for several."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter

from deliverability.report import Report

_REPORTS = TypeAdapter(list[Report])


def render(reports: Sequence[Report]) -> str:
    if len(reports) == 1:
        return reports[0].model_dump_json(indent=2)
    return _REPORTS.dump_json(list(reports), indent=2).decode()
