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

from typing import Literal

from deliverability import blocklists, providers
from deliverability.checks import spf as spf_rules
from deliverability.checks.alignment import assess
from deliverability.checks.dkim import usable
from deliverability.checks.dmarc import valid_record
from deliverability.codes import finding
from deliverability.codes import requirements as requirements_codes
from deliverability.context import Context
from deliverability.domains import organizational_domain
from deliverability.facts import Facts
from deliverability.providers import Provider, Requirement, SenderRequirements
from deliverability.providers.model import Need
from deliverability.report import Finding, Severity

Status = Literal["met", "missing", "unchecked"]


LABELS: dict[Need, str] = {
    "spf_or_dkim": "SPF|DKIM",
    "spf": "SPF",
    "dkim": "DKIM",
    "dmarc": "DMARC",
    "alignment": "DMARC=pass",
    "ptr": "PTR",
    "tls": "TLS",
    "helo": "HELO",
    "not_blocklisted": "DNSBL",
}
"""How each need is named in findings: protocol names, the same in every language."""

_NONE = "—"


def check(facts: Facts, context: Context) -> list[Finding]:
    if context.provider_domain:
        return []
    statuses = judge(facts, context)
    return [
        _finding(provider, provider.requirements, statuses, context.domain)
        for provider in providers.all_providers()
        if provider.requirements is not None
    ]


def judge(facts: Facts, context: Context) -> dict[Need, Status]:
    """Every need, judged from the facts."""
    spf, dkim = _spf(facts, context), _dkim(facts, context)
    either: Status = (
        "met" if "met" in (spf, dkim) else "missing" if spf == dkim == "missing" else "unchecked"
    )
    return {
        "spf_or_dkim": either,
        "spf": spf,
        "dkim": dkim,
        "dmarc": _dmarc(facts),
        "alignment": _alignment(facts, context, spf),
        "ptr": _ptr(facts),
        # The platform's outgoing TLS shows in no DNS record; MTA-STS and --smtp show the
        # receiving side of the domain, not how the platform sends.
        "tls": "unchecked",
        "helo": _helo(facts),
        "not_blocklisted": _not_blocklisted(facts, context),
    }


def _spf(facts: Facts, context: Context) -> Status:
    status = _spf_results(facts, context)
    # A record that passes here but that the SPF check finds an error in (a loop, more than
    # 10 MX names, a whole-internet range …) is not what receivers ask for.
    return "missing" if status == "met" and spf_rules.failing(facts, context) else status


def _spf_results(facts: Facts, context: Context) -> Status:
    spf, platform = facts.spf, context.platform
    if spf is None or spf.lookup.failed:
        return "unchecked"
    if platform is None:
        return "met" if spf.record and not spf.syntax_error else "missing"
    if organizational_domain(platform.return_path_domain) != organizational_domain(context.domain):
        return (
            "unchecked"  # SPF is checked on the platform's own envelope domain, not looked up here
        )
    results = {evaluation.result for evaluation in spf.platform_results}
    if not results or "temperror" in results:
        return "unchecked"
    return "met" if results == {"pass"} else "missing"


def _dkim(facts: Facts, context: Context) -> Status:
    if facts.dkim is None:
        return "unchecked"
    selectors = facts.dkim.selectors
    if context.platform is not None:
        # The platform signs with these selectors as d=<domain>: without the key, they fail.
        selectors = [selector for selector in selectors if selector.source == "platform"]
        if selectors and not any(usable(s.record) or s.record.lookup.failed for s in selectors):
            return "missing"
    return "met" if any(usable(selector.record) for selector in selectors) else "unchecked"


def _dmarc(facts: Facts) -> Status:
    dmarc = facts.dmarc
    if dmarc is None or any(lookup.failed for lookup in dmarc.lookups):
        return "unchecked"
    return "met" if valid_record(dmarc) is not None else "missing"


_BY_VERDICT: dict[bool | None, Status] = {True: "met", False: "missing", None: "unchecked"}


def _alignment(facts: Facts, context: Context, spf: Status) -> Status:
    """DMARC passes: SPF passes for an aligned envelope domain, or DKIM signs as the From domain."""
    alignment = assess(facts, context)
    if alignment is None:
        return "unchecked"
    through_spf: Status = spf if alignment.spf else "missing"
    through_dkim: Status = _BY_VERDICT[alignment.dkim]
    if "met" in (through_spf, through_dkim):
        return "met"
    return "missing" if through_spf == through_dkim == "missing" else "unchecked"


def _ptr(facts: Facts) -> Status:
    if facts.ptr is None or not facts.ptr.addresses:
        return "unchecked"
    statuses = set()
    for reverse in facts.ptr.addresses:
        if reverse.confirmed:
            statuses.add("met")
        elif reverse.lookup.failed or any(name.lookup.failed for name in reverse.names):
            statuses.add("unchecked")
        else:
            statuses.add("missing")
    return "missing" if "missing" in statuses else "unchecked" if "unchecked" in statuses else "met"


def _helo(facts: Facts) -> Status:
    helo = facts.ptr.helo if facts.ptr else None
    if helo is None:
        return "unchecked"
    if helo.addresses:
        return "met"
    return "unchecked" if any(lookup.failed for lookup in helo.lookups) else "missing"


_BLOCKLIST_STATUS: dict[str, Status] = {
    "listed": "missing",
    "clean": "met",
    "not_tested": "unchecked",
}


def _not_blocklisted(facts: Facts, context: Context) -> Status:
    """The sending side — the platform's addresses, or the domain itself — on no blocklist that
    lists single senders (``check --blocklists``); a refused or failed query is "not checked"."""
    if facts.blocklist is None:
        return "unchecked"
    catalogue = context.options.blocklists or blocklists.catalogue()
    statuses: set[Status] = set()
    for item, query, verdict in blocklists.readings(facts.blocklist, catalogue):
        if item.informational or query.role not in ("platform", "domain"):
            continue
        statuses.add(_BLOCKLIST_STATUS[verdict.outcome])
    if "missing" in statuses:
        return "missing"
    return "met" if statuses == {"met"} else "unchecked"


def _finding(
    provider: Provider, requirements: SenderRequirements, statuses: dict[Need, Status], domain: str
) -> Finding:
    items = requirements.items
    missing = [item for item in items if statuses[item.need] == "missing"]
    unchecked = [item for item in items if statuses[item.need] == "unchecked"]
    met = [item for item in items if statuses[item.need] == "met"]
    if any(item.scope == "all" for item in missing):
        severity = Severity.ERROR
    elif missing:
        severity = Severity.WARNING
    else:
        severity = Severity.INFO if unchecked else Severity.OK
    item = finding(
        requirements_codes.GENERATED[provider.id],
        {
            "receiver": provider.name,
            "domain": domain,
            "total": len(items),
            "met_count": len(met),
            "missing_count": len(missing),
            "missing_all": _names([item for item in missing if item.scope == "all"], dated=True),
            "missing_bulk": _names([item for item in missing if item.scope == "bulk"], dated=True),
            "unchecked": _names(unchecked),
            "met": _names(met),
            "threshold": requirements.bulk_threshold or _NONE,
        },
        evidence=[f"{item.need} ({item.scope}): {statuses[item.need]}" for item in items],
        severity=severity,
    )
    cited = dict.fromkeys(line for fact in (requirements, *items) for line in provider.cite(fact))
    return item.model_copy(update={"references": [*item.references, *cited]})


def _names(items: list[Requirement], *, dated: bool = False) -> str:
    """``DKIM (2024-02-01), DMARC (2024-02-01)``, or ``—`` for none."""
    names = [
        f"{LABELS[item.need]} ({item.since})" if dated and item.since else LABELS[item.need]
        for item in items
    ]
    return ", ".join(names) or _NONE
