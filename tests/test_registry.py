"""The finding-code registry: every code documented, produced by the code, tested, translated.

"Emitted" reads the sources' syntax: a code counts when a rule hands its symbol to
``finding()`` (``spf_codes.MULTIPLE``), an item of a table of symbols the call indexes
(``_MAILBOX_CODES[auth]``, the codes generated from the provider data), or when the packaged
reply table leads to it. A code merely listed somewhere (a set of allowed readings, a
cross-reference) does not count. "Tested" counts a code named by a test file other than this
one (whose lists name every code); a code generated from data counts when a test runs every
generated code.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from deliverability.checks import replies
from deliverability.codes import REGISTRY, Code
from deliverability.codes import requirements as requirement_codes

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TESTS = "\n".join(
    path.read_text(encoding="utf-8")
    for path in (ROOT / "tests").rglob("*.py")
    if path.resolve() != Path(__file__).resolve()
)
GENERATED = {code.code for code in requirement_codes.GENERATED.values()}
"""Codes generated from the provider data files, one per receiver."""


def _module(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def _handed(argument: ast.expr, namespace: dict[str, object]) -> Iterator[str]:
    """The codes an expression given to ``finding()`` can be: a symbol, a table's item, either
    branch of a conditional. A local variable (the reply table's reading) is data: skipped."""
    if isinstance(argument, ast.IfExp):
        yield from _handed(argument.body, namespace)
        yield from _handed(argument.orelse, namespace)
        return
    if isinstance(argument, ast.Name) and argument.id not in namespace:
        return
    if isinstance(argument, ast.Subscript):
        table = eval(ast.unparse(argument.value), namespace)  # noqa: S307 (our own sources)
        assert isinstance(table, Mapping), f"finding() is handed an item of {type(table)}"
        values = list(table.values())
    else:
        values = [eval(ast.unparse(argument), namespace)]  # noqa: S307
    for value in values:
        assert isinstance(value, Code), f"finding() is handed {ast.unparse(argument)}, not a Code"
        yield value.code


def _emitted() -> set[str]:
    found = {entry.finding for entry in replies.table().replies}
    for path in SRC.rglob("*.py"):
        if "codes" in path.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "finding"
                and node.args
            ):
                namespace = vars(importlib.import_module(_module(path)))
                found.update(_handed(node.args[0], namespace))
    return found


EMITTED = _emitted()

REQUIRED = [
    "mx.missing",
    "mx.null",
    "mx.cname",
    "mx.unresolvable",
    "mx.ip_literal",
    "mx.private_address",
    "spf.missing",
    "spf.multiple",
    "spf.syntax",
    "spf.too_many_lookups",
    "spf.too_many_void_lookups",
    "spf.permissive_all",
    "spf.no_all",
    "spf.ptr",
    "spf.include_missing",
    "spf.too_long",
    "spf.platform_not_authorized",
    "dmarc.missing",
    "dmarc.multiple",
    "dmarc.syntax",
    "dmarc.policy_none",
    "dmarc.rua_unauthorized",
    "dmarc.unaligned",
    "dns.unavailable",
    "dkim.missing",
    "dkim.weak_key",
    "dkim.syntax",
    "dkim.testing",
    "dkim.revoked",
    "ptr.missing",
    "ptr.mismatch",
    "sender.freemail",
    "smtp.ok",
    "smtp.unreachable",
    "smtp.timeout",
    "smtp.tls_failed",
    "smtp.cert_invalid",
    "smtp.cert_expiring",
    "smtp.no_starttls",
    "smtp.tls_mode_mismatch",
    "smtp.auth_failed",
    "smtp.app_password_required",
    "smtp.oauth_required",
    "smtp.auth_not_offered",
    "smtp.send_failed",
    "smtp.address_refused",
    "smtp.port25_blocked",
]


@pytest.mark.parametrize("code", REQUIRED)
def test_issue_codes_exist(code: str) -> None:
    assert code in REGISTRY


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_is_emitted(code: str) -> None:
    assert code in EMITTED, f"no rule emits {code}"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_is_tested(code: str) -> None:
    if code in GENERATED:
        assert "requirement_codes.GENERATED" in TESTS, f"no test runs every generated {code}"
    else:
        assert re.search(rf"[\"']{re.escape(code)}[\"']", TESTS), f"no test mentions {code}"


def test_generated_codes_match_the_data() -> None:
    receivers = {p.id for p in requirement_codes.all_providers() if p.requirements is not None}
    assert {f"requirements.{receiver}" for receiver in receivers} == GENERATED
    assert REGISTRY.keys() >= GENERATED


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_is_well_formed(code: str) -> None:
    entry = REGISTRY[code]
    assert re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", code)  # mta_sts.*, tls_rpt.* (issue 15)
    assert entry.title and entry.detail
    assert entry.fix or entry.severity.value in ("ok", "info"), f"{code} needs a fix"


def test_findings_doc_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "findings_doc.py"), "--check"], capture_output=True
    )
    assert result.returncode == 0, result.stderr.decode()
