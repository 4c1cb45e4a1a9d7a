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
