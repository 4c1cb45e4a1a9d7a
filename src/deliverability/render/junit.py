"""JUnit XML (``--format junit``) for GitLab, Jenkins and any CI that reads test reports.

One ``<testsuite>`` per target and one ``<testcase>`` per check (``mx``, ``spf``, ``dmarc`` …):
a check fails when it has findings that fail the run (``--fail-on``, after ``--ignore`` and
``--baseline``); its findings below that bar are listed in the testcase's ``<system-out>``.
A check that could only report "could not check" (``dns.unavailable``) without failing is
``<skipped>``: it is not a pass. A list line that is not a target is a suite with an
``<error>``. Suites are written as targets finish, so the document streams; the totals that
JUnit keeps on ``<testsuites>`` are optional and left out for that reason.

Everything from DNS is hostile: characters XML 1.0 cannot carry are replaced, and
ElementTree escapes the rest.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from deliverability.facts import Facts
from deliverability.i18n import translator
from deliverability.render import _writer
from deliverability.report import Finding, Report
from deliverability.results import Item

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNAVAILABLE = "dns.unavailable"


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def checks_of(report: Report) -> list[str]:
    """The checks that ran (their facts are present) and any other check a finding names."""
    names = [name for name in Facts.model_fields if getattr(report.facts, name) is not None]
    names.extend(f.check for f in report.findings if f.check not in names)
    return list(dict.fromkeys(names))


class Writer(_writer.Writer):
    """Streams a ``<testsuites>`` document, one suite per target."""

    def begin(self) -> None:
        self.stream.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="deliverability">\n'
        )

    def item(self, item: Item) -> None:
        suite = (
            self._error_suite(item)
            if item.report is None
            else self._suite(self.gate.apply(item.report))
        )
        ET.indent(suite, space="  ", level=1)
        self.stream.write("  " + ET.tostring(suite, encoding="unicode") + "\n")
        self.stream.flush()

    def end(self) -> None:
        self.stream.write("</testsuites>\n")
        self.stream.flush()

    def _suite(self, report: Report) -> ET.Element:
        suite = ET.Element("testsuite", name=xml_text(report.target))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for check in checks_of(report):
            findings = [f for f in report.findings if f.check == check]
            failing = [f for f in findings if self.gate.fails(report, f)]
            case = ET.SubElement(suite, "testcase", classname=xml_text(report.target), name=check)
            counts["tests"] += 1
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=" ".join(dict.fromkeys(f.code for f in failing)),
                    message=xml_text(_message(failing)),
                )
                failure.text = xml_text("\n\n".join(_describe(f, report.lang) for f in failing))
            elif findings and all(f.code == _UNAVAILABLE for f in findings):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=xml_text(findings[0].title))
            rest = [f for f in findings if f not in failing]
            if rest:
                out = ET.SubElement(case, "system-out")
                out.text = xml_text("\n".join(self._line(report, f) for f in rest))
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", f"{report.duration_ms / 1000:.3f}")
        suite.set("timestamp", report.checked_at.strftime("%Y-%m-%dT%H:%M:%S"))
        return suite

    def _error_suite(self, item: Item) -> ET.Element:
        name = xml_text(item.listed.text)
        suite = ET.Element("testsuite", name=name, tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=name, name="target")
        error = ET.SubElement(case, "error", type="target", message=xml_text(item.error or ""))
        error.text = xml_text(f"{item.listed.where}: {item.error}")
        return suite

    def _line(self, report: Report, finding: Finding) -> str:
        _ = translator(report.lang)
        line = f"[{finding.severity.value}] {finding.code}: {finding.title}"
        if self.gate.known(report, finding):
            line += " " + _("(known from the baseline)")
        return line


def _message(failing: list[Finding]) -> str:
    first = failing[0]
    more = f" (+{len(failing) - 1} more)" if len(failing) > 1 else ""
    return f"[{first.severity.value}] {first.code}: {first.title}{more}"


def _describe(finding: Finding, lang: str) -> str:
    _ = translator(lang)
    lines = [f"[{finding.severity.value}] {finding.code}: {finding.title}", finding.detail]
    if finding.evidence:
        lines.extend(["", *finding.evidence])
    if finding.fix:
        lines.extend(["", _("Fix:") + " " + finding.fix])
    return "\n".join(lines)
