"""The pipeline: probes gather facts concurrently, pure rules turn them into findings.

    target → probes (I/O, concurrent, one resolver, one deadline) → Facts
           → rules (pure) → findings, changes → Report (in the requested language)

A new check adds its probe to :data:`deliverability.probes.PROBES` (a name of :class:`Facts`
and an async function of the context and resolver) and its rule to :data:`RULES`.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypedDict, TypeVar

from deliverability import blocklists, budget, checks
from deliverability.advice import records
from deliverability.advice import sender as sender_advice
from deliverability.advice import spf as spf_advice
from deliverability.advice.platform import Platform
from deliverability.checks import bimi as bimi_checks
from deliverability.checks import blocklist as blocklist_checks
from deliverability.checks import dane as dane_checks
from deliverability.checks import dnssec as dnssec_checks
from deliverability.checks import mta_sts as mta_sts_checks
from deliverability.checks import requirements as requirements_checks
from deliverability.checks import sender as sender_checks
from deliverability.checks import smtp as smtp_checks
from deliverability.checks import spf as spf_checks
from deliverability.checks import target as target_checks
from deliverability.checks import tls_rpt as tls_rpt_checks
from deliverability.codes import localize, summarized
from deliverability.context import DEFAULT_DEADLINE, Context, Options
from deliverability.dns import Resolver
from deliverability.dns._resolver import MAX_DEADLINE
from deliverability.errors import InputTypeError, positive_number
from deliverability.facts import Facts
from deliverability.probes import PROBES
from deliverability.report import Change, Finding, Report
from deliverability.target import Target, parse_target

if TYPE_CHECKING:
    # The data file's models load with the first use of blocklists; the HTTPS stack with the
    # first domain that publishes an MTA-STS or BIMI record.
    from deliverability.blocklists import Catalogue
    from deliverability.https import HttpsClient

P = ParamSpec("P")
R = TypeVar("R")
Rule = Callable[[Facts, Context], Iterable[Finding]]
Advisor = Callable[[Facts, Context], Iterable[Change]]

RULES: Sequence[Rule] = (
    target_checks.check,  # what was checked, when a web address was typed
    sender_checks.check,  # first: for a free-mail address it is the whole story
    checks.mx.check,
    spf_checks.check,
    checks.dmarc.check,
    checks.alignment.check,
    checks.dkim.check,
    checks.ptr.check,
    blocklist_checks.check,
    requirements_checks.check,
    smtp_checks.check,
    mta_sts_checks.check,
    tls_rpt_checks.check,
    bimi_checks.check,
    dnssec_checks.check,
    dane_checks.check,
)
"""Pure functions of the facts, in report order."""

ADVISORS: Sequence[Advisor] = (spf_advice.advise, records.advise, sender_advice.advise)
"""Pure functions of the facts that recommend changes."""


class DiagnosisOptions(TypedDict, total=False):
    """The keyword options of :func:`diagnose` other than the resolver, for callers that pass them on."""

    platform: Platform | None
    lang: str
    smtp: bool
    dkim_selectors: Sequence[str]
    common_dkim_selectors: bool
    deadline: float
    blocklists: bool | Catalogue
    spamhaus_key: str | None
    https: HttpsClient | None
    allow_private: bool


async def diagnose(
    target: str | Target,
    *,
    platform: Platform | None = None,
    resolver: Resolver | None = None,
    lang: str = "en",
    smtp: bool = False,
    dkim_selectors: Sequence[str] = (),
    common_dkim_selectors: bool = False,
    deadline: float = DEFAULT_DEADLINE,
    blocklists: bool | Catalogue = False,
    spamhaus_key: str | None = None,
    https: HttpsClient | None = None,
    allow_private: bool = False,
    report_slot: Callable[[], Awaitable[object]] | None = None,
) -> Report:
    """Diagnose a domain or an address; never raises for DNS reasons.

    Raises :class:`deliverability.TargetError` when ``target`` is neither a domain nor an
    address, :class:`deliverability.errors.InputTypeError` when ``platform`` or ``resolver``
    is of the wrong type, :class:`deliverability.errors.OptionError` for a ``deadline`` that
    is not a finite number of seconds above 0, :class:`deliverability.errors.SpamhausKeyError`
    for a malformed ``spamhaus_key`` (without repeating it). Pass one ``resolver`` to several calls (a batch)
    to share its cache. ``blocklists``: ask the DNS blocklists of ``blocklists/lists.toml``
    (True) or of a catalogue given (a local mirror); ``spamhaus_key``: a Spamhaus Data Query
    Service key for them; ``https``: how MTA-STS policies and BIMI documents are fetched.
    ``allow_private`` lets the ``smtp`` probe reach private and loopback addresses.
    ``report_slot`` is awaited once the facts are gathered, before the report is made: a
    batch holds reports back until its output has taken the ones made before
    (:func:`~deliverability.batch.diagnose_many`); the wait is not in the report's duration.
    """
    InputTypeError.check("platform", platform, Platform)
    InputTypeError.check("resolver", resolver, Resolver)
    deadline = positive_number("deadline", deadline, maximum=MAX_DEADLINE)
    parsed = target if isinstance(target, Target) else parse_target(target)
    catalogue = _catalogue(blocklists)
    context = Context(
        parsed,
        platform,
        Options(
            smtp=smtp,
            dkim_selectors=tuple(dkim_selectors),
            common_dkim_selectors=common_dkim_selectors,
            deadline=deadline,
            blocklists=catalogue,
            spamhaus_key=_blocklists_key(spamhaus_key),
            https=https,
            allow_private=allow_private,
        ),
    )
    resolver = resolver or Resolver()
    started_at = datetime.now(UTC)
    started = time.monotonic()
    with resolver.budget(deadline) as spent:
        results = await asyncio.gather(*(probe(context, resolver) for _, probe in PROBES))
    if report_slot is not None:
        waiting = time.monotonic()
        await report_slot()
        started += time.monotonic() - waiting
    gathered: dict[str, Any] = {
        name: result for (name, _), result in zip(PROBES, results, strict=True)
    }
    facts = Facts.model_construct(**gathered)
    return assemble(
        facts,
        context,
        target=str(parsed),
        checked_at=started_at,
        started=started,
        dns_queries=spent.queries,
        lang=lang,
    )


def assemble(
    facts: Facts,
    context: Context,
    *,
    target: str,
    checked_at: datetime,
    started: float,
    dns_queries: int,
    lang: str,
    rules: Sequence[Rule] = RULES,
    advisors: Sequence[Advisor] = ADVISORS,
) -> Report:
    """The report of a run: the facts, what ``rules`` and ``advisors`` make of them, in ``lang``,
    kept within its size budget (:mod:`deliverability.budget`)."""
    changes = [change for advisor in advisors for change in advisor(facts, context)]
    # Constructed, not validated, like the facts, findings and changes it holds (see
    # deliverability._model): validating a Report builds the validator of every model it may
    # hold, those of messages and SMTP sessions included. A report read back from JSON is
    # validated in full.
    report = Report.model_construct(
        target=target,
        domain=context.domain,
        checked_at=checked_at,
        duration_ms=round((time.monotonic() - started) * 1000),
        dns_queries=dns_queries,
        facts=facts,
        findings=requirements_checks.refer(
            [finding for rule in rules for finding in rule(facts, context)]
        ),
        changes=sorted(changes, key=lambda change: -change.impact),
    )
    # Findings and changes are written in English as they are made: only another language
    # renders them again (rendering English twice was some 5 % of a batch's CPU). Either
    # way the opening sentence is written from the findings.
    return budget.bound(summarized(report) if lang == "en" else localize(report, lang))


def _catalogue(wanted: bool | Catalogue) -> Catalogue | None:
    if isinstance(wanted, bool):
        return blocklists.catalogue() if wanted else None
    return wanted


def _blocklists_key(key: str | None) -> str | None:
    return blocklists.check_key(key) if key else None


def _blocking(function: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, R]:
    """The synchronous twin of a coroutine function: same signature, runs its own event loop."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return asyncio.run(function(*args, **kwargs))

    run.__doc__ = f"Synchronous :func:`{function.__name__}`, for scripts and WSGI apps (not inside a running event loop)."
    return run


diagnose_sync = _blocking(diagnose)


def analyse(facts: Facts, context: Context) -> list[Finding]:
    """Every rule over the facts; pure, so a saved report's facts can be re-analysed. What a
    receiver's requirements miss is then referred to the findings that already state it."""
    return requirements_checks.refer(
        [finding for rule in RULES for finding in rule(facts, context)]
    )
