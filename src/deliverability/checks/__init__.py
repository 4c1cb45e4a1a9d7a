"""Rules: pure functions from facts to findings, one module per concern.

Nothing here performs I/O; a test enforces that no module under ``checks`` or ``advice``
imports the network (dnspython's resolver, aiosmtplib, socket).
"""

from deliverability.checks import dmarc, mx

__all__ = ["dmarc", "mx"]
