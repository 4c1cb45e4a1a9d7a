"""Start-up stays light: checkdmarc and httpx load only for domains that publish the records
that need them (the foundation's start-up and batch figures hold)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HEAVY = ("checkdmarc", "httpx", "pyleri", "xmltodict", "requests")


def loaded(code: str) -> set[str]:
    script = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return {name.split(".")[0] for name in result.stdout.split()}


def test_import_and_help_load_nothing_new() -> None:
    assert not loaded("import deliverability").intersection(HEAVY)
    help_run = "import contextlib, io\nfrom deliverability.cli import main\n"
    help_run += "with contextlib.redirect_stdout(io.StringIO()): main(['check', '--help'])"
    assert not loaded(help_run).intersection(HEAVY)


def _diagnosis(domain: str, nameserver: str) -> str:
    return textwrap.dedent(
        f"""
        from deliverability import diagnose_sync
        from deliverability.dns import Resolver
        diagnose_sync({domain!r}, resolver=Resolver([{nameserver!r}], timeout=0.5))
        """
    )


def test_a_domain_without_the_records_imports_no_checkdmarc(dns_server) -> None:  # noqa: ANN001
    modules = loaded(_diagnosis("rep-clean.test", dns_server.address))
    assert not modules.intersection(HEAVY), modules.intersection(HEAVY)


def test_a_domain_with_an_mta_sts_record_does(dns_server) -> None:  # noqa: ANN001
    # The policy host resolves to loopback, which the default address policy refuses, so
    # nothing is fetched: the record alone brings checkdmarc in, to parse it.
    modules = loaded(_diagnosis("multi.sts.test", dns_server.address))
    assert "checkdmarc" in modules
