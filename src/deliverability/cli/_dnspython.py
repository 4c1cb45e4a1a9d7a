"""dnspython set up for the command line: no DNS-over-HTTPS or DNS-over-QUIC, and IDNA 2008
known to be there rather than looked up.

When ``dns.query`` is first imported, dnspython imports its HTTP/2 client stack (about a
tenth of ``check``'s start-up) if it is installed, only to offer DoH, and looks for aioquic
for DoQ. The project's resolver speaks plain UDP and TCP only, so the command that diagnoses
turns both off first, with dnspython's own switch (``dns._features.force``).

For IDNA 2008 (``dns.name``), dnspython reads the metadata of every installed distribution
to find the ``idna`` package's version: 2 ms of each start-up. The project depends on
``dnspython[idna]``, which requires the version dnspython needs, so finding the module is
enough. The library leaves dnspython alone: a program that embeds it may want DoH for itself.
"""

import importlib.util

import dns._features

dns._features.force("doh", False)
dns._features.force("doq", False)
dns._features.force("idna", importlib.util.find_spec("idna") is not None)
