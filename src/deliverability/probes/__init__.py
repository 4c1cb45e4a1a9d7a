"""Every gatherer of facts, listed in one table: each does the I/O for one part of :class:`Facts`.

A probe is an async function of the run's context and resolver; what it returns fills the
:class:`~deliverability.facts.Facts` field of the same name. Rules never import this package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from deliverability.context import Context
from deliverability.dns import Resolver
from deliverability.probes import (
    bimi,
    blocklist,
    dkim,
    dmarc,
    dnssec,
    mta_sts,
    mx,
    ptr,
    sender,
    smtp,
    spf,
)

Probe = Callable[[Context, Resolver], Awaitable[object]]

PROBES: Sequence[tuple[str, Probe]] = (
    ("mx", mx.probe),
    ("spf", spf.probe),
    ("dmarc", dmarc.probe),
    ("dkim", dkim.probe),
    ("ptr", ptr.probe),
    ("sender", sender.probe),
    ("smtp", smtp.probe),
    ("mta_sts", mta_sts.probe),
    ("tls_rpt", mta_sts.probe_tls_rpt),
    ("bimi", bimi.probe),
    ("blocklist", blocklist.probe),
    ("dnssec", dnssec.probe),
    ("dane", dnssec.dane_probe),
)
"""Each probe, by the :class:`Facts` field it fills; all run concurrently."""

__all__ = ["PROBES", "Probe"]
