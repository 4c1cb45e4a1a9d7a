"""The models' ``model_construct`` (deliverability._model) makes what pydantic's makes."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from pydantic import BaseModel

import deliverability
from deliverability._model import Model
from deliverability.facts.phrase import Phrase
from deliverability.facts.spf import SpfNode
from deliverability.report import Finding, Severity


def _every_model() -> list[type[Model]]:
    for module in pkgutil.walk_packages(deliverability.__path__, "deliverability."):
        if not module.name.startswith(("deliverability.__main__", "deliverability.cli")):
            importlib.import_module(module.name)
    found: list[type[Model]] = []
    pending: list[type[Model]] = [Model]
    while pending:
        model = pending.pop()
        found += [sub for sub in model.__subclasses__() if sub not in found]
        pending += model.__subclasses__()
    return sorted(set(found), key=lambda model: f"{model.__module__}.{model.__qualname__}")


def _ours(model: type[Model], **values: Any) -> Model:
    # Called on the class, not through it: tests/conftest.py checks Report.model_construct.
    return Model.model_construct.__func__(model, **values)  # type: ignore[attr-defined,no-any-return]


def _pydantics(model: type[Model], **values: Any) -> Model:
    return BaseModel.model_construct.__func__(model, **values)  # type: ignore[attr-defined,no-any-return]


def _state(instance: Model) -> tuple[dict[str, Any], set[str], Any, Any]:
    return (
        instance.__dict__,
        instance.__pydantic_fields_set__,
        instance.__pydantic_extra__,
        instance.__pydantic_private__,
    )


@pytest.mark.parametrize("model", _every_model(), ids=lambda model: model.__qualname__)
def test_defaults_are_those_of_pydantic(model: type[Model]) -> None:
    ours, theirs = _ours(model), _pydantics(model)
    assert _state(ours) == _state(theirs)
    assert list(ours.__dict__) == list(theirs.__dict__)


def test_given_values_are_kept_and_the_rest_defaulted() -> None:
    values: dict[str, Any] = {
        "code": "mx.ok",
        "check": "mx",
        "severity": Severity.OK,
        "title": "t",
        "detail": "d",
        "fix": "",
    }
    ours, theirs = _ours(Finding, **values), _pydantics(Finding, **values)
    assert _state(ours) == _state(theirs)
    assert ours.model_fields_set == set(values)


def test_no_instance_shares_a_mutable_default() -> None:
    first, second = Phrase.model_construct(template="a"), Phrase.model_construct(template="b")
    assert first.values == {} and first.values is not second.values
    one, other = SpfNode.model_construct(domain="a.test"), SpfNode.model_construct(domain="b.test")
    assert one.children is not other.children
