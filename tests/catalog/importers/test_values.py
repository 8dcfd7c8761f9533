"""Reading dirty cell values: what is repaired, what is dropped, what is refused."""

from __future__ import annotations

import codecs
from decimal import Decimal
from pathlib import Path

import pytest

from shopweave.catalog.importers.source import inspect_file
from shopweave.catalog.importers.values import (
    BadValueError,
    parse_barcode,
    parse_decimal,
    parse_int,
    sanitise_html,
)
from shopweave.errors import ImportFormatError


@pytest.mark.parametrize(
    ("text", "value", "repaired"),
    [
        pytest.param("25", Decimal(25), False, id="integer"),
        pytest.param("19.99", Decimal("19.99"), False, id="decimal-point"),
        pytest.param(".5", Decimal("0.5"), False, id="leading-point"),
        pytest.param("19,99", Decimal("19.99"), True, id="decimal-comma"),
        pytest.param("1.234,56", Decimal("1234.56"), True, id="dot-thousands-comma-decimal"),
        pytest.param("1,234.56", Decimal("1234.56"), True, id="comma-thousands"),
        pytest.param("1 234,5", Decimal("1234.5"), True, id="space-thousands"),
        pytest.param("$25.00", Decimal("25.00"), True, id="currency-sign"),
    ],
)
def test_parse_decimal_repairs_and_reports_separators(text: str, value: Decimal, repaired: bool) -> None:
    number, reason = parse_decimal(text)
    assert number == value
    assert (reason is not None) == repaired


@pytest.mark.parametrize("text", ["1,234", "abc", "12..5", "NaN", "Infinity"])
def test_parse_decimal_refuses_ambiguous_or_unreadable_numbers(text: str) -> None:
    with pytest.raises(BadValueError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "value", "repaired"),
    [
        pytest.param("4006381333931", "4006381333931", False, id="digits"),
        pytest.param("'3212483", "3212483", True, id="apostrophe"),
        pytest.param("4006381333931.0", "4006381333931", True, id="trailing-zero"),
        pytest.param("400 638 133 393 1", "4006381333931", True, id="spaces"),
        pytest.param("3.65275E+11", None, True, id="scientific-dropped"),
        pytest.param("8.90e12", None, True, id="scientific-lowercase-dropped"),
        pytest.param("ABC-123", None, True, id="not-digits-dropped"),
    ],
)
def test_parse_barcode_never_invents_digits(text: str, value: str | None, repaired: bool) -> None:
    barcode, reason = parse_barcode(text)
    assert barcode == value
    assert (reason is not None) == repaired


def test_parse_int_accepts_whole_decimals_and_refuses_fractions() -> None:
    assert parse_int("12") == (12, None)
    assert parse_int("12.0") == (12, "whole number written as a decimal")
    with pytest.raises(BadValueError, match="not a whole number"):
        parse_int("12.5")


def test_sanitise_html_keeps_markup_and_removes_scripts_and_handlers() -> None:
    cleaned, reason = sanitise_html(
        '<p onclick="x()">Soft <b>cotton</b></p><script>steal()</script><a href="javascript:x">y</a>'
    )
    assert cleaned == "<p>Soft <b>cotton</b></p><a>y</a>"
    assert reason == "unsafe HTML removed from the description: <script>, href= on <a>, onclick= on <p>"
    assert sanitise_html("<p>Plain &amp; safe</p>") == ("<p>Plain &amp; safe</p>", None)


@pytest.mark.parametrize(
    ("raw", "encoding", "note"),
    [
        pytest.param("Handle,Title\nx,Café\n".encode(), "utf-8", None, id="utf-8"),
        pytest.param(
            codecs.BOM_UTF8 + b"Handle,Title\n", "utf-8-sig", "UTF-8 byte-order mark removed", id="bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "Handle,Title\n".encode("utf-16-le"),
            "utf-16",
            "UTF-16 file converted to UTF-8",
            id="utf-16",
        ),
        pytest.param(
            "Handle,Title\nx,Café\n".encode("cp1252"),
            "cp1252",
            "the file is not UTF-8 (first non-UTF-8 byte on line 2); read as Windows-1252. "
            "Check accented characters, or re-export as UTF-8",
            id="windows-1252",
        ),
    ],
)
def test_inspect_file_finds_the_encoding_and_reports_conversions(
    tmp_path: Path, raw: bytes, encoding: str, note: str | None
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(raw)
    source = inspect_file(path)
    assert (source.encoding, source.encoding_note) == (encoding, note)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", id="binary"),
    ],
)
def test_inspect_file_refuses_empty_and_binary_files(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(raw)
    with pytest.raises(ImportFormatError, match=message):
        inspect_file(path)
