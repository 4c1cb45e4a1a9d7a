"""Every output format as a streaming writer: begin(), item() per finished target, end().

``text`` and ``json`` wrap the one-report renderers of :mod:`deliverability.render.text` and
:mod:`deliverability.render.json`; ``jsonl``, ``junit`` and ``github`` are writers of their
own. Writers are handed each result as it arrives and keep none, so output starts with the
first finished target and memory does not grow with the list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import NamedTuple, TextIO

from deliverability.baseline import Gate
from deliverability.render import github, jsonl
from deliverability.render import text as text_render
from deliverability.render._escape import safe
from deliverability.render._writer import Writer
from deliverability.results import Item


class TextWriter(Writer):
    """Each report as the text renderer draws it; lines that are not targets go to ``errors``."""

    def __init__(
        self,
        stream: TextIO,
        *,
        gate: Gate,
        errors: TextIO,
        color: bool = False,
        verbose: bool = False,
    ) -> None:
        super().__init__(stream, gate=gate)
        self._errors = errors
        self._color = color
        self._verbose = verbose
        self._first = True

    def item(self, item: Item) -> None:
        if item.report is None:
            self._errors.write(f"deliverability: {safe(f'{item.listed.where}: {item.error}')}\n")
            return
        separator = "" if self._first else "\n"
        self._first = False
        report = text_render.render_report(
            self.gate.apply(item.report), color=self._color, verbose=self._verbose
        )
        self.stream.write(separator + report + "\n")
        self.stream.flush()


class JsonWriter(Writer):
    """One JSON document: the report itself for a single target, else a list written as it grows."""

    def __init__(self, stream: TextIO, *, gate: Gate, single: bool = False) -> None:
        super().__init__(stream, gate=gate)
        self._single = single
        self._count = 0

    def begin(self) -> None:
        if not self._single:
            self.stream.write("[")

    def item(self, item: Item) -> None:
        if item.report is None:
            value = json.dumps(jsonl.error_entry(item), ensure_ascii=False, indent=2)
        else:
            value = self.gate.apply(item.report).model_dump_json(indent=2)
        prefix = "" if self._single else ("\n" if self._count == 0 else ",\n")
        self._count += 1
        self.stream.write(prefix + value)
        self.stream.flush()

    def end(self) -> None:
        self.stream.write("\n" if self._single else "\n]\n")
        self.stream.flush()


class Destination(NamedTuple):
    """Where a writer writes and what it may use besides the stream."""

    gate: Gate
    """Which findings fail the run (``--fail-on``, ``--ignore``, ``--baseline``)."""
    errors: TextIO
    """Where the text format writes lines that are not targets."""
    single: bool = False
    """One target: JSON is the report itself rather than a list."""
    color: bool = False
    """Colour the text (a terminal that wants it)."""
    verbose: bool = False
    """Text: each finding's detail and evidence too (``--verbose``)."""


class Format(NamedTuple):
    """An output format: the file name ending ``--save`` recognises, and how to make its writer."""

    extension: str | None
    """``None`` for a format only a CI runner reads from standard output."""
    make: Callable[[TextIO, Destination], Writer]


def _junit(out: TextIO, to: Destination) -> Writer:
    # Imported here: the JUnit writer and xml.etree under it are for the runs that ask for them.
    from deliverability.render import junit

    return junit.Writer(out, gate=to.gate)


FORMATS: Mapping[str, Format] = {
    "text": Format(
        ".txt",
        lambda out, to: TextWriter(
            out, gate=to.gate, errors=to.errors, color=to.color, verbose=to.verbose
        ),
    ),
    "json": Format(".json", lambda out, to: JsonWriter(out, gate=to.gate, single=to.single)),
    "jsonl": Format(".jsonl", lambda out, to: jsonl.Writer(out, gate=to.gate)),
    "junit": Format(".xml", _junit),
    "github": Format(None, lambda out, to: github.Writer(out, gate=to.gate)),
}
"""Every output format by name (``--format``, ``--save``)."""


def writer(format: str, stream: TextIO, destination: Destination) -> Writer:
    """The writer for ``format`` (a name of :data:`FORMATS`)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[format].make(stream, destination)


def format_of(path: str) -> str | None:
    """The format a file name asks for by its ending (``tonight.jsonl`` is jsonl), if any."""
    for name, format in FORMATS.items():
        if format.extension and path.lower().endswith(format.extension):
            return name
    return None
