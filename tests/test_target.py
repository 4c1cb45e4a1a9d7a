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
        # IDNA 2008 keeps ß (IDNA 2003 mapped it to "ss", another domain).
        ("faß.de", "xn--fa-hia.de", None),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    (
        ("mailto:artisan@example.fr", "artisan@example.fr"),
        ("MAILTO:artisan@example.fr?subject=Devis", "artisan@example.fr"),
        ("mailto:artisan%40example.fr", "artisan@example.fr"),
        ("<artisan@example.fr>", "artisan@example.fr"),
        ("Jean Dupont <artisan@example.fr>", "artisan@example.fr"),
        ('"Dupont, Jean" <artisan@example.fr>', "artisan@example.fr"),
        ('"Jean \\"JD\\" Dupont" <Artisan@Example.FR.>', "Artisan@example.fr"),
        ("<mailto:artisan@example.fr>", "artisan@example.fr"),
        ("\t artisan@example.fr. \n", "artisan@example.fr"),
        ("example.fr.", "example.fr"),
        ("https://www.example.fr/contact", "www.example.fr"),
        ("http://Example.FR:8080/?q=1#top", "example.fr"),
        ("https://user@www.example.fr/", "www.example.fr"),
    ),
)
def test_inputs_as_people_type_them(text: str, expected: str) -> None:
    assert str(parse_target(text)) == expected


def test_a_web_address_is_kept_so_the_report_can_say_so() -> None:
    assert parse_target("https://www.example.fr/contact").url == "https://www.example.fr/contact"
    assert parse_target("www.example.fr").url is None


@pytest.mark.parametrize(
    ("text", "reason", "instead"),
    (
        ("artisan@@wanadoo.fr", "2 @ signs", "name@example.fr"),
        ("a@b@wanadoo.fr", "2 @ signs", "name@example.fr"),
        ("@wanadoo.fr", "nothing before the @", "example.fr"),
        ("mailto:@wanadoo.fr", "nothing before the @", "example.fr"),
        ("Jean <@wanadoo.fr>", "nothing before the @", "example.fr"),
        ('"a b"@example.fr', "quoted", "without quotes"),
        ('"artisan"@example.fr', "quoted", "without quotes"),
        ('Jean "JD <artisan@example.fr>', "stray quotes", "address alone"),
        ("Jean <artisan@example.fr", "stray < or >", "address alone"),
        ("artisan@example.fr>", "stray < or >", "address alone"),
        ("mailto:a@example.fr,b@example.fr", "several addresses", "type one"),
        ("https:///contact", "web address without a host", "domain alone"),
        ("mailto:", "empty", ""),
        (".artisan@example.fr", "starts or ends with a dot", "name@example.fr"),
        ("arti..san@example.fr", "two in a row", "name@example.fr"),
    ),
)
def test_oddities_are_refused_saying_what_to_type(text: str, reason: str, instead: str) -> None:
    with pytest.raises(TargetError) as caught:
        parse_target(text)
    english, french = caught.value.message("en"), caught.value.message("fr")
    assert reason in english and instead in english
    assert "\n" not in english + french and english != french


# The grammar of what people paste: a local part, a domain, and the wrappings around them.
_LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_DOMAIN = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.sampled_from(["fr", "example", "test", "com"]),
)
_LOCAL = st.from_regex(r"[A-Za-z0-9_+-]{1,12}(\.[A-Za-z0-9_+-]{1,8}){0,2}", fullmatch=True)
_NAME = st.one_of(
    st.from_regex(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]{0,20}", fullmatch=True),
    st.from_regex(r'"[A-Za-zÀ-ÿ ,.<>@-]{0,20}"', fullmatch=True),
)
_SPACE = st.sampled_from(["", " ", "  ", "\t", "\n"])


@st.composite
def _typed_address(draw: st.DrawFn) -> tuple[str, str]:
    """(what a person may type, the address it names)."""
    local, domain = draw(_LOCAL), draw(_DOMAIN)
    shown = domain.upper() if draw(st.booleans()) else domain
    address = f"{local}@{shown}" + ("." if draw(st.booleans()) else "")
    wrapping = draw(st.sampled_from(["{a}", "mailto:{a}", "<{a}>", "{n} <{a}>", "<mailto:{a}>"]))
    typed = wrapping.format(a=address, n=draw(_NAME).strip() or "x")
    return draw(_SPACE) + typed + draw(_SPACE), f"{local}@{domain}"


@st.composite
def _typed_domain(draw: st.DrawFn) -> tuple[str, str]:
    domain = draw(_DOMAIN)
    wrapping = draw(
        st.sampled_from(
            ["{d}", "{d}.", "https://{d}/", "http://{d}/contact?x=1", "https://{d}:443"]
        )
    )
    return draw(_SPACE) + wrapping.format(d=domain) + draw(_SPACE), domain


@given(st.one_of(_typed_address(), _typed_domain()))
def test_every_way_of_typing_a_target_names_the_same_target(case: tuple[str, str]) -> None:
    typed, expected = case
    assert str(parse_target(typed)) == expected


_WRAPPED = st.builds(
    lambda before, core, after: before + core + after,
    st.sampled_from(["", "mailto:", "<", '"', "Name <", "https://", "@"]),
    st.text(alphabet=st.sampled_from('ab.@<>":/ -\\x%'), max_size=20),
    st.sampled_from(["", ">", ".", '"', "/", "?q"]),
)


@given(st.one_of(st.text(max_size=300), _WRAPPED))
def test_anything_typed_is_a_target_or_one_line_in_both_languages(text: str) -> None:
    try:
        target = parse_target(text)
    except TargetError as error:
        for lang in ("en", "fr"):
            message = error.message(lang)  # type: ignore[arg-type]
            assert "\n" not in message and len(message) < 400
    else:
        assert target.domain == target.domain.lower() and len(target.domain) <= 253
        assert not set(str(target)) & set(' <>"\n\t'), "the normalised target is bare"


def test_the_report_says_the_host_of_a_web_address_was_checked(diagnose_here) -> None:
    report = diagnose_here("https://dmarc-none.test/contact", lang="fr")
    assert report.target == "dmarc-none.test"
    said = next(f for f in report.findings if f.code == "target.host_of_url")
    assert said.params == {"domain": "dmarc-none.test", "url": "https://dmarc-none.test/contact"}
    assert (
        said.title
        == "Vérifié : dmarc-none.test, l'hôte de l'adresse web https://dmarc-none.test/contact"
    )
    assert "target.host_of_url" not in diagnose_here("dmarc-none.test").codes()
