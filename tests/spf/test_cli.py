"""``deliverability spf``: output and exit codes, against the loopback DNS server."""

from __future__ import annotations

import json

import pytest

from deliverability.cli import ExitCode, main
from deliverability.testing import DnsServer

Z = "spf-engine.test"


def test_text_output(dns_server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "spf",
            f"main.{Z}",
            "--ip",
            "192.0.2.200",
            "--sender",
            f"billing@main.{Z}",
            "--nameserver",
            dns_server.address,
            "--timeout",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert out.splitlines()[0] == f"main.{Z} for 192.0.2.200: fail"
    assert f"matched:      -all (in main.{Z})" in out
    assert (
        f"explanation:  192.0.2.200 is not allowed to send for main.{Z} (sender billing@main.{Z})"
        in out
    )
    assert "DNS lookups:  3 of 10, void lookups 0 of 2" in out
    assert f"  include:inc.{Z} → inc.{Z}: v=spf1 ip4:203.0.113.0/24" in out
    assert f"    lookup inc.{Z} TXT:" in out  # the include's lookup, one level deeper


def test_json_output(dns_server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "spf",
            f"main.{Z}",
            "--ip",
            "2001:db8:1::3",
            "--format",
            "json",
            "--nameserver",
            dns_server.address,
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    assert (data["result"], data["matched"], data["lookups"]) == ("pass", "mx", 3)
    assert data["trace"][-1] == {
        "depth": 0,
        "domain": f"main.{Z}",
        "kind": "result",
        "text": "pass",
        "outcome": "",
    }


def test_result_is_not_an_exit_code(
    dns_server: DnsServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "spf",
                "timeout.test",
                "--ip",
                "192.0.2.1",
                "--nameserver",
                dns_server.address,
                "--timeout",
                "0.3",
            ]
        )
        == 0
    )
    assert "timeout.test for 192.0.2.1: temperror" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    (
        (
            ["spf", "example.com", "--ip", "192.0.2.300"],
            "--ip '192.0.2.300' is not an IPv4 or IPv6 address",
        ),
        (["spf", "example com", "--ip", "192.0.2.1"], "is not a domain"),
        (
            ["spf", "example.com", "--ip", "192.0.2.1", "--nameserver", "dns.example"],
            "nameserver 'dns.example'",
        ),
    ),
)
def test_bad_input_exits_2(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith("deliverability spf: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_missing_ip_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spf", "example.com"]) == ExitCode.USAGE
    assert "--ip" in capsys.readouterr().err


def test_text_output_in_french(dns_server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    # Like check: labels and sentences follow --lang; what DNS and the records said does not.
    arguments = ["--nameserver", dns_server.address, "--timeout", "1", "--lang", "fr"]
    sender = ["--sender", f"billing@main.{Z}"]
    assert main(["spf", f"main.{Z}", "--ip", "192.0.2.200", *sender, *arguments]) == ExitCode.OK
    assert main(["spf", f"nothing.{Z}", "--ip", "192.0.2.1", *arguments]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"main.{Z} pour 192.0.2.200 : fail"
    assert f"  terme décisif :  -all (dans main.{Z})\n" in out
    assert "  requêtes DNS :   3 sur 10, requêtes sans réponse 0 sur 2\n" in out
    assert f"  expéditeur :     billing@main.{Z}\n" in out
    assert "\nenregistrements :\n" in out and "\ndéroulé :\n" in out
    assert "  term   ip4:198.51.100.1  → ne correspond pas\n" in out
    assert "  term   -all  → correspond\n" in out
    reason = f"nothing.{Z} n'a pas d'enregistrement SPF (le nom n'existe pas)"
    assert f"  pourquoi :       {reason}\n" in out and f"  result none  → {reason}\n" in out
    assert not any(word in out for word in ("matched:", " of 10", "sender:", "(in ", "records:"))
