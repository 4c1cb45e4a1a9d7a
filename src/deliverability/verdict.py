"""The one sentence that heads every report: what is wrong, worst first; or that nothing is;
or that the domain could not be checked because its DNS did not answer.

Built from the findings' codes and params (through their titles, already rendered in the
report's language) and the lookups in the facts, so :func:`deliverability.codes.localize`
re-renders it in another language. A support agent reads it to the customer as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from pydantic import BaseModel

from deliverability.facts import LookupFact
from deliverability.i18n import N_, ngettext, translator
from deliverability.report import Finding, Report, Severity

MAX_NAMED = 3
"""Problems named in the sentence; the others are counted ("and 2 more")."""

_RESTATING = "requirements"
"""A receiver's missing requirements restate other findings: named only when nothing else is."""


def summarize(report: Report) -> str:
    """The report's opening sentence, in the report's language."""
    _ = translator(report.lang)
    failed = domain_unavailable(report)
    if failed is not None:
        return _(
            N_("{target} could not be checked: DNS did not answer ({outcome} for {name} {rdtype}).")
        ).format(
            target=report.target, outcome=failed.outcome, name=failed.name, rdtype=failed.rdtype
        )
    unchecked = sorted({str(f.params.get("name")) for f in report.findings if _unavailable(f)})
    problems = _problems(report.findings)
    if not problems:
        if unchecked:
            return _(
                N_(
                    "{target}: nothing is wrong in what could be checked; DNS did not answer for {names}."
                )
            ).format(target=report.target, names=", ".join(unchecked))
        return _(N_("{target}: nothing is wrong.")).format(target=report.target)
    named = functools.reduce(
        lambda first, then: _(N_("{first}; {then}")).format(first=first, then=then),
        (_within_sentence(item, report.lang) for item in problems[:MAX_NAMED]),
    )
    if len(problems) > MAX_NAMED:
        more = len(problems) - MAX_NAMED
        named += ", " + ngettext(
            "and {count} more problem", "and {count} more problems", more, report.lang
        ).format(count=more)
    if unchecked:
        return _(N_("{target}: {problems}; DNS did not answer for {names}.")).format(
            target=report.target, problems=named, names=", ".join(unchecked)
        )
    return _(N_("{target}: {problems}.")).format(target=report.target, problems=named)


def _within_sentence(item: Finding, lang: str) -> str:
    """A title as part of the sentence: a capital the template itself starts with ("No DKIM
    key …", "La politique …") goes lower-case; a name filled in from a value ("Devis Express's
    mail …") and an acronym ("DMARC policy …") keep theirs."""
    from deliverability.codes import REGISTRY  # the registry renders with this module: no cycle

    entry = REGISTRY.get(item.code)
    template = translator(lang)(entry.title) if entry else ""
    title = item.title
    if template[:2].istitle() and template[:2].isalpha() and title[:2] == template[:2]:
        return title[0].lower() + title[1:]
    return title


def _unavailable(item: Finding) -> bool:
    return item.code == "dns.unavailable"


def _problems(findings: list[Finding]) -> list[Finding]:
    """Findings from warning up, worst first (report order among equals), requirements last
    and only when nothing else states the problem."""
    problems = [f for f in findings if f.severity >= Severity.WARNING and not _unavailable(f)]
    own = [f for f in problems if f.check != _RESTATING] or problems
    return sorted(own, key=lambda item: -item.severity.rank)


def domain_unavailable(report: Report) -> LookupFact | None:
    """The first failed lookup when every lookup about the report's domain failed (its own
    names and those below it: _dmarc, selectors), else None."""
    domain = report.domain.lower()
    about = [
        lookup
        for lookup in lookups(report.facts)
        if (name := lookup.name.lower().rstrip(".")) == domain or name.endswith("." + domain)
    ]
    return about[0] if about and all(lookup.failed for lookup in about) else None


def dns_unavailable(report: Report) -> bool:
    """True when every DNS lookup of the diagnosis failed: nothing about the target is known.

    Decided on the facts, not the findings: a check may still conclude something (that a
    requirement is unchecked, say) when DNS told it nothing.
    """
    found = lookups(report.facts)
    return bool(found) and all(lookup.failed for lookup in found)


def lookups(value: object) -> list[LookupFact]:
    """Every lookup recorded anywhere in the facts (their models nest a few levels at most)."""
    found: list[LookupFact] = []
    _collect_lookups(value, found)
    return found


def _collect_lookups(value: object, found: list[LookupFact]) -> None:
    # Walked for every report of a batch: a model's values come from its ``__dict__`` (its
    # fields), and texts and numbers, most of the facts, are skipped without a call.
    if isinstance(value, LookupFact):
        found.append(value)
        return
    if isinstance(value, BaseModel):
        children: Iterable[object] = value.__dict__.values()
    elif isinstance(value, list | tuple):
        children = value
    elif isinstance(value, dict):
        children = value.values()
    else:
        return
    for child in children:
        if type(child) not in _LEAVES:
            _collect_lookups(child, found)


_LEAVES = frozenset({str, int, float, bool, bytes, type(None)})
