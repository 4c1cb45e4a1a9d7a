"""Provider knowledge, as data: one TOML file per mailbox service in ``providers/data/``.

Each file holds the service's address domains, MX names, submission settings and sender
requirements, every fact with its dated source (docs/providers.md). The text shown to
customers is gettext (``codes/sender.py``), filled from these settings.
The lookups are pure::

    for_domain("wanadoo.fr").name                   # "Orange"
    mailbox_host(["aspmx.l.google.com"])            # "Google Workspace"
"""

from deliverability.providers._catalogue import (
    MAX_MX_HOSTS,
    ProviderDataError,
    all_providers,
    by_id,
    for_domain,
    load_provider,
    mailbox_host,
)
from deliverability.providers.model import (
    Provider,
    Requirement,
    SenderRequirements,
    Source,
    Submission,
)

__all__ = [
    "MAX_MX_HOSTS",
    "Provider",
    "ProviderDataError",
    "Requirement",
    "SenderRequirements",
    "Source",
    "Submission",
    "all_providers",
    "by_id",
    "for_domain",
    "load_provider",
    "mailbox_host",
]
