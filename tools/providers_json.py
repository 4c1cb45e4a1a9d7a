"""Write the provider data files (``providers/data/*.toml``) as one JSON document,
``providers/data/providers.json``, which the package reads at run time.

python tools/providers_json.py          # rewrite providers.json
python tools/providers_json.py --check  # exit 1 if providers.json is out of date

The TOML files are the source, written and reviewed by people; parsing them with the standard
library's pure-Python ``tomllib`` cost 3 % of a one-domain check's instructions, the JSON
copy next to nothing (docs/performance.md). The package validates the JSON's entries with the
same models, and a test checks the copy is up to date.
"""

from __future__ import annotations

import datetime
import json
import sys
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "deliverability" / "providers" / "data"
OUTPUT = DATA / "providers.json"


def _date(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{value!r} has no JSON form")


def document() -> str:
    """Every data file's table, by file name, in file-name order."""
    files = {
        path.name: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DATA.glob("*.toml"))
    }
    return json.dumps(files, ensure_ascii=False, indent=1, default=_date) + "\n"


def main() -> int:
    wanted = document()
    if "--check" in sys.argv[1:]:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != wanted:
            print(f"{OUTPUT.name} is out of date: run python tools/providers_json.py")
            return 1
        return 0
    OUTPUT.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
