"""The test inbox: one-time addresses that take one message each, an SMTP listener that
records how it arrived, and its analysis into the same Report as everything else.

    store = deliverability.storage.Store(path)
    deliveries = Deliveries(store, "inbox.example.com")
    test = deliveries.create(lang="fr")              # test.address: t-…@inbox.example.com
    with InboxListener(deliveries, analyser(deliveries), host="0.0.0.0", port=25):
        ...                                          # deliveries.get(test.token).report

The dashboard runs the listener beside itself (``deliverability serve --smtp-listen``), or
``deliverability inbox`` runs it alone on the same store, for several dashboard workers.
"""

from deliverability.inbox._deliveries import (
    ADDRESS_TTL,
    RESULT_TTL,
    Deliveries,
    Delivery,
    State,
)
from deliverability.inbox._health import listening
from deliverability.inbox._listener import (
    IDLE_TIMEOUT,
    MAX_CONNECTIONS,
    MAX_MESSAGE_BYTES,
    Analyse,
    InboxListener,
)

__all__ = [
    "ADDRESS_TTL",
    "IDLE_TIMEOUT",
    "MAX_CONNECTIONS",
    "MAX_MESSAGE_BYTES",
    "RESULT_TTL",
    "Analyse",
    "Deliveries",
    "Delivery",
    "InboxListener",
    "State",
    "listening",
]
