"""Each path's trace and tree kept once, as the platform's addresses are evaluated in turn.

The platform's addresses, evaluated against the same records, mostly take one path: the same
result, decided by the same term after as many lookups. An evaluation whose path an earlier
one took keeps its result and a one-line trace naming that address. The trace and tree are
dropped as each evaluation ends, not once all have: 16 addresses through a hostile include
tree would otherwise be 16 traces held at once by every diagnosis of a batch in flight, and
16 copies in every report.
"""

from __future__ import annotations

from deliverability.facts.spf import SpfEvaluation, TraceStep


class OneTracePerPath:
    """Remembers the first address of each path; :meth:`keep` each evaluation as it ends."""

    def __init__(self) -> None:
        self._first: dict[tuple[object, ...], str] = {}

    def keep(self, evaluation: SpfEvaluation) -> SpfEvaluation:
        """``evaluation`` itself if its path is new, else a copy with a one-line trace, no tree."""
        path = (
            evaluation.result,
            evaluation.matched,
            evaluation.matched_domain,
            str(evaluation.reason or ""),  # a Phrase: its English text is the key
            evaluation.lookups,
            evaluation.void_lookups,
        )
        first = self._first.setdefault(path, evaluation.ip)
        if first == evaluation.ip:
            return evaluation
        note = TraceStep.model_construct(
            depth=0, domain=evaluation.domain, kind="note", text=f"same path as for {first}"
        )
        return evaluation.model_copy(update={"trace": [note], "tree": None})
