"""Gather the MTA-STS facts (RFC 8461): the ``_mta-sts`` record and, when one is published,
the policy over HTTPS and the MX hosts it must cover. TLS-RPT's record is gathered here too:
one TXT lookup, read by its own rule."""

from __future__ import annotations

from deliverability.context import Context
from deliverability.dns import Outcome, Resolver
from deliverability.facts.mta_sts import MtaStsFacts, TlsRptFacts

POLICY_LIMIT = 64 * 1024
"""Bytes of policy read at most (RFC 8461 §3.3 leaves the size open; real ones are < 1 KB)."""

POLICY_PATH = "/.well-known/mta-sts.txt"


async def probe(context: Context, resolver: Resolver) -> MtaStsFacts:
    domain = context.domain
    lookup = await resolver.lookup(f"_mta-sts.{domain}", "TXT")
    # RFC 8461 §3.1: records not starting with v=STSv1 are discarded.
    records = [text for text in lookup.texts() if text.startswith("v=STSv1")]
    facts = MtaStsFacts.model_construct(domain=domain, lookup=lookup.fact(), records=records)
    if len(records) != 1:
        return facts
    mx = await resolver.lookup(domain, "MX")
    hosts = (
        sorted({name for name in mx.hostnames() if name not in ("", ".", "@")})
        if mx.outcome is Outcome.ANSWER
        else []
    )
    from deliverability import https  # the HTTPS stack, only for a domain that needs it

    policy = await https.fetch(
        f"https://mta-sts.{domain}{POLICY_PATH}",
        resolver=resolver,
        client=https.client_for(context.options.https, context.options.deadline),
        limit=POLICY_LIMIT,
    )
    return facts.model_copy(update={"policy": policy, "mx_hosts": hosts, "mx_lookup": mx.fact()})


async def probe_tls_rpt(context: Context, resolver: Resolver) -> TlsRptFacts:
    domain = context.domain
    lookup = await resolver.lookup(f"_smtp._tls.{domain}", "TXT")
    records = [text for text in lookup.texts() if text.startswith("v=TLSRPTv1")]
    return TlsRptFacts.model_construct(domain=domain, lookup=lookup.fact(), records=records)
