"""The DKIM key record parser: tags, key types, key sizes read from real keys."""

from __future__ import annotations

import base64
import contextlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from hypothesis import given
from hypothesis import strategies as st

from deliverability.dkim import MAX_RECORD, DkimSyntaxError, parse_record, parse_tags


def rsa_key(
    bits: int, *, form: serialization.PublicFormat = serialization.PublicFormat.SubjectPublicKeyInfo
) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    return base64.b64encode(key.public_bytes(serialization.Encoding.DER, form)).decode()


def small_rsa_key() -> str:
    """A 512-bit public key (cryptography no longer generates such keys, but still reads them)."""
    modulus = (1 << 511) | 0xA5A5_0001  # odd, top bit set: a 512-bit modulus
    key = rsa.RSAPublicNumbers(65537, modulus).public_key()
    return base64.b64encode(
        key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).decode()


def ed25519_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return base64.b64encode(
        key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()


@pytest.mark.parametrize("bits", (1024, 2048, 3072))
def test_rsa_key_size_is_read_from_the_key(bits: int) -> None:
    key = parse_record(f"v=DKIM1; k=rsa; p={rsa_key(bits)}")
    assert (key.key_type, key.bits, key.revoked, key.testing) == ("rsa", bits, False, False)


def test_small_rsa_key_size() -> None:
    assert parse_record(f"v=DKIM1; p={small_rsa_key()}").bits == 512


def test_bare_pkcs1_key_is_read_too() -> None:
    """Some signers publish the RSAPublicKey without its SubjectPublicKeyInfo wrapper."""
    assert parse_record(f"p={rsa_key(1024, form=serialization.PublicFormat.PKCS1)}").bits == 1024


def test_ed25519() -> None:
    key = parse_record(f"v=DKIM1; k=ed25519; p={ed25519_key()}")
    assert (key.key_type, key.bits) == ("ed25519", 256)


def test_whitespace_inside_the_key_is_folding() -> None:
    encoded = rsa_key(1024)
    folded = " ".join(encoded[i : i + 60] for i in range(0, len(encoded), 60))
    assert parse_record(f"v=DKIM1;\tk=rsa;\r\n p={folded} ;").bits == 1024


@pytest.mark.parametrize(
    ("record", "revoked", "testing"),
    (
        ("v=DKIM1; p=", True, False),
        ("v=DKIM1; k=rsa; t=y; p=", True, True),
        ("v=DKIM1; t=s:y; p=", True, True),
        ("v=DKIM1; t=s; p=", True, False),
        ("v=DKIM1; n=note; h=sha1:sha256; s=email; x_unknown=1; p=", True, False),
    ),
)
def test_flags(record: str, revoked: bool, testing: bool) -> None:
    key = parse_record(record)
    assert (key.revoked, key.testing) == (revoked, testing)


@pytest.mark.parametrize(
    ("record", "tag"),
    (
        ("", ""),
        ("v=DKIM1; k=rsa", "p"),
        ("k=rsa; v=DKIM1; p=", "v"),
        ("v=DKIM2; p=", "v"),
        ("v=spf1 -all", "v"),
        ("v=DKIM1; k=dsa; p=AAAA", "k"),
        ("v=DKIM1; h=sha1; p=", "h"),
        ("v=DKIM1; s=tlsrpt; p=", "s"),
        ("v=DKIM1; p=not*base64", "p"),
        ("v=DKIM1; p=AAAA", "p"),
        ("v=DKIM1; k=ed25519; p=AAAA", "p"),
        ("v=DKIM1; p=; p=", "p"),
        ("v=DKIM1; garbage; p=", "garbage"),
        ("v=DKIM1; 1x=2; p=", "1x"),
    ),
)
def test_syntax_errors_name_the_tag(record: str, tag: str) -> None:
    with pytest.raises(DkimSyntaxError) as caught:
        parse_record(record)
    assert caught.value.tag == tag
    assert caught.value.reason


def test_ec_key_under_k_rsa_is_refused() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    encoded = base64.b64encode(
        key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).decode()
    with pytest.raises(DkimSyntaxError, match="not RSA"):
        parse_record(f"v=DKIM1; p={encoded}")


def test_oversized_record_is_not_parsed() -> None:
    with pytest.raises(DkimSyntaxError, match="characters long"):
        parse_record("v=DKIM1; p=" + "A" * MAX_RECORD)


def test_tag_names_are_case_insensitive_values_kept() -> None:
    assert parse_tags("V=DKIM1; N=Hello There") == {"v": "DKIM1", "n": "Hello There"}


@given(st.text(max_size=300))
def test_arbitrary_text_only_ever_raises_the_syntax_error(text: str) -> None:
    with contextlib.suppress(DkimSyntaxError):
        parse_record(text)


@given(st.binary(max_size=600))
def test_arbitrary_key_bytes_only_ever_raise_the_syntax_error(data: bytes) -> None:
    for key_type in ("rsa", "ed25519"):
        with contextlib.suppress(DkimSyntaxError):
            parse_record(f"k={key_type}; p={base64.b64encode(data).decode()}")
