"""Every output format as a streaming writer: begin(), item() per finished target, end().

``text`` and ``json`` wrap the one-report renderers of :mod:`deliverability.render.text` and
:mod:`deliverability.render.json`; ``jsonl``, ``junit`` and ``github`` are writers of their
own. Writers are handed each result as it arrives and keep none, so output starts with the
first finished target and memory does not grow with the list.
"""

from __future__ import annotations

import json
from typing import TextIO

from deliverability.baseline import Gate
from deliverability.batch import Item
from deliverability.render import github, jsonl, junit
from deliverability.render import text as text_render
from deliverability.render._writer import Writer

FORMATS = ("text", "json", "jsonl", "junit", "github")


class TextWriter(Writer):
    """Each report as the text renderer draws it; lines that are not targets go to ``errors``."""

    def __init__(self, stream: TextIO, *, gate: Gate, errors: TextIO, color: bool = False) -> None:
        super().__init__(stream, gate=gate)
        self._errors = errors
        self._color = color
        self._first = True

    def item(self, item: Item) -> None:
        if item.report is None:
            self._errors.write(f"deliverability: {item.listed.where}: {item.error}\n")
            return
        separator = "" if self._first else "\n"
        self._first = False
        report = text_render.render_report(self.gate.apply(item.report), color=self._color)
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


def writer(
    format: str,
    stream: TextIO,
    *,
    gate: Gate,
    errors: TextIO,
    single: bool = False,
    color: bool = False,
) -> Writer:
    """The writer for ``format`` (one of :data:`FORMATS`)."""
    if format == "text":
        return TextWriter(stream, gate=gate, errors=errors, color=color)
    if format == "json":
        return JsonWriter(stream, gate=gate, single=single)
    modules = {"jsonl": jsonl, "junit": junit, "github": github}
    if format not in modules:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    writer: Writer = modules[format].Writer(stream, gate=gate)
    return writer
