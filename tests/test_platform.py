"""The platform profile: the example loads, and a bad file gets one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from deliverability import PlatformError, load_platform
from deliverability.cli import ExitCode, main
from deliverability.demo import world

EXAMPLE = Path(str(world() / "platform.toml"))

GOOD = """
[platform]
name = "Devis Express"
spf_include = "_spf.platform.example"
sending_ips = ["192.0.2.25"]
return_path_domain = "bounce.platform.example"
helo = "out1.platform.example"
dkim_selectors = ["dx1"]
from_domain = "platform.example"
"""


def test_example_profile_loads() -> None:
    platform = load_platform(EXAMPLE)
    assert platform.spf_include == "_spf.platform.example"
    assert platform.sending_addresses == ["192.0.2.25", "192.0.2.26", "2001:db8::25"]


def test_top_level_keys_are_accepted_too(tmp_path: Path) -> None:
    path = tmp_path / "flat.toml"
    path.write_text(GOOD.replace("[platform]", ""), encoding="utf-8")
    assert load_platform(path).name == "Devis Express"


@pytest.mark.parametrize(
    ("change", "message"),
    (
        (('sending_ips = ["192.0.2.25"]', 'sending_ips = ["192.0.2.999"]'), "sending_ips"),
        (('sending_ips = ["192.0.2.25"]', "sending_ips = []"), "sending_ips"),
        (('spf_include = "_spf.platform.example"', 'spf_include = "not a domain"'), "spf_include"),
        (('dkim_selectors = ["dx1"]', 'dkim_selectors = ["bad selector"]'), "selector"),
        (('name = "Devis Express"', 'name = "Devis Express"\ncolour = "blue"'), "colour"),
        (('from_domain = "platform.example"', ""), "from_domain"),
        (("[platform]", "[platform"), "not valid TOML"),
    ),
)
def test_bad_profile_is_one_clear_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(PlatformError) as caught:
        load_platform(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PlatformError, match="No such file"):
        load_platform(tmp_path / "absent.toml")


def test_cli_reports_a_bad_profile_with_exit_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "platform.toml"
    path.write_text("sending_ips = 3", encoding="utf-8")
    assert main(["check", "--platform", str(path), "example.test"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "platform profile" in err
