"""The finding-code registry: every code documented, produced by the code, tested, translated."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from deliverability import codes, providers
from deliverability.checks import replies
from deliverability.codes import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SOURCES = "\n".join(
    path.read_text(encoding="utf-8")
    for path in (ROOT / "src").rglob("*.py")
    if "codes" not in path.relative_to(ROOT / "src").parts
)
TESTS = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "tests").rglob("*.py"))

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
    "requirements.gmail",
    "requirements.yahoo",
    "requirements.outlook",
    "requirements.orange",
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


def _symbols() -> dict[str, str]:
    """``codes.spf.MULTIPLE`` as a rule writes it (``spf_codes.MULTIPLE``), by code."""
    return {
        value.code: rf"\b{module.__name__.rpartition('.')[2]}_codes\.{name}\b"
        for module in codes._MODULES
        for name, value in vars(module).items()
        if isinstance(value, codes.Code)
    }


def _chosen_by_data() -> set[str]:
    """Codes a data file leads to: the reply table's readings, the receivers' requirements."""
    readings = {entry.finding for entry in replies.table().replies}
    receivers = {f"requirements.{p.id}" for p in providers.all_providers() if p.requirements}
    return readings | receivers


SYMBOLS = _symbols()
CHOSEN_BY_DATA = _chosen_by_data()


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_is_emitted_and_tested(code: str) -> None:
    emitted = code in CHOSEN_BY_DATA or (
        code in SYMBOLS and re.search(SYMBOLS[code], SOURCES) is not None
    )
    assert emitted, f"no rule emits {code}"
    assert code in TESTS, f"no test mentions {code}"


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
