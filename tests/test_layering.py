"""Rules and advice are pure: nothing under checks/ or advice/ imports the network."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "deliverability"
FORBIDDEN = (
    "socket",
    "ssl",
    "smtplib",
    "http",
    "urllib.request",
    "aiosmtplib",
    "dns.resolver",
    "dns.asyncresolver",
    "dns.query",
    "dns.asyncquery",
    "deliverability.dns",
    "deliverability.probes",
    "deliverability.testing",
    "deliverability.smtp.probe",
    "deliverability.smtp.submission",
)
PURE = sorted(path for folder in ("checks", "advice") for path in (PACKAGE / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_network_imports(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        for prefix in FORBIDDEN
        if name == prefix or name.startswith(prefix + ".")
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_report_model_imports_only_pydantic_and_facts() -> None:
    allowed = (
        "__future__",
        "datetime",
        "enum",
        "typing",
        "pydantic",
        "deliverability._model",
        "deliverability.facts",
    )
    assert all(name.startswith(allowed) for name in _imports(PACKAGE / "report.py"))


SMTP_IO = sorted(p for p in (PACKAGE / "smtp").glob("_*.py") if p.name != "__init__.py")
"""The SMTP probes (the package's ``__init__`` only re-exports)."""


@pytest.mark.parametrize("path", SMTP_IO, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_smtp_modules_do_io_only(path: Path) -> None:
    # Reading a reply into findings is a rule, and reports are assembled by the pipeline.
    judging = ("deliverability.checks", "deliverability.codes", "deliverability.report")
    assert not {name for name in _imports(path) if name.startswith(judging)}
