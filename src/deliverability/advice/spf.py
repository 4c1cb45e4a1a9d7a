"""The SPF record to publish so that the platform's mail passes SPF.

Pure: the probe wrote the record and verified it with the SPF engine (``SpfFacts.merge``);
this only turns a verified proposal into a :class:`Change`. An unverified one is not proposed:
the ``spf.merge_impossible`` finding says why and what else to do.
"""

from __future__ import annotations

from deliverability.codes import change
from deliverability.context import Context
from deliverability.facts import Facts
from deliverability.facts.spf import SpfResult
from deliverability.i18n import N_
from deliverability.report import Change, Severity

_WHY_MERGE = N_(
    "Today {domain}'s SPF gives {platform}'s addresses {results}. This record keeps every term of the "
    "current one, in the same order, and adds include:{include} before the all term. It was evaluated "
    "with the SPF engine before being proposed: it passes {platform}'s addresses, still passes the "
    "{kept} address(es) the current record authorises, and needs {lookups} of the 10 DNS lookups allowed. "
    "Replace the current record with it; do not add a second one."
)
_WHY_NEW = N_(
    "{domain} has no SPF record. This one authorises {platform} (include:{include}) and ends with ~all: "
    "mail from servers it does not list gets softfail, which DMARC treats like fail, while a sender you "
    "forgot is not refused outright. Add your other senders (your mailbox provider's include first) before "
    "~all, and move to -all once every sender is listed. Evaluated with the SPF engine: it passes "
    "{platform}'s addresses with {lookups} of the 10 DNS lookups allowed."
)


def advise(facts: Facts, context: Context) -> list[Change]:
    spf, platform = facts.spf, context.platform
    if spf is None or platform is None or spf.merge is None or not spf.merge.verified:
        return []
    merge = spf.merge
    current = [outcome for outcome in spf.platform_results if outcome.result is not SpfResult.PASS]
    # What the change fixes: a hard fail gets the mail refused, anything else short of pass gets it filtered.
    resolved = (
        Severity.CRITICAL if any(o.result is SpfResult.FAIL for o in current) else Severity.ERROR
    )
    results = ", ".join(f"{o.ip} {o.result.value}" for o in current) or "no pass"
    return [
        change(
            kind="dns",
            name=spf.domain,
            type="TXT",
            current=merge.current,
            proposed=merge.proposed,
            reasons=[_WHY_NEW if merge.current is None else _WHY_MERGE],
            impact=resolved.rank * 10,
            params={
                "domain": spf.domain,
                "platform": platform.name,
                "results": results,
                "include": merge.include,
                "kept": len(merge.kept),
                "lookups": merge.lookups,
            },
        )
    ]
