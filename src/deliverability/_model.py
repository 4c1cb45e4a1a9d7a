"""The base of every model: immutable, no unknown fields, field docstrings in the JSON Schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base policy for reports, facts and profiles."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)
