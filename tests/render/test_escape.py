"""safe(): what a DNS record, a server reply or a pasted bounce may not do to the text output."""

from __future__ import annotations

import pytest

from deliverability.cli import ExitCode, main
from deliverability.render._escape import safe
from deliverability.testing import LOOKUP_TIMEOUT

FORGED = "  ✔ OK        Everything is fine  [spf.ok]"


@pytest.mark.parametrize(
    ("text", "shown"),
    (
        ("v=spf1 -all", "v=spf1 -all"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\r\\nb"),
        ("a\tb", "a\\tb"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("x\u202emoc.elpmaxe", "x\\u202emoc.elpmaxe"),
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("\u061c\u200b\u200c\u200d\u200e\u200f", "\\u061c\\u200b\\u200c\\u200d\\u200e\\u200f"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("\ufeffbom\u2060\ufff9", "\\ufeffbom\\u2060\\ufff9"),
        ("é ✔ 😀 ß", "é ✔ 😀 ß"),  # printable text stays as it is
        ("back\\slash", "back\\slash"),
    ),
)
def test_safe(text: str, shown: str) -> None:
    assert safe(text) == shown
    assert len(safe(text).splitlines()) <= 1


def test_a_record_cannot_forge_a_line_of_the_text_output(dns_server, capsys) -> None:
    """forged.test's DMARC record holds LF, CR, TAB and U+202E before a forged verdict (shown as
    evidence: with --verbose)."""
    main(
        [
            "check",
            "--nameserver",
            dns_server.address,
            "--timeout",
            str(LOOKUP_TIMEOUT),
            "forged.test",
            "-v",
        ]
    )
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if "Everything is fine" in line]
    assert shown and not [line for line in shown if line.lstrip().startswith("✔")]
    assert not {"\r", "\t", "\u202e", "\x0b"} & set(out)
    assert "none\\n  ✔ OK" in out and "\\u202emoc.elpmaxe" in out  # … as it is written


def test_explain_escapes_the_pasted_reply(capsys) -> None:
    reply = f"550 5.7.1 rejected\n{FORGED}\n\u202e"
    assert main(["explain", reply]) == ExitCode.OK
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if "Everything is fine" in line]
    assert shown and not [line for line in shown if line.lstrip().startswith("✔")]
    assert "\u202e" not in out


def test_batch_error_line_is_escaped(tmp_path, dns_server, capsys) -> None:
    listed = tmp_path / "domains.txt"
    listed.write_text("bad\x1b[2J domain\u202e\n", encoding="utf-8")
    main(["check", "--nameserver", dns_server.address, "--file", str(listed)])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "\\x1b[2J" in err


def test_a_bad_target_argument_is_escaped(capsys) -> None:
    assert main(["check", "bad\x1b[2J\u202e\n✔ OK"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "\x1b" not in err and "\u202e" not in err
