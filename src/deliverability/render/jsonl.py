"""JSON Lines (``--format jsonl``): one report per line, written the moment its target is done.

A line is either a :class:`~deliverability.report.Report` (its JSON Schema is
``deliverability schema``) or, for a list line that is not a target, an error entry
``{"target": …, "where": "domains.txt:12", "error": …}``. Findings matched by ``--ignore``
are left out. Reading one line at a time keeps a consumer's memory flat too, and a run's
output is a valid ``--baseline`` for the next one.
"""

from __future__ import annotations

import json

from deliverability.render import _writer
from deliverability.results import Item


def error_entry(item: Item) -> dict[str, str]:
    """The JSON object standing for a list line that could not be diagnosed."""
    return {"target": item.listed.text, "where": item.listed.where, "error": item.error or ""}


class Writer(_writer.Writer):
    """Streams one JSON value per line."""

    def item(self, item: Item) -> None:
        if item.report is None:
            line = json.dumps(error_entry(item), ensure_ascii=False)
        else:
            line = self.gate.apply(item.report).model_dump_json()
        self.stream.write(line + "\n")
        self.stream.flush()
