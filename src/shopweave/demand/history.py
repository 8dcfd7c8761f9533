"""Sales history: reading long-format files, cleaning them per series, and turning sales into demand.

The result is a regular panel in statsforecast's long format (`unique_id, ds, y`), one row per
series and period with no gaps, plus a list of per-series issues. Bad rows never stop the run:
they are reported with their reason and the other series proceed.

Rules (documented in docs/demand.md):
- dates in mixed formats are parsed row by row; a row whose date cannot be read is dropped and
  reported;
- a missing quantity is *unknown* (not zero) and is filled from the series' recent level, like a
  stock-out period; trailing missing values end the series (a discontinued item);
- negative quantities are returns booked in the sales file: demand is what customers took, so they
  count as zero and are reported (returns are handled explicitly from the store, see `store.py`);
- several rows for the same series and date are duplicates: the last one is kept, and reported;
- periods between the first and last sale with no row are zero demand;
- `available` (optional, 0..1) is the share of the period the item was in stock: sales are scaled
  up by it (10 sold while in stock half the month ≈ 20), and a period in stock less than
  `MIN_AVAILABILITY` is unknown demand and is filled from the recent level.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from shopweave.demand.errors import SalesFileError
from shopweave.demand.options import Frequency

MIN_AVAILABILITY = 0.2
"""Below this share of the period in stock, the period's sales say nothing about demand."""

RECENT_LEVEL_WINDOW = 6
"""Periods of known demand averaged to fill an unknown period."""


class SeriesIssue(BaseModel):
    """Something wrong with one series (or one row of it), and what was done about it."""

    unique_id: str = Field(description="Series (SKU) concerned.", examples=["TS-GRN-S"])
    reason: str = Field(
        description="What was found and what was done.",
        examples=["2 rows with a negative quantity counted as 0 (returns are not negative demand)"],
    )
    line: int | None = Field(default=None, description="Line of the input file, if one.", examples=[17])


@dataclass
class SalesHistory:
    """A regular demand panel (`unique_id, ds, y`) and the issues met building it."""

    frame: pd.DataFrame
    freq: Frequency
    issues: list[SeriesIssue] = field(default_factory=list)

    @property
    def series_ids(self) -> list[str]:
        """The series present, sorted."""
        return sorted(self.frame["unique_id"].unique().tolist())


def read_sales_csv(
    path: Path,
    freq: Frequency,
    *,
    id_col: str = "unique_id",
    date_col: str = "ds",
    value_col: str = "y",
    available_col: str | None = None,
) -> SalesHistory:
    """Read a long-format sales file (one row per series and date) into a `SalesHistory`."""
    try:
        raw = pd.read_csv(path, dtype={id_col: str}, keep_default_na=True)
    except FileNotFoundError:
        raise SalesFileError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SalesFileError(f"{path}: not a readable CSV file ({exc})") from None
    missing = [c for c in (id_col, date_col, value_col) if c not in raw.columns]
    if missing:
        raise SalesFileError(
            f"{path}: column(s) {', '.join(missing)} not found; the file has {', '.join(map(str, raw.columns))}. "
            "Name the columns with --id-col, --date-col and --value-col."
        )
    if available_col is not None and available_col not in raw.columns:
        raise SalesFileError(f"{path}: availability column {available_col!r} not found")
    frame = pd.DataFrame(
        {
            "unique_id": raw[id_col].astype(str),
            "ds": raw[date_col],
            "y": pd.to_numeric(raw[value_col], errors="coerce"),
            "line": np.arange(2, len(raw) + 2),
        }
    )
    bad_numbers = raw[value_col].notna() & frame["y"].isna()
    issues = [
        SeriesIssue(
            unique_id=uid, line=int(line), reason=f"quantity {value!r} is not a number; treated as missing"
        )
        for uid, line, value in zip(
            frame.loc[bad_numbers, "unique_id"],
            frame.loc[bad_numbers, "line"],
            raw.loc[bad_numbers, value_col],
            strict=True,
        )
    ]
    if available_col is not None:
        frame["available"] = pd.to_numeric(raw[available_col], errors="coerce").clip(0.0, 1.0)
    history = clean_sales(frame, freq)
    history.issues[:0] = issues
    return history


def _parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in several formats; unreadable ones become NaT."""
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
        return parsed.dt.tz_localize(None) if parsed.dt.tz is not None else parsed
    text = values.astype(str).str.strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
        for fmt in ("%Y-%m", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d %b %Y", "%b %Y", "%m/%d/%Y"):
            todo = parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce", utc=True)
    return parsed.dt.tz_localize(None)


def clean_sales(frame: pd.DataFrame, freq: Frequency, *, end: pd.Timestamp | None = None) -> SalesHistory:
    """Turn raw rows (`unique_id, ds, y` [, `available`, `line`]) into a regular demand panel.

    Every series runs to `end` (default: the last period in the data) with zero demand where it
    has no rows — except a series whose last rows have missing quantities, which stops at its
    last known quantity. Rows after `end` are dropped.
    """
    issues: list[SeriesIssue] = []
    df = frame.copy()
    if "line" not in df.columns:
        df["line"] = np.arange(1, len(df) + 1)
    df["unique_id"] = df["unique_id"].astype(str)
    df["ds"] = _parse_dates(df["ds"])
    bad = df["ds"].isna()
    issues += [
        SeriesIssue(unique_id=uid, line=int(line), reason="date could not be read; row skipped")
        for uid, line in zip(df.loc[bad, "unique_id"], df.loc[bad, "line"], strict=True)
    ]
    df = df.loc[~bad]
    dup = df.duplicated(subset=["unique_id", "ds"], keep="last")
    for uid, count in df.loc[dup].groupby("unique_id").size().items():
        issues.append(
            SeriesIssue(
                unique_id=str(uid), reason=f"{count} duplicate row(s) for the same date; kept the last"
            )
        )
    df = df.loc[~dup]
    negative = df["y"] < 0
    for uid, count in df.loc[negative].groupby("unique_id").size().items():
        issues.append(
            SeriesIssue(
                unique_id=str(uid),
                reason=f"{count} row(s) with a negative quantity counted as 0 (returns are not negative demand)",
            )
        )
    df.loc[negative, "y"] = 0.0
    if "available" not in df.columns:
        df["available"] = 1.0
    df["available"] = df["available"].fillna(1.0)
    df["period"] = df["ds"].dt.to_period(freq.pandas_period)
    # Rows within one period add up; availability is the mean over the period's rows.
    grouped = df.groupby(["unique_id", "period"], sort=True)
    agg = pd.DataFrame(
        {"y": grouped["y"].sum(min_count=1), "available": grouped["available"].mean()}
    ).reset_index()
    last_period = pd.Timestamp(end).to_period(freq.pandas_period) if end is not None else None
    if last_period is not None:
        agg = agg[agg["period"] <= last_period]
    panel = _regularise(agg, freq, issues, last_period)
    return SalesHistory(frame=panel, freq=freq, issues=issues)


def _regularise(
    agg: pd.DataFrame, freq: Frequency, issues: list[SeriesIssue], last_period: pd.Period | None
) -> pd.DataFrame:
    """Fill the gaps between each series' first and last period, correct and impute demand."""
    if agg.empty:
        return pd.DataFrame(
            {"unique_id": pd.Series(dtype=str), "ds": pd.Series(dtype="datetime64[ns]"), "y": []}
        )
    known = agg["y"].notna()
    last_known = agg.loc[known].groupby("unique_id")["period"].max()
    first = agg.groupby("unique_id")["period"].min()
    for uid in sorted(set(first.index) - set(last_known.index)):
        issues.append(SeriesIssue(unique_id=str(uid), reason="no known quantity at all; series skipped"))
    first = first.loc[last_known.index]
    last_row = agg.groupby("unique_id")["period"].max().loc[last_known.index]
    data_end = last_period if last_period is not None else agg["period"].max()
    # A series stops early only when its own last rows say "unknown"; absent rows are zero sales.
    stops_early = last_row > last_known
    last_known = last_known.where(stops_early, data_end)
    start = pd.PeriodIndex(first.to_numpy()).asi8
    end = pd.PeriodIndex(last_known.to_numpy()).asi8
    counts = end - start + 1
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    ordinals = np.repeat(start, counts) + offsets
    skeleton = pd.DataFrame(
        {
            "unique_id": np.repeat(first.index.to_numpy(), counts),
            "period": pd.PeriodIndex.from_ordinals(ordinals, freq=freq.pandas_period),
        }
    )
    full = skeleton.merge(agg, on=["unique_id", "period"], how="left")
    trailing = agg.merge(last_known.rename("last"), left_on="unique_id", right_index=True)
    for uid, count in trailing.loc[trailing["period"] > trailing["last"]].groupby("unique_id").size().items():
        issues.append(
            SeriesIssue(
                unique_id=str(uid), reason=f"last {count} period(s) have no quantity; series ends before them"
            )
        )
    unknown_before = full["y"].isna() & full["available"].notna()
    full["available"] = full["available"].fillna(1.0)
    full["y"] = full["y"].where(full["y"].notna() | unknown_before, 0.0)  # gaps: no sale = zero demand
    low = full["available"] < MIN_AVAILABILITY
    corrected = (full["available"] < 1.0) & ~low & full["y"].notna()
    full.loc[corrected, "y"] = full.loc[corrected, "y"] / full.loc[corrected, "available"]
    full.loc[low, "y"] = np.nan
    for uid, count in full.loc[corrected].groupby("unique_id").size().items():
        issues.append(
            SeriesIssue(
                unique_id=str(uid), reason=f"{count} period(s) partly out of stock: sales scaled up to demand"
            )
        )
    unknown = full["y"].isna()
    for uid, count in full.loc[unknown].groupby("unique_id").size().items():
        issues.append(
            SeriesIssue(
                unique_id=str(uid),
                reason=f"{count} period(s) with unknown demand (missing or out of stock) filled from the recent level",
            )
        )
    if unknown.any():
        rolling = full.groupby("unique_id")["y"].rolling(RECENT_LEVEL_WINDOW, min_periods=1).mean()
        full["level"] = rolling.reset_index(level=0, drop=True).sort_index()
        full["level"] = full.groupby("unique_id")["level"].shift(1)
        full["level"] = full.groupby("unique_id")["level"].ffill()
        full["y"] = full["y"].fillna(full["level"]).fillna(0.0)
    full["ds"] = full["period"].dt.start_time
    return full[["unique_id", "ds", "y"]].reset_index(drop=True)
