"""The SPF grammar: what parses into what, and where a syntax error is reported."""

from __future__ import annotations

import contextlib
import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deliverability.spf import SpfSyntaxError, is_spf_record, parse_record
from deliverability.spf._macro import MacroValues, expand, expand_domain
from deliverability.spf._record import parse_macro_string


@pytest.mark.parametrize(
    ("text", "expected"),
    (
        ("v=spf1", True),
        ("v=spf1 -all", True),
        ("V=SpF1 ~all", True),
        ("v=spf10", False),
        ("v=spf1-all", False),
        (b"v=spf1 a", True),
        (b"\x96", False),
        ("spf2.0/pra -all", False),
    ),
)
def test_record_selection(text: str | bytes, expected: bool) -> None:
    assert is_spf_record(text) is expected


def test_terms_qualifiers_and_arguments() -> None:
    record = parse_record(
        "v=spf1  +a mx:mail.example.com/24//64 ~ip4:192.0.2.0/24 ?ip6:2001:db8::/32 "
        "-include:_spf.example.com exists:%{i}.bl.example.com ptr ~all redirect=_spf.example.net "
        "exp=why.example.com moo=cow "
    )
    kinds = [(m.qualifier, m.name) for m in record.mechanisms]
    assert kinds == [
        ("+", "a"),
        ("+", "mx"),
        ("~", "ip4"),
        ("?", "ip6"),
        ("-", "include"),
        ("+", "exists"),
        ("+", "ptr"),
        ("~", "all"),
    ]
    mx = record.mechanisms[1]
    assert (mx.domain.text, mx.cidr4, mx.cidr6) == ("mail.example.com", 24, 64)  # type: ignore[union-attr]
    assert record.mechanisms[2].network == ipaddress.ip_network("192.0.2.0/24")
    assert record.redirect is not None and record.redirect.value.text == "_spf.example.net"
    assert record.exp is not None and record.exp.value.text == "why.example.com"
    assert [m.name for m in record.modifiers] == ["redirect", "exp", "moo"]
    assert record.all is record.mechanisms[-1]
    assert [m.index for m in record.mechanisms] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert record.mechanisms[0].offset == 8  # two spaces after the version


@pytest.mark.parametrize(
    ("text", "index", "offset", "words"),
    (
        ("v=spf1 ip4:192.0.2.300 -all", 1, 7, "not an IPv4 address"),
        ("v=spf1 a -al", 2, 9, "unknown mechanism 'al'"),
        ("v=spf1 a:foo-bar -all", 1, 7, "not a domain name"),
        ("v=spf1 a:192.0.2.1", 1, 7, "an address belongs in ip4: or ip6:"),
        ("v=spf1 ip4:192.0.2.1/33", 1, 7, "over 32"),
        ("v=spf1 ip4:192.0.2.1/032", 1, 7, "no leading zero"),
        ("v=spf1 ip6:2001:db8::/129", 1, 7, "over 128"),
        ("v=spf1 mx//129", 1, 7, "over 128"),
        ("v=spf1 a/24/64", 1, 7, "invalid prefix length"),
        ("v=spf1 include:", 1, 7, "needs a domain"),
        ("v=spf1 exists", 1, 7, "needs a domain"),
        ("v=spf1 ptr/24", 1, 7, "no prefix length"),
        ("v=spf1 all:x", 1, 7, "takes no argument"),
        ("v=spf1 redirect=a.example.com redirect=b.example.com", 2, 30, "only once"),
        ("v=spf1 exp=", 1, 7, "needs a domain"),
        ("v=spf1 foo=%x", 1, 7, "'%' must be followed"),
        ("v=spf1 exists:%{z}.example.com", 1, 7, "macro letter 'z'"),
        ("v=spf1 exists:%{c}.example.com", 1, 7, "outside an explanation"),
        ("v=spf1 exists:%{i0}.example.com", 1, 7, "from 1 to 999"),
        ("v=spf1 exists:%{i}.example.com %{", 2, 31, "unknown mechanism"),
        ("v=spf1 a:example.com\tmx", 1, 7, "U+0009"),
        ("v=spf1 ~all \u00e9", 2, 12, "U+00E9"),
        ("v=spf1 1up=foo", 1, 7, "neither a mechanism nor a modifier"),
    ),
)
def test_syntax_errors_say_where(text: str, index: int, offset: int, words: str) -> None:
    with pytest.raises(SpfSyntaxError) as caught:
        parse_record(text)
    error = caught.value
    assert (error.index, error.offset) == (index, offset), str(error)
    assert words in str(error)
    assert str(error).startswith(f"term {index} ")


def test_not_a_record() -> None:
    with pytest.raises(SpfSyntaxError, match="starts with 'v=spf1'"):
        parse_record("spf2.0/pra ~all")


@given(st.text(max_size=300))
@settings(max_examples=400, deadline=None)
def test_parser_raises_only_its_syntax_error(text: str) -> None:
    for candidate in (text, "v=spf1 " + text):
        with contextlib.suppress(SpfSyntaxError):
            parse_record(candidate)


TERM = st.one_of(
    st.sampled_from(
        ["a", "mx", "ptr", "all", "-all", "~all", "?all", "+all", "a/24", "mx//64", "ptr:x.example"]
    ),
    st.builds(
        lambda s: f"include:{s}.example", st.from_regex(r"[a-z%{}._-]{1,20}", fullmatch=True)
    ),
    st.builds(
        lambda s: f"exists:{s}",
        st.from_regex(r"(%\{[a-zA-Z][0-9]{0,3}r?[.+,/_=-]*\}|[a-z.])+", fullmatch=True),
    ),
    st.builds(lambda s: f"ip4:{s}", st.from_regex(r"[0-9./]{1,20}", fullmatch=True)),
    st.builds(lambda s: f"ip6:{s}", st.from_regex(r"[0-9a-f:./]{1,30}", fullmatch=True)),
    st.builds(
        lambda n, v: f"{n}={v}",
        st.from_regex(r"[a-z][a-z0-9._-]{0,8}", fullmatch=True),
        st.from_regex(r"[!-~]{0,20}", fullmatch=True),
    ),
)


@given(st.lists(TERM, max_size=12))
@settings(max_examples=150, deadline=None)
def test_parser_on_record_shaped_text(terms: list[str]) -> None:
    """Records made of plausible terms: they parse, or fail with our error only."""
    try:
        record = parse_record(" ".join(["v=spf1", *terms]))
    except SpfSyntaxError as error:
        assert 1 <= error.index <= len(terms)
    else:
        assert len(record.mechanisms) + len(record.modifiers) == len(terms)


# RFC 7208 §7.4: the examples, with <sender> strong-bad@email.example.com and IP 192.0.2.3.
VALUES = MacroValues(
    sender="strong-bad@email.example.com",
    domain="email.example.com",
    ip=ipaddress.ip_address("192.0.2.3"),
    helo="mx.example.org",
)
VALUES6 = MacroValues(
    sender="strong-bad@email.example.com",
    domain="email.example.com",
    ip=ipaddress.ip_address("2001:db8::cb01"),
)


@pytest.mark.parametrize(
    ("macro", "expected"),
    (
        ("%{s}", "strong-bad@email.example.com"),
        ("%{o}", "email.example.com"),
        ("%{d}", "email.example.com"),
        ("%{d4}", "email.example.com"),
        ("%{d3}", "email.example.com"),
        ("%{d2}", "example.com"),
        ("%{d1}", "com"),
        ("%{dr}", "com.example.email"),
        ("%{d2r}", "example.email"),
        ("%{l}", "strong-bad"),
        ("%{l-}", "strong.bad"),
        ("%{lr}", "strong-bad"),
        ("%{lr-}", "bad.strong"),
        ("%{l1r-}", "strong"),
        ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
        ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
        ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
        ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
        ("%{h}", "mx.example.org"),
        ("%%%_%-", "% %20"),
        ("%{S}", "strong-bad%40email.example.com"),
    ),
)
def test_macro_examples_of_rfc7208(macro: str, expected: str) -> None:
    assert expand(parse_macro_string(macro), VALUES) == expected


def test_ipv6_macro_example_of_rfc7208() -> None:
    string = parse_macro_string("%{ir}.%{v}._spf.%{d2}")
    assert (
        expand(string, VALUES6)
        == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
    )


def test_explanation_letters_and_spaces() -> None:
    string = parse_macro_string("%{c} is not one of %{d}'s servers (%{r})", explanation=True)
    assert expand(string, VALUES) == "192.0.2.3 is not one of email.example.com's servers (unknown)"
    with pytest.raises(SpfSyntaxError):
        parse_macro_string("%{c} is not allowed in a domain")


def test_long_domain_is_cut_from_the_left() -> None:
    string = parse_macro_string("%{s}." + ".".join(["label"] * 60) + ".example.com.")
    name = expand_domain(string, VALUES)
    assert len(name) <= 253
    assert name.endswith(".label.example.com")
    assert not name.startswith(".")
