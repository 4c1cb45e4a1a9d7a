"""The base of every model: immutable, no unknown fields, field docstrings in the JSON Schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError


class Model(BaseModel):
    """Base policy for reports, facts and profiles."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


def problems(error: ValidationError, *, whole: str) -> str:
    """A validation error as one line, ``field: message; …``, never with the values given
    (one may be a password); ``whole`` names a problem of the input as a whole."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or whole}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)
    )
