"""Spreadsheet formula neutralisation (OWASP CSV injection)."""

import pytest

from shopweave.catalog.exporters import neutralise


@pytest.mark.parametrize(
    ("value", "numeric", "expected"),
    [
        pytest.param('=HYPERLINK("http://x")', False, '\'=HYPERLINK("http://x")', id="equals"),
        pytest.param("+1+1", False, "'+1+1", id="plus"),
        pytest.param("-2+3", False, "'-2+3", id="minus-formula"),
        pytest.param("@SUM(A1)", False, "'@SUM(A1)", id="at"),
        pytest.param("\t=1", False, "'\t=1", id="tab"),
        pytest.param("\r=1", False, "'\r=1", id="carriage-return"),
        pytest.param("-5", False, "'-5", id="negative-in-text-column"),
        pytest.param("-5", True, "-5", id="negative-in-numeric-column"),
        pytest.param("-0.50", True, "-0.50", id="negative-decimal-in-numeric-column"),
        pytest.param("-5+A1", True, "'-5+A1", id="formula-in-numeric-column"),
        pytest.param("Plain text", False, "Plain text", id="plain"),
        pytest.param("a=b", False, "a=b", id="equals-inside"),
        pytest.param("", False, "", id="empty"),
    ],
)
def test_formula_cells_get_a_leading_quote(value: str, numeric: bool, expected: str) -> None:
    assert neutralise(value, numeric=numeric) == expected
