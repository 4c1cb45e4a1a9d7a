"""The analysis of a test delivery: the message analysis, with the receiver's own facts
instead of what the headers suggest, and forward-confirmed reverse DNS of the address that
really connected.

    analyse = analyser(deliveries, nameservers=["192.0.2.53"], platform=platform)
    InboxListener(deliveries, analyse, ...)
"""

from __future__ import annotations

from collections.abc import Sequence

from deliverability.advice.platform import Platform
from deliverability.checks import ptr as ptr_checks
from deliverability.checks import reception as reception_checks
from deliverability.codes import localize
from deliverability.context import DEFAULT_DEADLINE
from deliverability.dns import Resolver
from deliverability.facts import PtrFacts
from deliverability.facts.reception import Reception
from deliverability.inbox._deliveries import Deliveries, Delivery
from deliverability.inbox._listener import Analyse
from deliverability.probes.ptr import helo_name, reverse_dns
from deliverability.report import Report


def analyser(
    deliveries: Deliveries,
    *,
    nameservers: Sequence[str] | None = None,
    timeout: float = 5.0,
    platform: Platform | None = None,
    deadline: float = DEFAULT_DEADLINE,
) -> Analyse:
    """The listener's analysis step: analyse each accepted message and keep its report."""

    async def analyse(delivery: Delivery, raw: bytes) -> None:
        reception = delivery.reception
        assert reception is not None  # a delivery handed over has been received
        resolver = Resolver(list(nameservers) if nameservers else None, timeout=timeout)
        report = await analyse_delivery(raw, reception, resolver, platform, delivery.lang, deadline)
        deliveries.finish(delivery.token, report)

    return analyse


async def analyse_delivery(
    raw: bytes,
    reception: Reception,
    resolver: Resolver,
    platform: Platform | None,
    lang: str,
    deadline: float,
) -> Report:
    """The report of a received message: the message analysis with the listener's envelope,
    then the PTR verdict on the connecting address instead of the platform's addresses."""
    # The message analysis loads dkimpy and authres: only when a message has arrived.
    from deliverability.message._analysis import analyse
    from deliverability.message._parse import Envelope

    envelope = Envelope(
        client_ip=reception.client_address,
        helo=reception.helo,
        mail_from=reception.mail_from,
        tls=reception.tls_version is not None,
    )
    report = await analyse(
        raw, envelope=envelope, resolver=resolver, platform=platform, lang=lang, deadline=deadline
    )
    with resolver.budget(deadline):
        reverse = await reverse_dns(resolver, reception.client_address)
        helo = await helo_name(resolver, reception.helo) if reception.helo else None
    ptr = PtrFacts.model_construct(addresses=[reverse], helo=helo)
    facts = report.facts.model_copy(update={"reception": reception, "ptr": ptr})
    findings = [f for f in report.findings if f.check != "ptr"] + ptr_checks.judge(ptr)
    findings += reception_checks.judge(reception)
    whole = report.model_copy(update={"facts": facts, "findings": findings})
    return localize(whole, lang) if lang != "en" else whole
