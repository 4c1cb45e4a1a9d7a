"""The MX probe (``check --smtp``): each MX address on port 25, concurrently and bounded.

It looks the MX records up through the run's resolver (cached and merged in flight with
the MX check's own lookups, so no query is sent twice), then holds one session per
address: greeting, EHLO, STARTTLS, certificate (a certificate refused is read again without
verification, for DANE to match: its chain only is kept). Addresses the policy refuses are
recorded, not connected to; so are MX names no host can have (NUL octets, a label too
long once escaped): TLS checks a certificate against the name, and such a name cannot
even be put in the handshake.
"""

from __future__ import annotations

import asyncio

from deliverability.dns import Outcome, Resolver
from deliverability.facts.smtp import Session, SmtpFacts
from deliverability.smtp._policy import AddressPolicy
from deliverability.smtp._session import run_session, tls_context, unverified_context
from deliverability.target import is_host_name

MX_PORT = 25
MAX_MX_HOSTS = 5
"""MX hosts probed at most, lowest preference first."""
MAX_MX_ADDRESSES = 10
"""Addresses probed at most over all hosts."""
CONCURRENCY = 5
"""Sessions open at once."""
MX_TIMEOUT = 10.0
"""Seconds each step of an MX session may take."""


async def probe_mx(
    domain: str,
    *,
    resolver: Resolver,
    port: int = MX_PORT,
    policy: AddressPolicy | None = None,
    timeout: float = MX_TIMEOUT,
    deadline: float | None = None,
    ca_file: str | None = None,
    helo: str | None = None,
) -> SmtpFacts:
    """Probe the MX servers of ``domain`` (its own address when it has no MX: RFC 5321 §5.1)."""
    policy = policy or AddressPolicy()
    lookup = await resolver.lookup(domain, "MX")
    if lookup.outcome is Outcome.ANSWER:
        ranked = sorted(
            (record.preference, name)
            for record, name in zip(lookup.mx_records(), lookup.hostnames(), strict=True)
        )
        names = list(dict.fromkeys(name for _, name in ranked if name not in ("", ".", "@")))[
            :MAX_MX_HOSTS
        ]
    elif lookup.outcome is Outcome.NODATA:
        names = [domain]
    else:
        return SmtpFacts.model_construct(port=port, lookup=lookup.fact())
    invalid = [name for name in names if not is_host_name(name)]
    names = [name for name in names if name not in invalid]
    found = await asyncio.gather(
        *(resolver.lookup(name, rdtype) for name in names for rdtype in ("A", "AAAA"))
    )
    targets = [(result.name, address) for result in found for address in result.addresses()][
        :MAX_MX_ADDRESSES
    ]
    context = tls_context(ca_file)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(host: str, address: str) -> Session:
        kind = policy.refusal(address)
        if kind is not None:
            return Session.model_construct(
                host=host, address=address, port=port, outcome="address_refused", address_kind=kind
            )
        async with gate:
            session = await run_session(
                host,
                address,
                port,
                mode="starttls",
                context=context,
                timeout=timeout,
                helo=helo,
                deadline=deadline,
            )
            if session.outcome != "cert_invalid" or session.tls is None:
                return session
            # DANE-EE certificates are often ones no public CA vouches for: read the chain
            # again without verifying it, so the TLSA records can still be matched.
            again = await run_session(
                host,
                address,
                port,
                mode="starttls",
                context=unverified_context(),
                timeout=timeout,
                helo=helo,
                deadline=deadline,
            )
            chain = again.tls.chain if again.tls is not None else []
            return session.model_copy(
                update={"tls": session.tls.model_copy(update={"chain": chain})}
            )

    sessions = await asyncio.gather(*(one(host, address) for host, address in targets))
    return SmtpFacts.model_construct(
        port=port,
        lookup=lookup.fact(),
        lookups=[result.fact() for result in found],
        sessions=list(sessions),
        invalid_names=invalid,
    )
