"""RFC 7208 §4.6.4's processing limits: what the evaluator enforces and the rules quote."""

MAX_LOOKUPS = 10
"""Terms that cause DNS lookups (include, a, mx, ptr, exists, redirect) in one evaluation."""
MAX_VOID_LOOKUPS = 2
"""Lookups that return no answer (NXDOMAIN or no data) before the result is permerror."""
MAX_MX_NAMES = 10
"""Exchanges an ``mx`` term may look up the addresses of."""
MAX_PTR_NAMES = 10
"""PTR names a ``ptr`` term or the ``%{p}`` macro may validate."""
