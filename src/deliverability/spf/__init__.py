"""The SPF engine: record parser, macro expansion, check_host() and the include-tree walk.

    result = await deliverability.spf.check_host(
        ip="192.0.2.25", domain="example.com", sender="billing@example.com",
        helo="out1.platform.example", resolver=deliverability.dns.Resolver(),
    )
    result.result       # SpfResult.SOFTFAIL ("softfail")
    result.matched      # "~all"
    result.explanation  # the exp= text of a fail, or None
    result.trace        # every record, term and DNS lookup, in order

:func:`walk` visits the whole include tree and counts lookups as RFC 7208 §4.6.4 does;
both accept ``record=`` to evaluate a candidate record that is not published yet.

The parser and the limits load with the package; the evaluator (which needs the resolver)
loads on first use, so rules that only parse records stay free of the network.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from deliverability.facts.spf import IncludeTree, SpfEvaluation, SpfNode, SpfResult, TraceStep
from deliverability.spf._limits import MAX_LOOKUPS, MAX_VOID_LOOKUPS
from deliverability.spf._record import (
    Mechanism,
    Modifier,
    Record,
    SpfSyntaxError,
    is_spf_record,
    parse_record,
)

if TYPE_CHECKING:
    from deliverability.spf._evaluator import DEFAULT_DEADLINE, check_host, walk

_EVALUATOR = frozenset({"DEFAULT_DEADLINE", "check_host", "walk"})


def __getattr__(name: str) -> Any:
    # PEP 562: the evaluator is imported the first time one of its names is asked for.
    if name in _EVALUATOR:
        return getattr(importlib.import_module("deliverability.spf._evaluator"), name)
    raise AttributeError(f"module 'deliverability.spf' has no attribute {name!r}")


__all__ = [
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
