"""dnspython without its DNS-over-HTTPS and DNS-over-QUIC transports, for the command line.

When ``dns.query`` is first imported, dnspython imports its HTTP/2 client stack (about a
tenth of ``check``'s start-up) if it is installed, only to offer DoH, and looks for aioquic
for DoQ. The project's resolver speaks plain UDP and TCP only, so the command that diagnoses
turns both off first, with dnspython's own switch (``dns._features.force``). The library
leaves dnspython alone: a program that embeds it may want DoH for itself.
"""

import dns._features

dns._features.force("doh", False)
dns._features.force("doq", False)
