"""The embedded store: SQLite (standard library), shared by threads and processes.

    store = Store(default_path())                    # DELIVERABILITY_DB, or the user's data directory
    links = Reports(store, "permalink", ttl=3600, capacity=1000)
    report_id = links.add(report)
    links.get(report_id)                             # the Report, or None once expired or evicted

One file in WAL mode: several dashboard workers (processes) and their threads read and write
it at once, and a restart loses nothing that has not expired. The schema carries a version
and a list of migrations (:data:`MIGRATIONS`): a new table (the test inbox's addresses and
messages) is one more migration, applied by whichever process opens the file first.
"""

from deliverability.storage._paths import ENV_VARIABLE, default_path
from deliverability.storage._reports import Reports, pack, unpack
from deliverability.storage._schema import EXPIRING, MIGRATIONS
from deliverability.storage._store import DEFAULT_MAX_BYTES, Store

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ENV_VARIABLE",
    "EXPIRING",
    "MIGRATIONS",
    "Reports",
    "Store",
    "default_path",
    "pack",
    "unpack",
]
