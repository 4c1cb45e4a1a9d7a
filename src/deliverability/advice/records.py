"""The DNS records to publish for DKIM and DMARC: delegation CNAMEs, a DMARC starter, the next step.

Pure: reads the facts (the DKIM probe already looked up what the platform publishes at each
delegation target, so a CNAME is proposed only towards a key that exists) and returns
:class:`Change` objects.

``impact`` orders the change set across advisors: ten times the rank of the worst severity the
change resolves (critical 4 … info 1), so fixing what gets mail refused comes before what only
monitors. docs/advice.md explains the order.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverability.advice.platform import Platform
from deliverability.checks.alignment import Alignment, assess
from deliverability.checks.dkim import usable
from deliverability.checks.dmarc import valid_record
from deliverability.codes import change
from deliverability.context import Context
from deliverability.dmarc import DmarcRecord
from deliverability.facts import DkimSelectorFact, DmarcFacts, Facts
from deliverability.i18n import N_
from deliverability.report import Change, Severity

_UNALIGNED = {"reject": Severity.CRITICAL, "quarantine": Severity.ERROR, "none": Severity.WARNING}
_NEXT_POLICY = {"none": "quarantine", "quarantine": "reject"}

_WHY_DKIM = N_(
    "{platform} signs your mail with the selector {selector}. This CNAME sends receivers to the "
    "key "
    "{platform} publishes at {target} ({key_type}, {bits} bits), so its signatures verify as "
    "d={domain} "
    "and its mail passes DMARC through DKIM. {platform} can then change its key without you "
    "touching DNS again."
)
_WHY_DKIM_REPLACE = N_(
    "Delete the record now at this name first: a name holding a CNAME can hold nothing else."
)
_WHY_DMARC_START = N_(
    "{domain} has no DMARC record. This one changes nothing to delivery: it asks receivers for "
    "daily "
    "aggregate reports of who sends as {domain}. Create the mailbox dmarc@{domain} first (an "
    "address in your "
    "own domain needs no authorisation record), or use a DMARC report service's address and the "
    "record it "
    "asks for. Once the reports show all your legitimate mail passing (usually 2 to 4 weeks), move "
    "to "
    "p=quarantine (spoofed mail goes to spam), then to p=reject (it is refused)."
)
_WHY_DMARC_TIGHTEN = N_(
    "The next step for {domain}: p={policy} now, p={next_policy} proposed. Make it once the aggregate "
    "reports "
    "have shown every legitimate sender passing with alignment for 2 to 4 weeks; with p=quarantine "
    "spoofed "
    "mail goes to spam, with p=reject it is refused."
)
_WHY_DMARC_AFTER_DKIM = N_(
    "Only after the DKIM records above are published: until then, {platform}'s mail would fail too."
)


def advise(facts: Facts, context: Context) -> list[Change]:
    alignment = assess(facts, context)
    changes = list(_dkim(facts, context, alignment))
    if facts.dmarc is not None:
        changes.extend(_dmarc(facts.dmarc, context, alignment, dkim_proposed=bool(changes)))
    return changes


def _dkim(facts: Facts, context: Context, alignment: Alignment | None) -> Iterator[Change]:
    """A CNAME per platform selector the customer lacks or has broken, towards an existing key."""
    platform = context.platform
    if platform is None or facts.dkim is None:
        return
    resolved = Severity.ERROR
    if alignment is not None and alignment.aligned is False and alignment.policy is not None:
        resolved = max(resolved, _UNALIGNED[alignment.policy])
    for selector in facts.dkim.selectors:
        delegation = _delegation(selector, platform, facts.dkim.domain, impact=resolved.rank * 10)
        if delegation is not None:
            yield delegation


def _delegation(
    fact: DkimSelectorFact, platform: Platform, domain: str, *, impact: int
) -> Change | None:
    record, target = fact.record, fact.platform_record
    if fact.source != "platform" or target is None or target.key is None or not usable(target):
        return None  # without a key at the target, a CNAME would be a guess
    if record.lookup.failed or usable(record):
        return None
    if record.delegated_to == target.name:
        return None  # already delegated there: the key would be found
    current = None
    if record.delegated_to:
        current = record.delegated_to
    elif record.lookup.outcome == "answer":
        current = " | ".join(record.lookup.records)
    reasons = [_WHY_DKIM] if current is None else [_WHY_DKIM_REPLACE, _WHY_DKIM]
    return change(
        kind="dns",
        name=record.name,
        type="CNAME",
        current=current,
        proposed=target.name,
        reasons=reasons,
        impact=impact,
        params={
            "platform": platform.name,
            "selector": fact.selector,
            "target": target.name,
            "key_type": target.key.key_type,
            "bits": target.key.bits,
            "domain": domain,
        },
    )


def _dmarc(
    dmarc: DmarcFacts, context: Context, alignment: Alignment | None, *, dkim_proposed: bool
) -> Iterator[Change]:
    if any(lookup.failed for lookup in dmarc.lookups):
        return  # could not check: no advice on a record that may exist
    if context.provider_domain:
        return  # a free-mail provider's domain: its policy is not the customer's to change
    if dmarc.policy_domain is None:
        domain = dmarc.organizational_domain
        yield change(
            kind="dns",
            name=f"_dmarc.{domain}",
            type="TXT",
            proposed=f"v=DMARC1; p=none; rua=mailto:dmarc@{domain}",
            reasons=[_WHY_DMARC_START],
            impact=Severity.WARNING.rank * 10,
            params={"domain": domain},
        )
        return
    record = valid_record(dmarc)
    if record is None or record.policy not in _NEXT_POLICY:
        return  # several records or a broken one: the DMARC check says how to fix it first
    reasons = [_WHY_DMARC_TIGHTEN]
    if context.platform is not None and alignment is not None and alignment.aligned is not True:
        if not dkim_proposed:
            return  # tightening would refuse the platform's mail, and nothing here can align it
        reasons.append(_WHY_DMARC_AFTER_DKIM)
    yield change(
        kind="dns",
        name=f"_dmarc.{dmarc.policy_domain}",
        type="TXT",
        current=dmarc.records[0],
        proposed=_with_policy(record, _NEXT_POLICY[record.policy]),
        reasons=reasons,
        impact=Severity.INFO.rank * 10,
        params={
            "domain": dmarc.policy_domain,
            "policy": record.policy,
            "next_policy": _NEXT_POLICY[record.policy],
            "platform": context.platform.name if context.platform is not None else None,
        },
    )


def _with_policy(record: DmarcRecord, policy: str) -> str:
    """The record with p= changed and every other tag kept, in its order (v= first)."""
    tags = {"v": "DMARC1", **record.tags, "p": policy}
    return "; ".join(f"{name}={value}" for name, value in tags.items())
