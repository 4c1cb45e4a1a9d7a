"""The base of every model: immutable, no unknown fields, field docstrings in the JSON Schema.

Input is validated: a platform profile, the provider data files, a report read back from
JSON (``model_validate``). What the library builds itself (facts, findings, changes,
reports) is constructed with ``model_construct``, unvalidated: mypy checks each of those
calls field by field (the pydantic plugin types ``model_construct``, where it leaves
``__init__``'s values untyped), the test suite reads every report a test builds back through
the validators (tests/conftest.py), and a domain check builds no validator but the provider
data's (3 % of a one-domain check's instructions, docs/performance.md). The two built from
untyped dictionaries (an HTTPS fetch's result, an SMTP session's record) are validated.

Modules that define models keep their annotations as objects (no ``from __future__ import
annotations``): pydantic compiles and evaluates each string annotation when it creates the
class, 2 % of a one-domain check's start-up (tests/test_packaging.py keeps it so).
"""

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable
from enum import Enum
from typing import Any, Self, cast

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


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

    # The pydantic mypy plugin types model_construct per class from its fields (this base
    # has none), as it does for every subclass: mypy compares that with BaseModel's.
    @classmethod
    def model_construct(  # type: ignore[override]
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """pydantic's ``model_construct``, with each class's defaults read once.

        pydantic's reads the signature of every default factory (``inspect``) and copies
        every static default, for each field left out, on every call: 4 % of a batch's
        instructions per domain, where facts are made by the thousand (docs/performance.md).
        The same instance comes out: the given fields, then the defaults, in field order.
        """
        defaults = _defaults(cls)
        if defaults is None:  # aliases or a post-init hook: pydantic's own, which knows them
            return super().model_construct(_fields_set, **values)
        fields: dict[str, Any] = {}
        for name, default, factory in defaults:
            if name in values:
                fields[name] = values[name]
            elif factory is not None:
                fields[name] = factory()
            elif default is not PydanticUndefined:
                fields[name] = default
        instance = cls.__new__(cls)
        _set = object.__setattr__
        _set(instance, "__dict__", fields)
        _set(
            instance, "__pydantic_fields_set__", set(values) if _fields_set is None else _fields_set
        )
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance


_Default = tuple[str, Any, Callable[[], Any] | None]
"""A field's name, its shared default (or ``PydanticUndefined``), and the factory that makes
its default otherwise (None for a required field or a shared default)."""
_DEFAULTS: dict[type[Model], tuple[_Default, ...] | None] = {}
_SHARED_DEFAULTS = (type(None), bool, int, float, str, Enum)
"""Defaults an instance may share with every other: immutable. Any other static default
(``{}`` …) is copied for each instance, as pydantic does."""


def _defaults(model: type[Model]) -> tuple[_Default, ...] | None:
    """Each field's default, read once per class; None when pydantic's ``model_construct``
    is needed (an alias, a post-init hook)."""
    if model not in _DEFAULTS:
        fields = model.__pydantic_fields__
        plain = not model.__pydantic_post_init__ and all(
            field.alias is None and field.validation_alias is None for field in fields.values()
        )
        _DEFAULTS[model] = (
            tuple(_default(name, field) for name, field in fields.items()) if plain else None
        )
    return _DEFAULTS[model]


def _default(name: str, field: FieldInfo) -> _Default:
    if field.default_factory is not None:
        if field.default_factory_takes_validated_data:
            raise TypeError(f"{name}: a default factory here takes no argument")
        return name, PydanticUndefined, cast(Callable[[], Any], field.default_factory)
    if field.default is PydanticUndefined or isinstance(field.default, _SHARED_DEFAULTS):
        return name, field.default, None
    return name, PydanticUndefined, functools.partial(field.get_default, call_default_factory=False)


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
