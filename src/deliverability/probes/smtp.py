"""The MX servers on port 25, when ``--smtp`` asks for them (the sessions live in ``smtp/``)."""

from __future__ import annotations

from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.facts.smtp import SmtpFacts


async def probe(context: Context, resolver: Resolver) -> SmtpFacts | None:
    """Nothing unless ``--smtp`` was asked for: outbound port 25 is slow and often blocked."""
    if not context.options.smtp:
        return None
    # Imported here: the SMTP client (aiosmtplib, and the email package under it) was a tenth
    # of the start-up of every check that does not ask for --smtp.
    from deliverability.smtp import MX_TIMEOUT, AddressPolicy, probe_mx

    return await probe_mx(
        context.domain,
        resolver=resolver,
        helo=context.platform.helo if context.platform is not None else None,
        policy=AddressPolicy(allow_private=context.options.allow_private),
        timeout=min(MX_TIMEOUT, context.options.deadline),
        deadline=context.options.deadline,
    )
