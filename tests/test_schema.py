"""The report's JSON Schema is API: it changes only on purpose.

After a deliberate change to the report or the facts, regenerate the snapshot with
``deliverability schema > tests/data/report.schema.json`` and say why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from deliverability.report import Report

SNAPSHOT = Path(__file__).parent / "data" / "report.schema.json"


def test_schema_matches_the_snapshot() -> None:
    assert Report.model_json_schema() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_field_is_documented() -> None:
    undocumented = [
        f"{model}.{name}"
        for model, definition in Report.model_json_schema()["$defs"].items()
        for name, field in definition.get("properties", {}).items()
        if "description" not in field
    ]
    assert undocumented == []
