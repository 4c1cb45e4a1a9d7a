"""The platform profile: the example loads, and a bad file gets one clear line."""

from __future__ import annotations

import re
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


def _error(tmp_path: Path, text: str) -> PlatformError:
    path = tmp_path / "platform.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlatformError) as caught:
        load_platform(path)
    return caught.value


FLAT = GOOD.replace("[platform]\n", "")
"""The same profile with its settings at the top level (line 1 is empty, name is line 2)."""


@pytest.mark.parametrize(
    ("change", "problem"),
    (
        (
            ('sending_ips = ["192.0.2.25"]', 'sending_ips = ["51.38.10"]'),
            "sending_ips: '51.38.10' is not an IPv4 or IPv6 address (line 4)",
        ),
        (
            (
                'sending_ips = ["192.0.2.25"]',
                'sending_ips = [\n  "192.0.2.25",\n  "2001:db8::zz",\n]',
            ),
            "sending_ips: '2001:db8::zz' is not an IPv4 or IPv6 address (line 6)",
        ),
        (
            ('sending_ips = ["192.0.2.25"]', 'sending_ips = "192.0.2.25"'),
            """sending_ips: '192.0.2.25' should be a list in brackets, ["…"] (line 4)""",
        ),
        (
            ('sending_ips = ["192.0.2.25"]', "sending_ips = []"),
            "sending_ips needs at least one value (line 4)",
        ),
        (
            ('helo = "out1.platform.example"', 'helo = "out1..platform.example"'),
            "helo: 'out1..platform.example' is not a domain name: it has an empty label",
        ),
        (
            ('dkim_selectors = ["dx1"]', 'dkim_selectors = ["dx1", "bad selector"]'),
            "dkim_selectors: 'bad selector' is not a DKIM selector",
        ),
        (('name = "Devis Express"', 'name = ""'), "name is empty (line 2)"),
        (('name = "Devis Express"', "name = 3"), "name: 3 should be text in quotes (line 2)"),
        (('from_domain = "platform.example"', ""), "from_domain is missing"),
        (
            (
                'from_domain = "platform.example"',
                'from_domain = "platform.example"\ncolour = "blue"',
            ),
            "colour is not a setting of a profile (the settings are name, spf_include,",
        ),
    ),
)
def test_a_problem_names_the_setting_the_value_and_the_line(
    tmp_path: Path, change: tuple[str, str], problem: str
) -> None:
    for layout, text in (("flat", FLAT), ("table", GOOD)):
        error = _error(tmp_path, text.replace(*change))
        shifted = re.sub(r"\(line (\d+)\)", lambda m: f"(line {int(m[1]) + 1})", problem)
        assert (problem if layout == "flat" else shifted) in str(error), layout
        assert "lax-or-strict" not in str(error) and "Input" not in str(error)
        french = error.message("fr")
        assert "\n" not in french and "is not" not in french and "should be" not in french


def test_one_problem_per_value_not_per_pydantic_reading(tmp_path: Path) -> None:
    error = _error(
        tmp_path, FLAT.replace('sending_ips = ["192.0.2.25"]', 'sending_ips = ["51.38.10"]')
    )
    assert str(error).count("51.38.10") == 1
    assert error.message("fr").endswith(
        "sending_ips : '51.38.10' n'est pas une adresse IPv4 ou IPv6 (ligne 4)"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    (
        (GOOD.replace("[platform]", "[profile]"), "found [profile]"),
        (GOOD + "\n[other]\nx = 1\n", "found [platform], [other]"),
        ('colour = "blue"\n', "found colour"),
        ("", "found nothing"),
    ),
)
def test_any_other_layout_is_one_line_saying_what_is_expected(
    tmp_path: Path, text: str, found: str
) -> None:
    error = _error(tmp_path, text)
    assert str(error).endswith(
        "expected the settings (name, spf_include, sending_ips, return_path_domain, helo, "
        f"dkim_selectors, from_domain) at the top of the file or under a [platform] table, and "
        f"nothing else; {found}"
    )
    assert "sous une table [platform]" in error.message("fr")
    assert "found" not in error.message("fr")


def test_the_value_of_a_secret_setting_is_never_repeated() -> None:
    from pydantic import ValidationError

    from deliverability.advice import _profile
    from deliverability.advice.platform import Platform

    text = "name = 12345\n"
    with pytest.raises(ValidationError) as caught:
        Platform.model_validate({"name": 12345})
    fields = list(Platform.model_fields)
    shown = [str(p) for p in _profile.problems(caught.value, text, fields)]
    hidden = [
        str(p) for p in _profile.problems(caught.value, text, fields, secret=frozenset({"name"}))
    ]
    assert any("12345" in line for line in shown)
    assert not any("12345" in line for line in hidden)
    assert "name: … should be text in quotes (line 1)" in hidden


def test_the_cli_words_a_bad_profile_in_french(tmp_path: Path, capsys) -> None:
    path = tmp_path / "platform.toml"
    path.write_text(FLAT.replace('"192.0.2.25"', '"51.38.10"'), encoding="utf-8")
    assert (
        main(["check", "--lang", "fr", "--platform", str(path), "example.test"]) == ExitCode.USAGE
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "profil de plateforme" in err and "n'est pas une adresse IPv4 ou IPv6 (ligne 4)" in err
