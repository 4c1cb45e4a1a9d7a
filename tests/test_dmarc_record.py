"""The DMARC record parser and alignment, against the OpenDMARC vectors (tests/data/conformance)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deliverability.dmarc import DmarcSyntaxError, parse_record, report_address
from deliverability.domains import aligned

VECTORS = (
    Path(__file__).resolve().parent / "data" / "conformance" / "dmarc" / "opendmarc-vectors.yml"
)
PARSE, ALIGNMENT = list(yaml.safe_load_all(VECTORS.read_text(encoding="utf-8")))

# Where this parser is deliberately stricter than OpenDMARC, following RFC 7489's grammar.
STRICTER = {5: "p=n is not none|quarantine|reject"}


@pytest.mark.parametrize("vector", PARSE["tests"], ids=lambda v: f"parse-{v['n']}")
def test_opendmarc_parse_vector(vector: dict) -> None:
    expect_ok = vector["outcome"] == "OKAY" and vector["n"] not in STRICTER
    if expect_ok:
        parse_record(vector["record"])
    else:
        with pytest.raises(DmarcSyntaxError):
            parse_record(vector["record"])


def test_malformed_report_uris_are_kept_aside() -> None:
    record = parse_record("v=DMARC1; p=none; ruf=mailto://abuse.com; foo=bar; buzz=happy;")
    assert record.invalid_uris == ("mailto://abuse.com",)
    assert record.unknown == ("foo", "buzz")


@pytest.mark.parametrize("vector", ALIGNMENT["tests"], ids=lambda v: f"align-{v['n']}")
def test_opendmarc_alignment_vector(vector: dict) -> None:
    result = aligned(vector["domain"], vector["other"], strict=vector["mode"] == "strict")
    assert result is (vector["outcome"] == 0)


@pytest.mark.parametrize(
    "record",
    (
        "",
        "v=DMARC1",
        "v=spf1 -all",
        "v=DMARC1; p=reject; pct=101",
        "v=DMARC1; p=none; fo=2",
        "x" * 5000,
        "v=DMARC1; p=reject; ;;; novalue",
        # Letters and digits are ASCII: no Unicode case folding (U+017F folds to s).
        "v=DMARC1; p=reject; aspf=\u017f",
        "v=DMARC1; p=reject; pct=\u0661\u0660",
    ),
)
def test_bad_records_raise_their_own_error(record: str) -> None:
    with pytest.raises(DmarcSyntaxError):
        parse_record(record)


@pytest.mark.parametrize(
    ("uri", "address"),
    (
        ("mailto:dmarc@example.test", "dmarc@example.test"),
        ("MAILTO:Dmarc@Example.test!10m", "Dmarc@Example.test"),
        ("mailto:d@example.test!500", "d@example.test"),
        ("https://reports.example.test/dmarc", None),
        ("mailto://abuse.com", None),
        ("mailto:no-at-sign", None),
        ("mailto:d@\u212aelvin.test", None),  # the Kelvin sign folds to k
        ("mailto:d@example.test!\u0661\u0660m", None),  # Arabic-Indic digits
    ),
)
def test_report_address(uri: str, address: str | None) -> None:
    assert report_address(uri) == address


def test_report_uris_sorted_into_valid_and_not() -> None:
    record = parse_record(
        "v=DMARC1; p=none; rua=mailto:a@x.test!10m, https://r.example.test/x, nonsense,mailto:b@"
    )
    assert record.rua == ("mailto:a@x.test!10m", "https://r.example.test/x")
    assert record.invalid_uris == ("nonsense", "mailto:b@")
