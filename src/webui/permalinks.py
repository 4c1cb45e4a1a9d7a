"""Shareable report links: reports kept in the store for a while under an unguessable id.

A support agent runs a check and pastes ``/r/<id>`` into the ticket; whoever opens it
sees the same report (in their own language) without sending DNS traffic again. The
reports live in the embedded store (:mod:`deliverability.storage`, SQLite), so every
worker process of the dashboard sees every link and a restart keeps them. After ``ttl``
seconds, beyond ``capacity`` links or the store's byte budget (the oldest go first), the
link answers 404 with a page that says the report has expired and offers to run the
check again.
"""

from __future__ import annotations

from deliverability.storage import Reports, Store

KIND = "permalink"


class Permalinks(Reports):
    """The dashboard's shared reports: :class:`~deliverability.storage.Reports` of one kind."""

    def __init__(self, store: Store, *, ttl: float, capacity: int | None = None) -> None:
        super().__init__(store, KIND, ttl=ttl, capacity=capacity)
