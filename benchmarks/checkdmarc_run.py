"""Run checkdmarc 6.x on a list of domains against the benchmark's loopback DNS server.

    benchmarks/.venv/bin/python benchmarks/checkdmarc_run.py PORT DOMAINS_FILE > results.json

Runs in the benchmark's own environment (checkdmarc is not a dependency of the project's
batch path). The project's network guard is loaded from its file, so checkdmarc cannot reach
beyond loopback even where it would fetch over HTTPS (MTA-STS, BIMI): such a fetch fails at
once instead of leaving the machine.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

GUARD = (
    Path(__file__).resolve().parents[1] / "src" / "deliverability" / "testing" / "_network_guard.py"
)


def _guard() -> None:
    spec = importlib.util.spec_from_file_location("network_guard", GUARD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.enable()


def main() -> int:
    port, domains_file = int(sys.argv[1]), Path(sys.argv[2])
    _guard()
    import checkdmarc
    import dns.nameserver

    domains = [line.strip() for line in domains_file.read_text().splitlines() if line.strip()]
    results = checkdmarc.check_domains(
        domains, nameservers=[dns.nameserver.Do53Nameserver("127.0.0.1", port)]
    )
    results = results if isinstance(results, list) else [results]
    valid = {
        check: sum(1 for result in results if result.get(check, {}).get("valid"))
        for check in ("spf", "dmarc")
    }
    json.dump({"domains": len(results), "valid": valid}, sys.stdout)
    return 0 if len(results) == len(domains) else 2


if __name__ == "__main__":
    raise SystemExit(main())
