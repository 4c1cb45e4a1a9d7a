"""Rules: pure functions from facts to findings, one module per concern.

Nothing here performs I/O; a test enforces that no module under ``checks`` or ``advice``
imports the network (dnspython's resolver, aiosmtplib, socket).
"""

from deliverability.checks import alignment, dkim, dmarc, mx, ptr

__all__ = ["alignment", "dkim", "dmarc", "mx", "ptr"]
