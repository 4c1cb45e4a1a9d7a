"""The shape every streaming output format shares: begin, one item per finished target, end."""

from __future__ import annotations

from typing import TextIO

from deliverability.baseline import Gate
from deliverability.results import Item


class Writer:
    """Writes to ``stream``; ``gate`` says which findings fail the run and which are ignored.

    A format overrides :meth:`item`, and :meth:`begin`/:meth:`end` when it has a header or
    a footer. Nothing is kept between items: memory does not grow with the list.
    """

    def __init__(self, stream: TextIO, *, gate: Gate) -> None:
        self.stream = stream
        self.gate = gate

    def begin(self) -> None:
        """Before the first item."""

    def item(self, item: Item) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """After the last item."""
