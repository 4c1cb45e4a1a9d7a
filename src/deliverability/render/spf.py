"""One SPF evaluation as text for a terminal: the verdict, then the trace, indented by include depth.

In English or French like ``check``'s text: the labels and the sentences are catalogue
messages; what DNS and the records said (terms, records, lookups, the trace's notes) is shown
as found, like a finding's evidence, and so are the RFC 7208 result names (``softfail``).
"""

from __future__ import annotations

from deliverability.codes import render as render_code
from deliverability.codes import spf as spf_codes
from deliverability.facts.spf import SpfEvaluation, SpfNode
from deliverability.i18n import N_, Translate, translator
from deliverability.render._escape import safe
from deliverability.report import ParamValue
from deliverability.spf._ranges import wide_ranges

_MAX_TREE_DEPTH = 12

_LABELS = {
    "matched": N_("matched:"),
    "why": N_("why:"),
    "warning": N_("warning:"),
    "explanation": N_("explanation:"),
    "lookups": N_("DNS lookups:"),
    "sender": N_("sender:"),
}

_TERM_OUTCOMES = {"match": N_("match"), "no match": N_("no match"), "followed": N_("followed")}
"""A term's outcome in the trace, in words (other outcomes are DNS outcomes or errors, as found)."""


def render(evaluation: SpfEvaluation, lang: str = "en") -> str:
    _ = translator(lang)
    labels = {key: _(label) for key, label in _LABELS.items()}
    width = max(len(label) for label in labels.values()) + 1  # the values line up in every language

    def line(key: str, value: str) -> str:
        return f"  {labels[key]:<{width}} {value}"

    lines = [
        _(N_("{domain} for {ip}: {result}")).format(
            domain=safe(evaluation.domain), ip=evaluation.ip, result=evaluation.result.value
        )
    ]
    if evaluation.matched:
        where = safe(evaluation.matched_domain or "")
        term = _(N_("{term} (in {domain})")).format(term=safe(evaluation.matched), domain=where)
        lines.append(line("matched", term))
    if evaluation.reason:
        lines.append(line("why", safe(evaluation.reason.render(lang))))
    lines.extend(line("warning", warning) for warning in _wide(evaluation, lang))
    if evaluation.explanation is not None:
        lines.append(line("explanation", safe(evaluation.explanation)))
    counted = _(N_("{lookups} of 10, void lookups {void} of 2")).format(
        lookups=evaluation.lookups, void=evaluation.void_lookups
    )
    lines.append(line("lookups", counted))
    helo = f", HELO {safe(evaluation.helo)}" if evaluation.helo else ""
    lines.append(line("sender", safe(evaluation.sender) + helo))
    if evaluation.tree is not None and evaluation.tree.record is not None:
        lines.append(_(N_("records:")))
        lines.extend(_tree(evaluation.tree, 1, lang))
    lines.append(_(N_("trace:")))
    for step in evaluation.trace:
        said = step.outcome
        if step.kind == "result" and evaluation.reason:  # the reason, kept in English in the trace
            said = evaluation.reason.render(lang)
        outcome = f"  → {safe(_outcome(said, _))}" if said else ""
        lines.append(f"{'  ' * (step.depth + 1)}{step.kind:<7}{safe(step.text)}{outcome}")
    return "\n".join(lines)


def _outcome(outcome: str, gettext: Translate) -> str:
    message = _TERM_OUTCOMES.get(outcome)
    return gettext(message) if message else outcome


def _wide(evaluation: SpfEvaluation, lang: str) -> list[str]:
    """The result stays what RFC 7208 says (a /0 passes every address), but a pass from a
    range that wide proves nothing: say so beside it, in the words of the finding."""
    if evaluation.tree is None:
        return []
    lines = []
    for wide in wide_ranges(evaluation.tree):
        params: dict[str, ParamValue] = {
            "domain": evaluation.domain,
            "record": wide.domain,
            "term": wide.term,
            "family": wide.family,
            "prefix": wide.prefix,
            "share": wide.share,
        }
        title = render_code(spf_codes.PERMISSIVE_RANGE, params, lang)[0]
        lines.append(f"{safe(title)} [{spf_codes.PERMISSIVE_RANGE.code}]")
    return lines


def _tree(node: SpfNode, depth: int, lang: str) -> list[str]:
    via = f"{safe(node.via)} → " if node.via else ""
    if node.record is not None:
        shown = node.record
    elif node.error is not None:
        shown = node.error.render(lang)
    else:
        shown = translator(lang)(N_("no record"))
    lines = [f"{'  ' * depth}{via}{safe(node.domain)}: {safe(shown)}"]
    if depth < _MAX_TREE_DEPTH:
        for child in node.children:
            lines.extend(_tree(child, depth + 1, lang))
    return lines
