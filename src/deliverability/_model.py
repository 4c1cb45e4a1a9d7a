"""The base of every model: immutable, no unknown fields, field docstrings in the JSON Schema.

Input is validated: a platform profile, the provider data files, a report read back from
JSON (``model_validate``). What the library builds itself (facts, findings, changes,
reports) is constructed with ``model_construct``, unvalidated: mypy checks each of those
calls field by field (the pydantic plugin types ``model_construct``, where it leaves
``__init__``'s values untyped), the test suite reads every report a test builds back through
the validators (tests/conftest.py), and a domain check builds no validator but the provider
data's (docs/performance.md: 9 % of a batch's CPU per domain, 3 % of a one-domain
check's start-up). The two built from untyped dictionaries (an HTTPS fetch's result, an SMTP
session's record) are validated.

Modules that define models keep their annotations as objects (no ``from __future__ import
annotations``): pydantic compiles and evaluates each string annotation when it creates the
class, 2 % of a one-domain check's start-up (tests/test_packaging.py keeps it so).
"""

import ast
import inspect
import textwrap
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


def _describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Each property's description from its attribute docstring, read when a JSON Schema is
    asked for. pydantic's ``use_attribute_docstrings`` reads the sources of every model when
    its class is created, which cost a fifth of a second of every command's start-up for the
    benefit of the schema alone (docs/performance.md)."""
    docstrings = attribute_docstrings(model)
    for name, field in schema.get("properties", {}).items():
        if name in docstrings:
            field.setdefault("description", docstrings[name])


def empty_list() -> list[Any]:
    """The ``default_factory`` of a list field, rather than ``list``: pydantic inspects the
    signature of every factory when it builds a model, and a builtin's signature is parsed
    from its text each time: 3 % of a one-domain check's instructions, for its 85 list and
    dict fields (docs/performance.md). A function's signature is read from its code."""
    return []


def empty_dict() -> dict[Any, Any]:
    """The ``default_factory`` of a dict field, rather than ``dict`` (see :func:`empty_list`)."""
    return {}


class Model(BaseModel):
    """Base policy for reports, facts and profiles.

    Validators are built when a model is first validated, not when its class is created
    (``defer_build``): a domain check never validates most of the message, SMTP and inbox
    models, and building them all at import took some 4 % of its start-up.
    """

    model_config = ConfigDict(
        defer_build=True, frozen=True, extra="forbid", json_schema_extra=_describe_fields
    )


def attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """``{field: docstring}`` for the string literals that follow annotated attributes in the
    class bodies of ``model`` and its bases (a subclass's docstring wins)."""
    docstrings: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not issubclass(cls, Model) or cls is Model:
            continue
        (body,) = ast.parse(textwrap.dedent(inspect.getsource(cls))).body
        assert isinstance(body, ast.ClassDef)
        for statement, following in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                docstrings[statement.target.id] = inspect.cleandoc(following.value.value)
    return docstrings


def problems(error: ValidationError, *, whole: str) -> str:
    """A validation error as one line, ``field: message; …``, never with the values given
    (one may be a password); ``whole`` names a problem of the input as a whole."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or whole}: {item['msg']}"
        for item in error.errors(include_input=False, include_url=False)
    )
