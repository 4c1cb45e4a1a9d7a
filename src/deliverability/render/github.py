"""GitHub Actions workflow annotations (``--format github``).

    ::error file=domains.txt,line=12,title=example.com%3A spf.multiple::Two SPF records…

A finding that fails the run is an ``error`` annotation; a new finding below that bar, from
``warning`` up, is a ``warning``; findings known from the baseline, ignored ones and ``info``
stay silent, so a night where nothing changed prints nothing. When the targets come from a
``--file``, each annotation points at the list's line, so it shows beside that line.

Workflow commands are one line each: a value from DNS with a newline could otherwise start a
command of its own. Text from DNS, a server or the input list first goes through the text
format's :func:`~deliverability.render._escape.safe` (ESC, other controls, line breaks and
bidirectional controls shown as ``\\x1b``, ``\\n``, ``\\u202e``), so an annotation shows what
was published, as the text output does. Then data escapes ``%``, CR and LF (``%25``, ``%0D``,
``%0A``: only the line breaks the annotation itself puts between title, detail and fix remain);
property values also escape ``:`` and ``,`` (``%3A``, ``%2C``), as GitHub's toolkit does.
"""

from __future__ import annotations

from deliverability.i18n import translator
from deliverability.render import _writer
from deliverability.render._escape import safe
from deliverability.report import Finding, Report, Severity
from deliverability.results import ARGUMENT, Item, Listed


def escape_data(text: str) -> str:
    """The message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (``title=``, ``file=``) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, *, listed: Listed, title: str) -> str:
    """One annotation line: ``::level file=…,line=…,title=…::message``."""
    properties = []
    if listed.source != ARGUMENT and not listed.source.startswith("<"):
        properties += [f"file={escape_property(listed.source)}", f"line={listed.line}"]
    properties.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(properties)}::{escape_data(message)}"


class Writer(_writer.Writer):
    """Streams annotations as targets finish."""

    def item(self, item: Item) -> None:
        if item.report is None:
            lines = [
                command(
                    "error",
                    safe(f"{item.listed.where}: {item.error}"),
                    listed=item.listed,
                    title="deliverability",
                )
            ]
        else:
            report = item.report
            lines = [
                command(
                    level,
                    _message(finding, report.lang),
                    listed=item.listed,
                    title=f"{safe(report.target)}: {finding.code}",
                )
                for finding in report.findings
                if (level := self._level(report, finding)) is not None
            ]
        if lines:
            self.stream.write("\n".join(lines) + "\n")
            self.stream.flush()

    def _level(self, report: Report, finding: Finding) -> str | None:
        if self.gate.fails(report, finding):
            return "error"
        if (
            finding.severity >= Severity.WARNING
            and not self.gate.ignored(finding.code)
            and not self.gate.known(report, finding)
        ):
            return "warning"
        return None


def _message(finding: Finding, lang: str) -> str:
    _ = translator(lang)
    parts = [safe(finding.title), safe(finding.detail)]
    if finding.fix:
        parts.append(_("Fix:") + " " + safe(finding.fix))
    return "\n".join(parts)
