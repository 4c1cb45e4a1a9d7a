"""One SPF evaluation as text for a terminal: the verdict, then the trace, indented by include depth."""

from __future__ import annotations

from deliverability.facts.spf import SpfEvaluation, SpfNode
from deliverability.render._escape import safe

_MAX_TREE_DEPTH = 12


def render(evaluation: SpfEvaluation) -> str:
    lines = [f"{evaluation.domain} for {evaluation.ip}: {evaluation.result.value}"]
    if evaluation.matched:
        lines.append(f"  matched:      {safe(evaluation.matched)} (in {evaluation.matched_domain})")
    if evaluation.reason:
        lines.append(f"  why:          {safe(evaluation.reason)}")
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


def _tree(node: SpfNode, depth: int) -> list[str]:
    via = f"{safe(node.via)} → " if node.via else ""
    shown = node.record if node.record is not None else node.error or "no record"
    lines = [f"{'  ' * depth}{via}{safe(node.domain)}: {safe(shown)}"]
    if depth < _MAX_TREE_DEPTH:
        for child in node.children:
            lines.extend(_tree(child, depth + 1))
    return lines
