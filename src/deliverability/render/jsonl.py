"""JSON Lines (``--format jsonl``): one report per line, written the moment its target is done.

A line is either a :class:`~deliverability.report.Report` (its JSON Schema is
``deliverability schema``) or, for a list line that is not a target, an error entry
``{"target": …, "where": "domains.txt:12", "error": …}``. Findings matched by ``--ignore``
are left out. Reading one line at a time keeps a consumer's memory flat too, and a run's
output is a valid ``--baseline`` for the next one.
"""

from __future__ import annotations

import json
from typing import TextIO

from deliverability.baseline import Gate
from deliverability.batch import Item


def error_entry(item: Item) -> dict[str, str]:
    """The JSON object standing for a list line that could not be diagnosed."""
    return {"target": item.listed.text, "where": item.listed.where, "error": item.error or ""}


class Writer:
    """Streams one JSON value per line."""

    def __init__(self, stream: TextIO, *, gate: Gate) -> None:
        self._stream = stream
        self._gate = gate

    def begin(self) -> None:
        """Nothing precedes the first line."""

    def item(self, item: Item) -> None:
        if item.report is None:
            line = json.dumps(error_entry(item), ensure_ascii=False)
        else:
            line = self._gate.apply(item.report).model_dump_json()
        self._stream.write(line + "\n")
        self._stream.flush()

    def end(self) -> None:
        """Nothing follows the last line."""
