"""The message pipeline: read the message (pure), gather what it needs through the one
resolver (its DKIM keys, SPF for the connecting address, the From domain's diagnosis),
verify without further I/O, then run the message rules and the domain's rules into one Report.

    raw bytes → read (pure, bounded) → probes (keys, SPF, domain diagnosis; concurrent)
              → verify (dkimpy on the fetched keys; receiver headers) → MessageFacts
              → rules (pure) → Report, with the From domain's change set
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from deliverability.addresses import is_ip_address
from deliverability.advice.platform import Platform
from deliverability.blocklists import key_or_environment
from deliverability.checks import auth, content, message, receiver
from deliverability.checks import blocklist as blocklist_checks
from deliverability.codes import localize
from deliverability.context import DEFAULT_DEADLINE
from deliverability.diagnosis import _blocking, _catalogue, diagnose
from deliverability.dns import Lookup, Resolver
from deliverability.errors import InputError
from deliverability.facts import Facts
from deliverability.facts.blocklist import BlocklistFacts
from deliverability.facts.message import (
    ConnectingAddress,
    ContentFacts,
    Identities,
    MessageFacts,
)
from deliverability.facts.spf import SpfEvaluation
from deliverability.i18n import N_
from deliverability.message import _blocklists
from deliverability.message._content import content_facts
from deliverability.message._keys import fetch
from deliverability.message._parse import Envelope, ParsedMessage, connecting_address, read
from deliverability.report import Finding, Report
from deliverability.target import Target, TargetError, parse_target

if TYPE_CHECKING:  # the data file's models load with the first use of blocklists
    from deliverability.blocklists import Catalogue

MessageRule = Callable[[Facts, Platform | None], Iterable[Finding]]

RULES: Sequence[MessageRule] = (receiver.check, auth.check, message.check, content.check)
"""The message's rules, in report order: what the receiver did, then why."""

SpfSource = Literal["return-path", "helo"]

UNKNOWN_SENDER = "unknown sender"
"""The report's target when the message has no usable From address."""


async def analyse_message(
    raw: bytes | str,
    *,
    resolver: Resolver | None = None,
    platform: Platform | None = None,
    client_ip: str | None = None,
    lang: str = "en",
    deadline: float = DEFAULT_DEADLINE,
) -> Report:
    """Analyse one message (a whole RFC 5322 message or just its header block): its path,
    its signatures re-verified now, what the receiver said, its content, and its From
    domain's diagnosis. ``client_ip`` is the connecting address when the headers do not tell.
    The DNS blocklists are asked about the connecting address, the From domain and the linked
    domains, with the ``DELIVERABILITY_SPAMHAUS_KEY`` environment variable's key if it is set.

    Raises :class:`deliverability.errors.MessageTooLarge` over 25 MB and
    :class:`deliverability.errors.InputError` for a ``client_ip`` that is not an address (or a
    malformed Spamhaus key in the environment, without repeating it);
    DNS failures never raise (they are "could not check").
    """
    return await analyse(
        raw, resolver=resolver, platform=platform, client_ip=client_ip, lang=lang, deadline=deadline
    )


analyse_message_sync = _blocking(analyse_message)


async def analyse(
    raw: bytes | str,
    *,
    envelope: Envelope | None = None,
    resolver: Resolver | None = None,
    platform: Platform | None = None,
    client_ip: str | None = None,
    bulk: bool = False,
    lang: str = "en",
    deadline: float = DEFAULT_DEADLINE,
    blocklists: bool | Catalogue = True,
    spamhaus_key: str | None = None,
) -> Report:
    """:func:`analyse_message` with what only some callers know: the receiving server's own
    facts (``envelope``: the test inbox knows the connecting address, HELO, MAIL FROM and TLS,
    and they replace what the headers suggest) and ``bulk`` (judge as bulk mail).

    ``blocklists``: ask the DNS blocklists (True, the default), not (False), or those of a
    catalogue given (a local mirror); ``spamhaus_key``: a Spamhaus Data Query Service key for
    them (None: the ``DELIVERABILITY_SPAMHAUS_KEY`` environment variable's, if set)."""
    if client_ip is not None and not is_ip_address(client_ip):
        raise InputError(N_("{value} is not an IP address"), {"value": client_ip[:60]})
    catalogue = _catalogue(blocklists)
    dqs_key = key_or_environment(spamhaus_key) if catalogue is not None else None
    parsed = read(raw)
    sending = [str(ip) for ip in platform.sending_ips] if platform else []
    connecting = connecting_address(parsed, envelope, client_ip, sending)
    identities = _identities(parsed.identities, envelope, connecting)
    target = _target(identities)
    spf_domain, spf_source = _spf_identity(identities)
    content_read = content_facts(parsed.message, identities.subject, parsed.headers_only)
    resolver = resolver or Resolver()
    started_at, started = datetime.now(UTC), time.monotonic()
    with resolver.budget(deadline) as budget:
        keys, spf, domain, listed = await asyncio.gather(
            fetch(parsed, resolver),
            _spf(resolver, connecting, identities, spf_domain, deadline),
            _diagnosis(target, resolver, platform, deadline),
            _blocklist_facts(catalogue, dqs_key, resolver, connecting, target, content_read),
        )
    facts = (domain.facts if domain else Facts.model_construct()).model_copy(
        update={
            "message": _message_facts(
                parsed,
                keys,
                connecting,
                identities,
                spf_domain,
                spf_source,
                spf,
                bulk,
                content_read,
            ),
            "blocklist": listed,
        }
    )
    report = Report.model_construct(
        target=str(target) if target else (identities.from_addresses or [UNKNOWN_SENDER])[0],
        domain=target.domain if target else "",
        checked_at=started_at,
        duration_ms=round((time.monotonic() - started) * 1000),
        dns_queries=budget.queries + (domain.dns_queries if domain else 0),
        facts=facts,
        findings=[f for rule in RULES for f in rule(facts, platform)]
        + (list(blocklist_checks.findings(listed, catalogue)) if listed and catalogue else [])
        + (domain.findings if domain else []),
        changes=domain.changes if domain else [],
    )
    return localize(report, lang)  # also writes the opening sentence


def _message_facts(
    parsed: ParsedMessage,
    keys: Mapping[str, Lookup],
    connecting: ConnectingAddress,
    identities: Identities,
    spf_domain: str | None,
    spf_source: SpfSource | None,
    spf: SpfEvaluation | None,
    bulk: bool,
    content_read: ContentFacts,
) -> MessageFacts:
    # dkimpy (which imports dnspython's resolver) and authres load only when a message is read.
    from deliverability.message import _dkim, _receiver

    return MessageFacts.model_construct(
        size=len(parsed.raw),
        headers_only=parsed.headers_only,
        received_total=parsed.received_total,
        hops=parsed.hops,
        boundary=parsed.boundary,
        connecting=connecting,
        identities=identities,
        signatures=_dkim.verify_signatures(parsed, keys),
        arc=_dkim.verify_arc(parsed, keys),
        spf_domain=spf_domain,
        spf_source=spf_source,
        spf=spf,
        receiver=_receiver.receiver_facts(parsed),
        content=content_read,
        bulk_requested=bulk,
    )


def _identities(
    identities: Identities, envelope: Envelope | None, connecting: ConnectingAddress
) -> Identities:
    """The envelope the receiver knows replaces what the headers say."""
    update: dict[str, object] = {"helo": connecting.helo}
    if envelope is not None and envelope.mail_from is not None:
        update["return_path"] = envelope.mail_from
    return identities.model_copy(update=update)


def _target(identities: Identities) -> Target | None:
    if len(identities.from_addresses) != 1:
        return None
    try:
        return parse_target(identities.from_addresses[0])
    except TargetError:
        return None


def _spf_identity(identities: Identities) -> tuple[str | None, SpfSource | None]:
    """SPF checks the envelope sender's domain, else (a bounce) the HELO name (RFC 7208 §2.3)."""
    if identities.return_path and "@" in identities.return_path:
        return identities.return_path.rpartition("@")[2].strip(".").lower() or None, "return-path"
    if identities.helo and not is_ip_address(identities.helo):
        return identities.helo.strip(".").lower(), "helo"
    return None, None


async def _spf(
    resolver: Resolver,
    connecting: ConnectingAddress,
    identities: Identities,
    domain: str | None,
    deadline: float,
) -> SpfEvaluation | None:
    from deliverability.spf import check_host

    if connecting.ip is None or domain is None:
        return None
    return await check_host(
        ip=connecting.ip,
        domain=domain,
        sender=identities.return_path or "",
        helo=identities.helo or "",
        resolver=resolver,
        deadline=deadline,
    )


async def _diagnosis(
    target: Target | None, resolver: Resolver, platform: Platform | None, deadline: float
) -> Report | None:
    if target is None:
        return None
    return await diagnose(target, resolver=resolver, platform=platform, deadline=deadline)


async def _blocklist_facts(
    catalogue: Catalogue | None,
    dqs_key: str | None,
    resolver: Resolver,
    connecting: ConnectingAddress,
    target: Target | None,
    content_read: ContentFacts,
) -> BlocklistFacts | None:
    if catalogue is None:
        return None
    return await _blocklists.probe(
        connecting_ip=connecting.ip,
        from_domain=target.domain if target else None,
        link_domains=content_read.link_domains,
        resolver=resolver,
        catalogue=catalogue,
        dqs_key=dqs_key,
    )
