"""The public face of deliverability.spf: changes only on purpose."""

from __future__ import annotations

import inspect

import deliverability
from deliverability import spf


def test_exported_names() -> None:
    assert spf.__all__ == [
        "DEFAULT_DEADLINE",
        "MAX_LOOKUPS",
        "MAX_VOID_LOOKUPS",
        "IncludeTree",
        "Mechanism",
        "Modifier",
        "Record",
        "SpfEvaluation",
        "SpfNode",
        "SpfResult",
        "SpfSyntaxError",
        "TraceStep",
        "check_host",
        "is_spf_record",
        "parse_record",
        "walk",
    ]


def test_check_host_takes_keywords_only() -> None:
    parameters = inspect.signature(deliverability.spf.check_host).parameters
    assert list(parameters) == ["ip", "domain", "sender", "helo", "resolver", "record", "deadline"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())


def test_results_are_the_seven_names() -> None:
    assert [r.value for r in spf.SpfResult] == [
        "none",
        "neutral",
        "pass",
        "fail",
        "softfail",
        "temperror",
        "permerror",
    ]
    assert spf.SpfResult("softfail") == "softfail"
