"""Rules and advice are pure: nothing under checks/ or advice/ imports the network, neither
itself nor through what it imports; renderers do not import the pipeline."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "deliverability"
NETWORK = (
    "ssl",
    "smtplib",
    "http.client",
    "urllib.request",
    "aiosmtplib",
    "httpx",
    "dkim",
    "dns.resolver",
    "dns.asyncresolver",
    "dns.query",
    "dns.asyncquery",
    "deliverability.dns._resolver",
    "deliverability.https",
    "deliverability.probes",
    "deliverability.testing",
    "deliverability.smtp._session",
    "deliverability.smtp._mx",
    "deliverability.smtp._submission",
    "deliverability.diagnosis",
    "deliverability.batch",
)
"""What a rule may not load, even indirectly: network clients, the resolver, the probes, the
pipeline. (``socket`` itself is no I/O: the standard library's e-mail parser imports it.)"""
FORBIDDEN = (*NETWORK, "socket", "deliverability.dns")
"""What a rule may not import itself."""
PURE = sorted(path for folder in ("checks", "advice") for path in (PACKAGE / folder).rglob("*.py"))


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


@pytest.mark.parametrize("name", FORBIDDEN)
def test_every_forbidden_name_is_a_module_that_exists(name: str) -> None:
    assert importlib.util.find_spec(name) is not None, f"{name} names no module: a stale rule"


def test_rules_advice_and_renderers_load_no_network_even_indirectly() -> None:
    # One fresh interpreter imports each module in turn and says what each one pulled in first.
    modules = [
        _module(path)
        for folder in ("checks", "advice", "render", "codes")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
    ]
    script = f"""
import importlib, json, sys
network = {NETWORK!r}
loaded, blamed = set(), {{}}
for name in {modules!r}:
    importlib.import_module(name)
    new = {{m for m in sys.modules if any(m == n or m.startswith(n + ".") for n in network)}}
    if new - loaded:
        blamed[name] = sorted(new - loaded)
    loaded |= new
print(json.dumps(blamed))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {}


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
