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
"""

from deliverability.facts.spf import IncludeTree, SpfEvaluation, SpfNode, SpfResult, TraceStep
from deliverability.spf._evaluator import (
    DEFAULT_DEADLINE,
    MAX_LOOKUPS,
    MAX_VOID_LOOKUPS,
    check_host,
    walk,
)
from deliverability.spf._record import (
    Mechanism,
    Modifier,
    Record,
    SpfSyntaxError,
    is_spf_record,
    parse_record,
)

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
