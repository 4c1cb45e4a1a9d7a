"""Write the package's TOML data as JSON copies, which the package reads at run time.

python tools/data_json.py          # rewrite the copies
python tools/data_json.py --check  # exit 1 if a copy is out of date

- ``providers/data/*.toml`` (one file per provider) → ``providers/data/providers.json``;
- ``special_addresses.toml`` (the IANA address registries) → ``special_addresses.json``.

The TOML files are the source, written and reviewed by people, with their comments. Parsing
them with the standard library's pure-Python ``tomllib`` (and importing it) cost some 5 % of a
one-domain check, the JSON copies next to nothing (docs/performance.md). The package
validates what it reads from a copy as it would the TOML, and tests check each copy is up to
date and gives what its TOML gives.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "deliverability"
PROVIDERS = PACKAGE / "providers" / "data"


def _date(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{value!r} has no JSON form")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=_date) + "\n"


def _toml(path: Path) -> object:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def copies() -> dict[Path, str]:
    """Each JSON copy's path and wanted text."""
    providers = {path.name: _toml(path) for path in sorted(PROVIDERS.glob("*.toml"))}
    return {
        PROVIDERS / "providers.json": _json(providers),
        PACKAGE / "special_addresses.json": _json(_toml(PACKAGE / "special_addresses.toml")),
    }


def main() -> int:
    stale = []
    for path, wanted in copies().items():
        if "--check" not in sys.argv[1:]:
            path.write_text(wanted, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != wanted:
            stale.append(path.name)
    if stale:
        print(f"out of date: {', '.join(stale)}: run python tools/data_json.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
