"""Cleaning sales history: gaps, duplicates, negatives, mixed dates, stock-outs, short series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from shopweave.demand.errors import SalesFileError
from shopweave.demand.history import clean_sales, read_sales_csv
from shopweave.demand.options import Frequency


def _values(history_frame: pd.DataFrame, uid: str) -> list[float]:
    return history_frame.loc[history_frame["unique_id"] == uid, "y"].tolist()


def test_messy_file_is_cleaned_per_series_and_reasons_are_given(tmp_path: Path) -> None:
    # given: mixed date formats, a duplicate, a negative, a gap, an unreadable date, one-point series
    path = tmp_path / "sales.csv"
    path.write_text(
        "sku,day,qty\n"
        "A,2024-01-01,3\n"
        "A,01/02/2024,4\n"  # day-first: 1 February
        "A,2024-02-01,5\n"  # duplicate of the row above: kept (last)
        "A,2024-04-01,-2\n"  # return booked as negative; March missing (gap)
        "B,not a date,1\n"
        "B,2024-03-01,7\n"
        "C,2024-04-01,2\n",
        encoding="utf-8",
    )
    # when
    history = read_sales_csv(path, Frequency.MONTHLY, id_col="sku", date_col="day", value_col="qty")
    # then
    assert _values(history.frame, "A") == [3.0, 5.0, 0.0, 0.0]
    assert _values(history.frame, "B") == [7.0, 0.0]
    assert _values(history.frame, "C") == [2.0]
    assert history.frame.loc[history.frame["unique_id"] == "A", "ds"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
    ]
    reasons = sorted((i.unique_id, i.line, i.reason) for i in history.issues)
    assert reasons == [
        ("A", None, "1 duplicate row(s) for the same date; kept the last"),
        ("A", None, "1 row(s) with a negative quantity counted as 0 (returns are not negative demand)"),
        ("B", 6, "date could not be read; row skipped"),
    ]


def test_partly_out_of_stock_period_is_scaled_up_and_fully_out_is_filled() -> None:
    # given: half a month in stock (10 sold ≈ 20 demand), then a month out of stock
    frame = pd.DataFrame(
        {
            "unique_id": ["A"] * 4,
            "ds": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"],
            "y": [10.0, 10.0, 0.0, 12.0],
            "available": [1.0, 0.5, 0.0, 1.0],
        }
    )
    # when
    history = clean_sales(frame, Frequency.MONTHLY)
    # then: March is unknown and gets the mean of the known periods before it (10, 20)
    assert _values(history.frame, "A") == [10.0, 20.0, 15.0, 12.0]
    assert sorted(i.reason for i in history.issues) == [
        "1 period(s) partly out of stock: sales scaled up to demand",
        "1 period(s) with unknown demand (missing or out of stock) filled from the recent level",
    ]


def test_trailing_missing_values_end_the_series_but_absent_rows_are_zero_sales() -> None:
    # given: A is discontinued (explicit missing values); B simply has no rows after January
    frame = pd.DataFrame(
        {
            "unique_id": ["A", "A", "A", "B"],
            "ds": ["2024-01-01", "2024-02-01", "2024-03-01", "2024-01-01"],
            "y": [4.0, None, None, 1.0],
        }
    )
    # when
    history = clean_sales(frame, Frequency.MONTHLY)
    # then
    assert _values(history.frame, "A") == [4.0]
    assert _values(history.frame, "B") == [1.0, 0.0, 0.0]
    assert [i.reason for i in history.issues] == [
        "last 2 period(s) have no quantity; series ends before them"
    ]


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        pytest.param(Frequency.DAILY, ["2024-01-01", "2024-01-02", "2024-01-03"], id="daily"),
        pytest.param(Frequency.WEEKLY, ["2024-01-01"], id="weekly-monday-start"),
    ],
)
def test_periods_start_on_the_right_day(freq: Frequency, expected: list[str]) -> None:
    frame = pd.DataFrame({"unique_id": ["A", "A"], "ds": ["2024-01-01", "2024-01-03"], "y": [1.0, 2.0]})
    history = clean_sales(frame, freq)
    assert history.frame["ds"].dt.strftime("%Y-%m-%d").tolist() == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            "a,b\n1,2\n", "column(s) unique_id, ds, y not found; the file has a, b", id="missing-columns"
        ),
        pytest.param("", "not a readable CSV file", id="empty"),
    ],
)
def test_unreadable_file_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SalesFileError) as caught:
        read_sales_csv(path, Frequency.MONTHLY)
    assert message in caught.value.message
    assert str(path) in caught.value.message
