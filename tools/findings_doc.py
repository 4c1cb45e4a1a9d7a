"""Write docs/findings.md from the finding-code registry (the registry is the source).

python tools/findings_doc.py          # rewrite docs/findings.md
python tools/findings_doc.py --check  # exit 1 if docs/findings.md is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from deliverability.codes import REGISTRY, check_title
from deliverability.i18n import translator

DOC = Path(__file__).resolve().parent.parent / "docs" / "findings.md"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _shown(template: str) -> str:
    """Templates with their placeholders shown as <name>, escaped for a Markdown table."""
    return _PLACEHOLDER.sub(r"<\1>", template).replace("|", "\\|").replace("\n", " ")


def document() -> str:
    french = translator("fr")
    lines = [
        "# Finding codes",
        "",
        "Generated from the registry (`src/deliverability/codes/`) by `python tools/findings_doc.py`;",
        "do not edit by hand. Codes are stable API: CI users filter (`--ignore`) and baseline on them.",
        "Severities: `ok`, `info`, `warning`, `error`, `critical` (mail is being rejected or will be);",
        "a rule may raise or lower the default shown here when the facts warrant it.",
        "`<name>` stands for a value filled in from the facts.",
        "",
    ]
    documented_terms: dict[int, str] = {}
    checks: dict[str, list[str]] = {}
    for code in REGISTRY:
        checks.setdefault(code.partition(".")[0], []).append(code)
    for check, codes in checks.items():
        lines += [f"## {check_title(check, 'en')} — `{check}.*`", ""]
        for code in codes:
            entry = REGISTRY[code]
            lines += [f"### `{code}` ({entry.severity.value})", ""]
            lines += ["| | English | Français |", "|---|---|---|"]
            for label, template in (
                ("Title", entry.title),
                ("Meaning", entry.detail),
                ("Fix", entry.fix),
            ):
                if template:
                    lines.append(f"| {label} | {_shown(template)} | {_shown(french(template))} |")
            if entry.terms and id(entry.terms) in documented_terms:
                lines += ["", f"Words: as `{documented_terms[id(entry.terms)]}`."]
            elif entry.terms:
                documented_terms[id(entry.terms)] = code
                lines += ["", "Words (a parameter holding a key shows its text):", ""]
                lines += ["| Key | English | Français |", "|---|---|---|"]
                lines += [
                    f"| `{key}` | {_shown(text)} | {_shown(french(text))} |"
                    for key, text in entry.terms.items()
                ]
            if entry.references:
                lines += ["", "References: " + "; ".join(entry.references)]
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = document()
    if "--check" in argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(
                "docs/findings.md is out of date: run python tools/findings_doc.py", file=sys.stderr
            )
            return 1
        return 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.name}: {len(REGISTRY)} codes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
