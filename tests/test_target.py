"""Targets: normalisation, and one clear line for every kind of bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliverability.diagnosis import diagnose_sync
from deliverability.errors import DeliverabilityError, InputTypeError
from deliverability.target import TargetError, parse_target


@pytest.mark.parametrize(
    ("text", "domain", "local_part"),
    (
        ("example.fr", "example.fr", None),
        ("Example.FR.", "example.fr", None),
        ("  example.fr  ", "example.fr", None),
        ("Artisan.Dupont@Wanadoo.FR", "wanadoo.fr", "Artisan.Dupont"),
        ("exämple.fr", "xn--exmple-cua.fr", None),
        ("contact@élan.example", "xn--lan-9la.example", "contact"),
        ("_dmarc.example.fr", "_dmarc.example.fr", None),
    ),
)
def test_normalised(text: str, domain: str, local_part: str | None) -> None:
    target = parse_target(text)
    assert (target.domain, target.local_part) == (domain, local_part)


@pytest.mark.parametrize(
    ("text", "reason"),
    (
        ("", "empty"),
        ("   ", "empty"),
        ("exa mple.fr", "space"),
        ("192.0.2.1", "IP address"),
        ("2001:db8::1", "IP address"),
        ("x@[192.0.2.1]", "IP address literal"),
        ("a" * 64 + ".fr", "longer than 63"),
        (".".join(["abcdefghi"] * 26) + ".fr", "longer than 253"),
        ("localhost", "two labels"),
        ("a..fr", "empty label"),
        ("-bad.fr", "hyphen"),
        ("bad!.fr", "not allowed"),
        ("@example.fr", "nothing before"),
        ("x" * 65 + "@example.fr", "too long"),
        ("ex\x1bample.fr", "control character"),
    ),
)
def test_rejected_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message and len(message) < 200


def test_errors_are_worded_in_french_too() -> None:
    with pytest.raises(TargetError) as caught:
        parse_target("exa mple.fr")
    assert (
        caught.value.message("fr")
        == "'exa mple.fr' n'est ni un domaine ni une adresse e-mail : il contient une espace"
    )
    assert str(caught.value) == caught.value.message("en")


@given(st.text(max_size=300))
def test_any_text_is_a_target_or_a_target_error(text: str) -> None:
    try:
        target = parse_target(text)
    except TargetError as error:
        assert "\n" not in error.message("en") + error.message("fr")
    else:
        assert target.domain == target.domain.lower() and len(target.domain) <= 253


@pytest.mark.parametrize("lang", ("en", "fr"))
def test_a_10_mb_target_is_refused_on_its_length_alone(lang: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target("a" * 10_000_000 + ".example")
    line = caught.value.message(lang)
    assert "\n" not in line and len(line) < 300
    assert "10000008" in line and "1024" in line


@pytest.mark.parametrize(
    ("argument", "value"),
    (("resolver", "x"), ("platform", {}), ("platform", "platform.toml"), ("resolver", 53)),
)
def test_a_wrong_typed_argument_is_one_clear_library_error(argument: str, value: object) -> None:
    with pytest.raises(InputTypeError) as caught:
        diagnose_sync("example.com", **{argument: value})
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, DeliverabilityError)
    assert argument in str(caught.value) and type(value).__name__ in str(caught.value)
    assert caught.value.message("fr") != str(caught.value)
