"""Neutralising spreadsheet formulas in exported CSV cells (OWASP "CSV Injection").

A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return is run as a formula by Excel,
LibreOffice and Google Sheets. Such cells get a leading `'`, which spreadsheets show as text.
A plain number in a numeric column (`-3` stock, `-0.50`) is left alone: it is data, not a formula.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def neutralise(value: str, *, numeric: bool = False) -> str:
    """The cell text a spreadsheet will not evaluate; numbers in numeric columns unchanged."""
    if not value or not value.startswith(FORMULA_STARTS):
        return value
    if numeric and _PLAIN_NUMBER.match(value):
        return value
    return "'" + value
