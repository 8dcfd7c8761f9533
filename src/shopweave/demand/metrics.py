"""Forecast accuracy: MASE, RMSSE, WAPE and bias, computed per series and summarised.

- MASE (M4 definition): mean absolute error over the horizon divided by the in-sample mean
  absolute error of the seasonal naive forecast (lag = season length; lag 1 when the history is
  too short for a seasonal lag).
- RMSSE (M5 definition): root of the mean squared error divided by the in-sample mean squared
  error of the one-step naive forecast.
- WAPE: sum of absolute errors divided by the sum of actuals, over every series together.
- Bias: (sum of forecasts − sum of actuals) / sum of actuals; positive means over-forecasting.

A series whose scale is zero (a flat history: all zeros or constant) has no MASE/RMSSE; it is left
out of the means and counted in `undefined`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field


class Accuracy(BaseModel):
    """Accuracy of one method over many series."""

    mase: float | None = Field(description="Mean MASE over the series where it is defined.", examples=[0.93])
    rmsse: float | None = Field(
        description="Mean RMSSE over the series where it is defined.", examples=[0.81]
    )
    wape: float | None = Field(
        description="Weighted absolute percentage error (0.25 = 25 %).", examples=[0.42]
    )
    bias: float | None = Field(description="Relative bias; positive = over-forecast.", examples=[0.03])
    series: int = Field(description="Series scored.", examples=[2509])
    undefined: int = Field(description="Series left out of MASE/RMSSE (zero scale).", examples=[16])


def _scales(history: pd.DataFrame, season_length: int) -> pd.DataFrame:
    """Per series: MASE scale (seasonal naive MAE) and RMSSE scale (naive MSE), in-sample."""

    def one(y: np.ndarray) -> tuple[float, float]:
        lag = season_length if len(y) > season_length else 1
        d_seasonal = np.abs(y[lag:] - y[:-lag])
        d_naive = np.diff(y)
        mae = float(d_seasonal.mean()) if len(d_seasonal) else np.nan
        mse = float((d_naive**2).mean()) if len(d_naive) else np.nan
        return mae, mse

    rows = {uid: one(group.to_numpy(dtype=float)) for uid, group in history.groupby("unique_id")["y"]}
    scales = pd.DataFrame.from_dict(rows, orient="index", columns=["mae_scale", "mse_scale"])
    return scales.replace(0.0, np.nan)


def per_series_errors(
    actuals: pd.DataFrame,
    forecasts: pd.DataFrame,
    history: pd.DataFrame,
    columns: list[str],
    season_length: int,
) -> dict[str, pd.DataFrame]:
    """For each forecast column: per-series MASE and RMSSE, and the sums WAPE and bias need.

    `actuals` has `unique_id, ds, y`; `forecasts` has `unique_id, ds` and one column per method.
    Rows with a missing actual are not scored.
    """
    joined = actuals.dropna(subset=["y"]).merge(forecasts, on=["unique_id", "ds"], how="inner")
    scales = _scales(history, season_length)
    out: dict[str, pd.DataFrame] = {}
    for column in columns:
        err = joined[column] - joined["y"]
        parts = pd.DataFrame(
            {
                "unique_id": joined["unique_id"],
                "abs": err.abs(),
                "sq": err**2,
                "f": joined[column],
                "y": joined["y"],
            }
        )
        by = parts.groupby("unique_id").agg(
            mae=("abs", "mean"), mse=("sq", "mean"), f=("f", "sum"), y=("y", "sum")
        )
        by = by.join(scales, how="left")
        by["mase"] = by["mae"] / by["mae_scale"]
        by["rmsse"] = np.sqrt(by["mse"] / by["mse_scale"])
        by["abs_sum"] = parts.groupby("unique_id")["abs"].sum()
        out[column] = by
    return out


def summarise(per_series: pd.DataFrame) -> Accuracy:
    """Mean MASE and RMSSE over defined series; pooled WAPE and bias."""
    actual_total = float(per_series["y"].sum())
    mase = per_series["mase"].dropna()
    rmsse = per_series["rmsse"].dropna()
    return Accuracy(
        mase=float(mase.mean()) if len(mase) else None,
        rmsse=float(rmsse.mean()) if len(rmsse) else None,
        wape=float(per_series["abs_sum"].sum()) / actual_total if actual_total else None,
        bias=(float(per_series["f"].sum()) - actual_total) / actual_total if actual_total else None,
        series=len(per_series),
        undefined=int(per_series["mase"].isna().sum()),
    )
