"""Barcode checks: GTIN-8/12/13/14 (EAN, UPC) and ISBN check digits via python-stdnum, and the
scientific notation spreadsheets turn long numbers into (`8.90E+12`)."""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum import ean, isbn

SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_ISBN10 = re.compile(r"^\d{9}[\dX]$")
GTIN_LENGTHS = frozenset({8, 12, 13, 14})


def compact(value: str) -> str:
    """The barcode without spaces and dashes, upper-cased."""
    return value.replace(" ", "").replace("-", "").strip().upper()


@lru_cache(maxsize=65536)
def barcode_problem(value: str) -> str | None:
    """The problem code of a non-blank barcode, or None when it is a valid GTIN or ISBN."""
    text = value.strip()
    if SCIENTIFIC.match(text):
        return "barcode.scientific_notation"
    digits = compact(text)
    if digits.isdigit() and len(digits) in GTIN_LENGTHS:
        # The digits are already clean, so ask stdnum for the check digit directly
        # (`ean.is_valid` would clean the string again, which dominates an audit's run time).
        return None if ean.calc_check_digit(digits[:-1]) == digits[-1] else "barcode.check_digit"
    if _ISBN10.match(digits):
        return None if isbn.is_valid(digits) else "barcode.check_digit"
    return "barcode.format"


def valid_gtin(value: str | None) -> str | None:
    """The barcode's digits when it is a valid GTIN (what feeds may publish), else None."""
    if not value or barcode_problem(value) is not None:
        return None
    digits = compact(value)
    return digits if digits.isdigit() else None
