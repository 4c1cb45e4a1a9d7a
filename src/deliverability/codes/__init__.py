"""The registry of finding codes: one table, split by concern, rendered in either language.

Each concern module (``codes/spf.py`` …) declares its :class:`Code` entries as module-level
symbols (``codes.spf.MULTIPLE``): the stable code, the default severity, and title/detail/fix
templates with named ``{placeholders}``. A rule emits a code symbol plus the values to fill in
(:func:`finding`), so a misspelt code fails at import or in mypy; the text is rendered
in the report's language by :func:`localize`. docs/findings.md is generated from here
(``python tools/findings_doc.py``), and tests check every code is produced and documented.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import ModuleType

from deliverability.codes import (
    auth,
    bimi,
    blocklist,
    content,
    dane,
    dkim,
    dmarc,
    dns,
    dnssec,
    message,
    mta_sts,
    mx,
    ptr,
    receiver,
    requirements,
    sender,
    smtp,
    spf,
    target,
    tls_rpt,
)
from deliverability.codes._code import Code
from deliverability.codes._labels import change_kind_label, check_title, severity_label
from deliverability.facts.phrase import Phrase
from deliverability.i18n import translator
from deliverability.report import (
    Change,
    ChangeKind,
    ChangeType,
    Check,
    Finding,
    ParamValue,
    Report,
    Severity,
)
from deliverability.verdict import summarize

__all__ = [
    "REGISTRY",
    "Code",
    "change",
    "change_kind_label",
    "check_title",
    "finding",
    "localize",
    "render",
    "severity_label",
    "summarized",
]

_MODULES = (
    target,
    dns,
    mx,
    spf,
    dmarc,
    dkim,
    ptr,
    sender,
    requirements,
    smtp,
    mta_sts,
    tls_rpt,
    bimi,
    blocklist,
    dnssec,
    dane,
    message,
    auth,
    receiver,
    content,
)


def _codes_of(module: ModuleType) -> Iterator[Code]:
    """A concern module's codes: its ``Code`` symbols, then any it generates from data."""
    yield from (value for value in vars(module).values() if isinstance(value, Code))
    yield from getattr(module, "GENERATED", {}).values()


def _registry() -> dict[str, Code]:
    registry: dict[str, Code] = {}
    for module in _MODULES:
        for code in _codes_of(module):
            if code.code in registry:
                raise ValueError(f"finding code {code.code} is registered twice")
            registry[code.code] = code
    return registry


REGISTRY: Mapping[str, Code] = _registry()
"""Every finding code, by code."""


def finding(
    code: Code,
    params: Mapping[str, ParamValue] | None = None,
    *,
    evidence: Iterable[str] = (),
    severity: Severity | None = None,
    check: Check | None = None,
) -> Finding:
    """A finding for ``code`` with its templates filled from ``params`` (English text).

    ``severity`` overrides the code's default where the facts make it worse or milder
    (a missing DMARC when the platform needs alignment, say). ``check`` files the finding
    under another check than the code's prefix (``dns.unavailable`` under ``spf``, say).
    """
    values = dict(params or {})
    title, detail, fix = render(code, values, "en")
    return Finding.model_construct(
        code=code.code,
        check=check or code.check,
        severity=severity or code.severity,
        params=values,
        title=title,
        detail=detail,
        fix=fix,
        evidence=[_bounded(line) for line in evidence][:_MAX_EVIDENCE_LINES],
        references=list(code.references),
    )


def change(
    *,
    kind: ChangeKind,
    name: str,
    type: ChangeType,
    proposed: str,
    reasons: Sequence[str],
    current: str | None = None,
    impact: int = 0,
    params: Mapping[str, ParamValue] | None = None,
) -> Change:
    """A recommended change whose ``why`` is made of ``reasons`` (templates marked N_), in English."""
    return Change.model_construct(
        kind=kind,
        name=name,
        label=_label(kind, name, "en"),
        type=type,
        current=current,
        proposed=proposed,
        why=_explain(reasons, params or {}, "en"),
        reasons=list(reasons),
        params=dict(params or {}),
        impact=impact,
    )


def _label(kind: ChangeKind, name: str, lang: str) -> str:
    """A setting's name in ``lang`` (its English name is a msgid); a DNS owner name as is."""
    return name if kind == "dns" else translator(lang)(name)


def _explain(reasons: Sequence[str], params: Mapping[str, ParamValue], lang: str) -> str:
    gettext = translator(lang)
    values = _values(params, lang)
    return " ".join(gettext(reason).format_map(values) for reason in reasons)


def render(entry: Code, params: Mapping[str, ParamValue], lang: str) -> tuple[str, str, str]:
    """Title, detail and fix of ``entry`` in ``lang`` with ``params`` filled in."""
    gettext = translator(lang)
    values = _termed(entry, params, lang)
    title, detail, fix = (
        gettext(template).format_map(values) if template else "" for template in entry.templates
    )
    return title, detail, fix


def _termed(entry: Code, params: Mapping[str, ParamValue], lang: str) -> dict[str, str]:
    """The text each placeholder shows.

    Without terms, as :func:`_values` shows them. With terms (the code's vocabulary), a list
    item ``term/q1/q2`` reads ``term (q1, q2)``, each part translated when it is a term; a
    parameter whose value is a term shows that term's template filled from the other
    parameters, and so does a list of terms that are sentences (ending with a full stop),
    joined with spaces. One level only: a term's template names no term-valued parameter.
    """
    plain = _values(params, lang)
    terms = entry.terms
    if not terms:
        return plain
    plain.update(
        {
            key: ", ".join(
                _listed_word(entry, item, lang) for item in value if isinstance(item, str)
            )
            for key, value in params.items()
            if isinstance(value, list) and all(isinstance(item, str) for item in value)
        }
    )
    filled = dict(plain)
    gettext = translator(lang)
    for key, value in params.items():
        if isinstance(value, str) and value in terms:
            filled[key] = _word(terms, gettext, value, plain)
        elif isinstance(value, list) and value and all(_sentence_term(terms, i) for i in value):
            filled[key] = " ".join(
                _word(terms, gettext, item, plain) for item in value if isinstance(item, str)
            )
    return filled


def _word(
    terms: Mapping[str, str],
    gettext: Callable[[str], str],
    item: str,
    values: Mapping[str, str] | None = None,
) -> str:
    """``term/q1/q2`` as ``term (q1, q2)`` (a term's template filled from ``values``, if given)."""
    head, *qualifiers = item.split("/")
    if head not in terms:
        return item
    text = gettext(terms[head])
    if values is not None:
        text = text.format_map(values)
    shown = [gettext(terms[q]) if q in terms else q for q in qualifiers if q]
    return f"{text} ({', '.join(shown)})" if shown else text


def _listed_word(entry: Code, item: str, lang: str) -> str:
    """A list item as the text shows it. The same few words (``dkim/missing/2024-02-01``)
    recur in every report of a batch, so a short one is rendered once per code and language."""
    if len(item) > _CACHED_WORD_CHARS or item.partition("/")[0] not in entry.terms:
        return item
    return _cached_word(entry, item, lang)


_CACHED_WORD_CHARS = 200
"""Longer list items (none of the vocabulary's) are rendered each time: the cache stays small."""


@functools.lru_cache(maxsize=4096)
def _cached_word(entry: Code, item: str, lang: str) -> str:
    return _word(entry.terms, translator(lang), item)


def _sentence_term(terms: Mapping[str, str], item: object) -> bool:
    """``item`` names a term whose template is a sentence (ends with a full stop)."""
    return isinstance(item, str) and terms.get(item, "").endswith(".")


def localize(report: Report, lang: str) -> Report:
    """The same report with every finding's and change's text rendered in ``lang``."""
    findings = []
    for item in report.findings:
        entry = REGISTRY.get(item.code)
        if entry is None:  # a report saved by a newer version: keep its text
            findings.append(item)
            continue
        title, detail, fix = render(entry, item.params, lang)
        findings.append(item.model_copy(update={"title": title, "detail": detail, "fix": fix}))
    changes = [
        item.model_copy(
            update={
                "why": _explain(item.reasons, item.params, lang) if item.reasons else item.why,
                "label": _label(item.kind, item.name, lang),
            }
        )
        for item in report.changes
    ]
    localized = report.model_copy(update={"findings": findings, "changes": changes, "lang": lang})
    return summarized(localized)


def summarized(report: Report) -> Report:
    """The report with its opening sentence made from its findings (after any filtering)."""
    return report.model_copy(update={"summary": summarize(report)})


_MAX_EVIDENCE_LINES = 50
_MAX_EVIDENCE_CHARS = 2000


def _bounded(line: str) -> str:
    """Evidence is what DNS or a server said: bound its size before it reaches a report."""
    return line if len(line) <= _MAX_EVIDENCE_CHARS else line[:_MAX_EVIDENCE_CHARS] + "…"


def _values(params: Mapping[str, ParamValue], lang: str) -> dict[str, str]:
    """Parameters as text in ``lang``: a :class:`Phrase` (a parser's reason) is rendered in it;
    those named ``*_label`` hold message ids (marked N_), rendered in the language, so a finding
    can name a category (what a blocklist listing means) in words."""
    gettext = translator(lang)
    return {
        key: _format(value, lang, gettext if key.endswith("_label") else None)
        for key, value in params.items()
    }


def _format(value: ParamValue, lang: str, gettext: Callable[[str], str] | None = None) -> str:
    if isinstance(value, Phrase):
        return value.render(lang)
    if isinstance(value, list):
        return ", ".join(
            item.render(lang) if isinstance(item, Phrase) else gettext(item) if gettext else item
            for item in value
        )
    if gettext is not None and isinstance(value, str):
        return gettext(value)
    return "" if value is None else str(value)
