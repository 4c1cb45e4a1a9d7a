"""What the large receivers require of senders, checked against the facts.

Each receiver's data file (``providers/data/gmail.toml`` …) lists its requirements: a need
(SPF, DKIM, DMARC, alignment, PTR, TLS, HELO), for every sender or for bulk senders only, from
an enforcement date. Each need is judged from the facts as met, missing or not checked; a fact
not gathered (no platform profile, a lookup that failed, TLS which DNS cannot show) is "not
checked", never "missing". The severity: error when a requirement for every sender is missing,
warning when only bulk-sender ones are, info when nothing is missing but some could not be
checked, ok when everything is met (docs/providers.md).

A free-mail domain gets no requirements finding: the platform cannot send as it at all
(``sender.freemail``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from deliverability import blocklists, providers
from deliverability.checks import spf as spf_rules
from deliverability.checks.alignment import assess
from deliverability.checks.dkim import usable
from deliverability.checks.dmarc import valid_record
from deliverability.codes import REGISTRY, Code, finding, render
from deliverability.codes import blocklist as blocklist_codes
from deliverability.codes import dkim as dkim_codes
from deliverability.codes import dmarc as dmarc_codes
from deliverability.codes import ptr as ptr_codes
from deliverability.codes import requirements as requirement_codes
from deliverability.codes import spf as spf_codes
from deliverability.context import Context
from deliverability.domains import organizational_domain
from deliverability.facts import Facts
from deliverability.providers import Provider, Requirement, SenderRequirements
from deliverability.providers.model import Need
from deliverability.report import Finding, ParamValue, Severity

Status = Literal["met", "missing", "unchecked"]
Judgement = Literal["met", "missing", "dns", "unseen", "envelope", "not_asked", "unknown"]
"""met, missing, or why it could not be checked: DNS failed (dns), no DNS record shows it
(unseen: the platform's TLS), SPF is judged on the platform's envelope domain (envelope), the
blocklists were not asked (not_asked: they are opt-in), or nothing to judge it against
(unknown: no profile, no selector, no sending address)."""

STATED_BY: Mapping[str, tuple[Code, ...]] = {
    "spf_or_dkim": (
        spf_codes.MISSING,
        spf_codes.PLATFORM_NOT_AUTHORIZED,
        dkim_codes.MISSING,
        dkim_codes.REVOKED,
    ),
    "spf": (
        spf_codes.MISSING,
        spf_codes.MULTIPLE,
        spf_codes.SYNTAX,
        spf_codes.TOO_MANY_LOOKUPS,
        spf_codes.PLATFORM_NOT_AUTHORIZED,
        spf_codes.LOOP,
        spf_codes.TOO_MANY_MX_RECORDS,
        spf_codes.PERMISSIVE_RANGE,
        spf_codes.INCLUDE_INVALID,
    ),
    "dkim": (dkim_codes.MISSING, dkim_codes.REVOKED, dkim_codes.SYNTAX, dkim_codes.WEAK_KEY),
    "dmarc": (dmarc_codes.MISSING, dmarc_codes.MULTIPLE, dmarc_codes.SYNTAX),
    "alignment": (dmarc_codes.UNALIGNED,),
    "ptr": (ptr_codes.MISSING, ptr_codes.MISMATCH),
    "helo": (ptr_codes.HELO_UNRESOLVED, ptr_codes.HELO_MISMATCH),
    "tls": (),
    "not_blocklisted": (blocklist_codes.LISTED, blocklist_codes.RANGE_LISTED),
}
"""The findings that already state a missing need: a requirement refers to them, not repeats them."""


def status(judgement: Judgement) -> Status:
    """met, missing, or unchecked (whatever the reason)."""
    if judgement == "met" or judgement == "missing":
        return judgement
    return "unchecked"


def check(facts: Facts, context: Context) -> list[Finding]:
    if context.provider_domain:
        return []
    judged = judge(facts, context)
    return [_finding(receiver, judged, context.domain) for receiver in _receivers()]


class _Receiver(NamedTuple):
    provider: Provider
    requirements: SenderRequirements
    references: tuple[str, ...]
    """The sources of its requirements, as a finding cites them."""


@functools.cache
def _receivers() -> tuple[_Receiver, ...]:
    """The providers with requirements (the data files do not change during a run, and their
    references are the same for every domain: made once, not once per report)."""
    return tuple(
        _Receiver(
            provider,
            provider.requirements,
            tuple(
                dict.fromkeys(
                    line
                    for fact in (provider.requirements, *provider.requirements.items)
                    for line in provider.cite(fact)
                )
            ),
        )
        for provider in providers.all_providers()
        if provider.requirements is not None
    )


def refer(findings: Sequence[Finding]) -> list[Finding]:
    """The findings, each requirements finding naming the findings that already state what it
    misses (its fix then points to them instead of repeating them)."""
    present = {f.code for f in findings if f.severity >= Severity.WARNING}
    referred = []
    for item in findings:
        missing = item.params.get("missing_needs") if item.check == "requirements" else None
        needs = (
            [need for need in missing if isinstance(need, str)] if isinstance(missing, list) else []
        )
        see = [
            code
            for code in dict.fromkeys(c.code for need in needs for c in STATED_BY.get(need, ()))
            if code in present
        ]
        if see:
            item = _rerendered(item, {"see": see, "remedy": "fix_refer"})
        referred.append(item)
    return referred


def judge(facts: Facts, context: Context) -> dict[Need, Judgement]:
    """Every need, judged from the facts."""
    spf, dkim = _spf(facts, context), _dkim(facts, context)
    return {
        "spf_or_dkim": _either(spf, dkim),
        "spf": spf,
        "dkim": dkim,
        "dmarc": _dmarc(facts),
        "alignment": _alignment(facts, context, spf),
        "ptr": _ptr(facts),
        # The platform's outgoing TLS shows in no DNS record; MTA-STS and --smtp show the
        # receiving side of the domain, not how the platform sends.
        "tls": "unseen",
        "helo": _helo(facts),
        "not_blocklisted": _not_blocklisted(facts, context),
    }


def _either(first: Judgement, second: Judgement) -> Judgement:
    """Met when one is met, missing when both are, else why the first unchecked one is."""
    if "met" in (first, second):
        return "met"
    if first == second == "missing":
        return "missing"
    return first if first != "missing" else second


def _spf(facts: Facts, context: Context) -> Judgement:
    judged = _spf_results(facts, context)
    # A record that passes here but that the SPF check finds an error in (a loop, more than
    # 10 MX names, a whole-internet range …) is not what receivers ask for.
    return "missing" if judged == "met" and spf_rules.failing(facts, context) else judged


def _spf_results(facts: Facts, context: Context) -> Judgement:
    spf, platform = facts.spf, context.platform
    if spf is None:
        return "unknown"
    if spf.lookup.failed:
        return "dns"
    if platform is None:
        return "met" if spf.record and not spf.syntax_error else "missing"
    if organizational_domain(platform.return_path_domain) != organizational_domain(context.domain):
        return (
            "envelope"  # SPF is checked on the platform's own envelope domain, not looked up here
        )
    results = {evaluation.result for evaluation in spf.platform_results}
    if not results:
        return "unknown"
    if "temperror" in results:
        return "dns"
    return "met" if results == {"pass"} else "missing"


def _dkim(facts: Facts, context: Context) -> Judgement:
    if facts.dkim is None:
        return "unknown"
    selectors = facts.dkim.selectors
    if context.platform is not None:
        # The platform signs with these selectors as d=<domain>: without the key, they fail.
        selectors = [selector for selector in selectors if selector.source == "platform"]
        if selectors and not any(usable(s.record) or s.record.lookup.failed for s in selectors):
            return "missing"
    if any(usable(selector.record) for selector in selectors):
        return "met"
    return "dns" if any(s.record.lookup.failed for s in selectors) else "unknown"


def _dmarc(facts: Facts) -> Judgement:
    dmarc = facts.dmarc
    if dmarc is None:
        return "unknown"
    if any(lookup.failed for lookup in dmarc.lookups):
        return "dns"
    return "met" if valid_record(dmarc) is not None else "missing"


def _alignment(facts: Facts, context: Context, spf: Judgement) -> Judgement:
    """DMARC passes: SPF passes for an aligned envelope domain, or DKIM signs as the From domain."""
    alignment = assess(facts, context)
    if alignment is None:
        return "unknown"
    through_spf: Judgement = spf if alignment.spf else "missing"
    through_dkim: Judgement = {True: "met", False: "missing", None: "dns"}[alignment.dkim]  # type: ignore[assignment]
    return _either(through_spf, through_dkim)


def _ptr(facts: Facts) -> Judgement:
    if facts.ptr is None or not facts.ptr.addresses:
        return "unknown"
    judged: set[Judgement] = set()
    for reverse in facts.ptr.addresses:
        if reverse.confirmed:
            judged.add("met")
        elif reverse.lookup.failed or any(name.lookup.failed for name in reverse.names):
            judged.add("dns")
        else:
            judged.add("missing")
    return "missing" if "missing" in judged else "dns" if "dns" in judged else "met"


def _helo(facts: Facts) -> Judgement:
    helo = facts.ptr.helo if facts.ptr else None
    if helo is None:
        return "unknown"
    if helo.addresses:
        return "met"
    return "dns" if any(lookup.failed for lookup in helo.lookups) else "missing"


_BLOCKLIST_STATUS: dict[str, Judgement] = {
    "listed": "missing",
    "clean": "met",
    "not_tested": "dns",  # a list that refused or did not answer this resolver
}


def _not_blocklisted(facts: Facts, context: Context) -> Judgement:
    """The sending side — the platform's addresses, or the domain itself — on no blocklist that
    lists single senders (``check --blocklists``); a refused or failed query is "not checked"."""
    if facts.blocklist is None:
        return "not_asked"
    catalogue = context.options.blocklists or blocklists.catalogue()
    statuses: set[Judgement] = set()
    for item, query, verdict in blocklists.readings(facts.blocklist, catalogue):
        if item.informational or query.role not in ("platform", "domain"):
            continue
        statuses.add(_BLOCKLIST_STATUS[verdict.outcome])
    if "missing" in statuses:
        return "missing"
    if statuses == {"met"}:
        return "met"
    return "dns" if "dns" in statuses else "unknown"


def _finding(receiver: _Receiver, judged: Mapping[Need, Judgement], domain: str) -> Finding:
    provider, requirements = receiver.provider, receiver.requirements
    items = requirements.items
    missing = [item for item in items if judged[item.need] == "missing"]
    unchecked = [item for item in items if status(judged[item.need]) == "unchecked"]
    if any(item.scope == "all" for item in missing):
        severity, verdict, remedy = Severity.ERROR, "verdict_missing", "fix_missing"
    elif missing:
        severity, verdict, remedy = Severity.WARNING, "verdict_missing_bulk", "fix_missing"
    elif unchecked:
        severity, verdict, remedy = Severity.INFO, "verdict_unchecked", ""
    else:
        severity, verdict, remedy = Severity.OK, "verdict_met", ""
    for_all = [_word(item, judged) for item in items if item.scope == "all"]
    for_bulk = [_word(item, judged) for item in items if item.scope == "bulk"]
    sentences = ["for_all"] if for_all else []
    sentences += ["for_bulk"] if for_bulk else []
    sentences += ["threshold"] if requirements.bulk_threshold and for_bulk else []
    params: dict[str, ParamValue] = {
        "receiver": provider.name,
        "domain": domain,
        "verdict": verdict,
        "missing_count": len(missing),
        "missing": [
            item.need + ("/bulk" if item.scope == "bulk" and verdict == "verdict_missing" else "")
            for item in missing
        ],
        "missing_needs": [str(item.need) for item in missing],
        "unchecked": [f"{item.need}/{judged[item.need]}" for item in unchecked],
        "sentences": sentences,
        "all_items": for_all,
        "bulk_items": for_bulk,
        "remedy": remedy,
        "see": [],
    }
    if requirements.bulk_threshold:
        params["threshold"] = requirements.bulk_threshold
    item = finding(
        requirement_codes.GENERATED[provider.id],
        params,
        evidence=[f"{item.need} ({item.scope}): {judged[item.need]}" for item in items],
        severity=severity,
    )
    return item.model_copy(update={"references": [*item.references, *receiver.references]})


def _word(item: Requirement, judged: Mapping[Need, Judgement]) -> str:
    """``dkim/missing/2024-02-01``: the need, how it was judged, and since when it is enforced."""
    return "/".join(part for part in (item.need, judged[item.need], str(item.since or "")) if part)


def _rerendered(item: Finding, update: Mapping[str, ParamValue]) -> Finding:
    """The finding with some params changed and its text made again (still English)."""
    params = {**item.params, **update}
    title, detail, fix = render(REGISTRY[item.code], params, "en")
    return item.model_copy(update={"params": params, "title": title, "detail": detail, "fix": fix})
