"""One SPF evaluation as text for a terminal: the verdict, then the trace, indented by include depth."""

from __future__ import annotations

from deliverability.codes import finding
from deliverability.codes import spf as spf_codes
from deliverability.facts.spf import SpfEvaluation, SpfNode
from deliverability.render._escape import safe
from deliverability.spf._ranges import wide_ranges

_MAX_TREE_DEPTH = 12


def render(evaluation: SpfEvaluation) -> str:
    lines = [f"{safe(evaluation.domain)} for {evaluation.ip}: {evaluation.result.value}"]
    if evaluation.matched:
        where = safe(evaluation.matched_domain or "")
        lines.append(f"  matched:      {safe(evaluation.matched)} (in {where})")
    if evaluation.reason:
        lines.append(f"  why:          {safe(str(evaluation.reason))}")
    lines.extend(_wide(evaluation))
    if evaluation.explanation is not None:
        lines.append(f"  explanation:  {safe(evaluation.explanation)}")
    lines.append(
        f"  DNS lookups:  {evaluation.lookups} of 10, void lookups {evaluation.void_lookups} of 2"
    )
    lines.append(
        f"  sender:       {safe(evaluation.sender)}"
        + (f", HELO {safe(evaluation.helo)}" if evaluation.helo else "")
    )
    if evaluation.tree is not None and evaluation.tree.record is not None:
        lines.append("records:")
        lines.extend(_tree(evaluation.tree, 1))
    lines.append("trace:")
    for step in evaluation.trace:
        outcome = f"  → {safe(step.outcome)}" if step.outcome else ""
        lines.append(f"{'  ' * (step.depth + 1)}{step.kind:<7}{safe(step.text)}{outcome}")
    return "\n".join(lines)


def _wide(evaluation: SpfEvaluation) -> list[str]:
    """The result stays what RFC 7208 says (a /0 passes every address), but a pass from a
    range that wide proves nothing: say so beside it, in the words of the finding."""
    if evaluation.tree is None:
        return []
    lines = []
    for wide in wide_ranges(evaluation.tree):
        warning = finding(
            spf_codes.PERMISSIVE_RANGE,
            {
                "domain": evaluation.domain,
                "record": wide.domain,
                "term": wide.term,
                "family": wide.family,
                "prefix": wide.prefix,
                "share": wide.share,
            },
        )
        lines.append(f"  warning:      {safe(warning.title)} [{warning.code}]")
    return lines


def _tree(node: SpfNode, depth: int) -> list[str]:
    via = f"{safe(node.via)} → " if node.via else ""
    shown = node.record if node.record is not None else str(node.error or "no record")
    lines = [f"{'  ' * depth}{via}{safe(node.domain)}: {safe(shown)}"]
    if depth < _MAX_TREE_DEPTH:
        for child in node.children:
            lines.extend(_tree(child, depth + 1))
    return lines
