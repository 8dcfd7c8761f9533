"""`DemandForecaster`: per-series model selection by rolling-origin backtest, then forecasts.

Follows statsforecast's contract: long format (`unique_id, ds, y`), `fit(df) -> self`,
`predict(h)`. How a series is forecast:

1. all-zero history → zero (nothing to learn from);
2. too short for one backtest window (fewer than `horizon + MIN_TRAIN` periods) → the mean of its
   history (a single point: that point);
3. otherwise every candidate model is backtested on `n_windows` rolling origins (the last
   `horizon` periods held out, then the origin moved back by `step_size`), each model's mean
   absolute error is taken over all held-out points, and the `pool_size` best models are averaged
   (forecast pooling: selecting a small pool is steadier than betting on one model when the
   backtest is noisy, as it is for sporadic demand). `pool_size=1` is plain selection.

A model that fails on a series is replaced by statsforecast's fallback (historic average).
Prediction intervals come from the backtest errors of the chosen pool on that series (root mean
squared error, normal quantiles, clipped at zero); series without a backtest use the spread of
their history.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import pandas as pd

from shopweave.demand.models import candidate_models, fallback_model
from shopweave.demand.options import Frequency, ModelProfile

MIN_TRAIN = 4
"""Fewest periods a model is fitted on in a backtest window."""

Z_SCORES = {50: 0.6745, 80: 1.2816, 90: 1.6449, 95: 1.9600, 99: 2.5758}


def run_statsforecast(
    models: Sequence[Any], df: pd.DataFrame, h: int, freq: Frequency, n_jobs: int
) -> pd.DataFrame:
    """statsforecast's `forecast` over `df`, quietly (its numerical warnings are expected)."""
    from statsforecast import StatsForecast  # imported late: numba start-up is costly

    os.environ.setdefault("NIXTLA_ID_AS_COL", "1")
    engine = StatsForecast(
        models=list(models), freq=freq.statsforecast_freq, n_jobs=n_jobs, fallback_model=fallback_model()
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = engine.forecast(h=h, df=df[["unique_id", "ds", "y"]])
    if "unique_id" not in out.columns:
        out = out.reset_index()
    out["unique_id"] = out["unique_id"].astype(str)
    out["step"] = out.groupby("unique_id").cumcount()
    return out


def _future_dates(last: pd.Series, h: int, freq: Frequency) -> pd.DataFrame:
    """`h` period starts after each series' last date, as rows `unique_id, ds, step`."""
    periods = last.dt.to_period(freq.pandas_period)
    rows = [
        pd.DataFrame(
            {"unique_id": last.index, "ds": (periods + step + 1).dt.start_time.to_numpy(), "step": step}
        )
        for step in range(h)
    ]
    return pd.concat(rows, ignore_index=True).sort_values(["unique_id", "step"], kind="stable")


class DemandForecaster:
    """Selects a model pool per series by backtest and forecasts with intervals."""

    def __init__(
        self,
        freq: Frequency,
        horizon: int,
        *,
        profile: ModelProfile = ModelProfile.FAST,
        season_length: int | None = None,
        n_windows: int = 3,
        step_size: int | None = None,
        pool_size: int = 3,
        levels: Sequence[int] = (80, 95),
        n_jobs: int = 1,
    ) -> None:
        if horizon < 1:
            raise ValueError("horizon must be at least 1")
        unknown = [lvl for lvl in levels if lvl not in Z_SCORES]
        if unknown:
            raise ValueError(f"interval levels must be among {sorted(Z_SCORES)}, not {unknown}")
        self.freq = freq
        self.horizon = horizon
        self.profile = profile
        self.season_length = season_length or freq.season_length
        self.n_windows = max(1, n_windows)
        self.step_size = step_size or max(1, horizon // 4)
        self.pool_size = max(1, pool_size)
        self.levels = tuple(levels)
        self.n_jobs = n_jobs
        self.models = candidate_models(profile, self.season_length)
        self.model_names = [str(m.alias) for m in self.models]

    # -- fitting ---------------------------------------------------------------------------------

    def fit(self, df: pd.DataFrame) -> Self:
        """Backtest every candidate on each series and choose its pool."""
        data = df[["unique_id", "ds", "y"]].copy()
        data["unique_id"] = data["unique_id"].astype(str)
        data = data.sort_values(["unique_id", "ds"], kind="stable").reset_index(drop=True)
        data["pos"] = data.groupby("unique_id").cumcount()
        stats = data.groupby("unique_id").agg(
            n=("y", "size"), total=("y", "sum"), mean=("y", "mean"), std=("y", "std")
        )
        stats["last_ds"] = data.groupby("unique_id")["ds"].max()
        zero = stats["total"] <= 0
        short = ~zero & (stats["n"] < self.horizon + MIN_TRAIN)
        stats["rule"] = np.where(zero, "zero", np.where(short, "history_mean", "backtest"))
        self._data = data
        self._stats = stats
        eligible = stats.index[stats["rule"] == "backtest"]
        self.backtest_errors_ = self._backtest(data[data["unique_id"].isin(eligible)])
        self.selection_ = self._select(stats)
        return self

    def _window_forecasts(self, data: pd.DataFrame) -> list[pd.DataFrame]:
        """Forecasts and actuals for each rolling origin (one frame per window)."""
        n = data.groupby("unique_id")["pos"].transform("size")
        windows = []
        for k in range(self.n_windows):
            cut = self.horizon + k * self.step_size
            keep = n - cut >= MIN_TRAIN
            train = data[keep & (data["pos"] < n - cut)]
            if train.empty:
                break
            test = data[keep & (data["pos"] >= n - cut) & (data["pos"] < n - cut + self.horizon)]
            fc = run_statsforecast(self.models, train, self.horizon, self.freq, self.n_jobs)
            test = test.assign(step=test.groupby("unique_id").cumcount())
            joined = fc.drop(columns="ds").merge(test[["unique_id", "step", "y"]], on=["unique_id", "step"])
            joined["window"] = k
            windows.append(joined)
        return windows

    def _backtest(self, data: pd.DataFrame) -> pd.DataFrame:
        """Mean absolute error per series (rows) and model (columns) over every window."""
        if data.empty:
            self._windows = pd.DataFrame(columns=["unique_id", "y", *self.model_names])
            return pd.DataFrame(columns=self.model_names, dtype=float)
        windows = self._window_forecasts(data)
        self._windows = pd.concat(windows, ignore_index=True)
        errors = self._windows[self.model_names].sub(self._windows["y"], axis=0).abs().fillna(np.inf)
        errors["unique_id"] = self._windows["unique_id"]
        return errors.groupby("unique_id").mean()

    def _select(self, stats: pd.DataFrame) -> pd.DataFrame:
        """Pool weights per series and the error spread used for intervals."""
        errors = self.backtest_errors_
        weights = pd.DataFrame(0.0, index=errors.index, columns=self.model_names)
        if not errors.empty:
            tie_break = 1e-9 * np.arange(len(self.model_names))
            ranks = (errors.fillna(np.inf) + tie_break).rank(axis=1, method="first")
            chosen = ranks <= self.pool_size
            weights = chosen.astype(float).div(chosen.sum(axis=1), axis=0)
            pooled = (
                self._windows[self.model_names].to_numpy()
                * weights.loc[self._windows["unique_id"]].to_numpy()
            ).sum(axis=1)
            sq = pd.Series((pooled - self._windows["y"].to_numpy()) ** 2, index=self._windows["unique_id"])
            sigma = np.sqrt(sq.groupby(level=0).mean())
        else:
            sigma = pd.Series(dtype=float)
        selection = stats[["rule", "n"]].copy()
        selection["models"] = ""
        if not weights.empty:
            names = np.array(self.model_names)
            selection.loc[weights.index, "models"] = ["+".join(names[row > 0]) for row in weights.to_numpy()]
        selection.loc[selection["rule"] == "zero", "models"] = "zero"
        selection.loc[selection["rule"] == "history_mean", "models"] = "history_mean"
        history_spread = stats["std"].fillna(0.0)
        selection["sigma"] = sigma.reindex(selection.index).fillna(history_spread)
        selection.loc[selection["rule"] == "zero", "sigma"] = 0.0
        self._weights = weights
        return selection

    # -- forecasting -----------------------------------------------------------------------------

    def predict(self, h: int | None = None) -> pd.DataFrame:
        """Point forecasts and intervals: `unique_id, ds, forecast, lo_80, hi_80, lo_95, hi_95`."""
        h = h or self.horizon
        stats = self._stats
        frames = []
        eligible = self._weights.index
        if len(eligible):
            fc = run_statsforecast(
                self.models, self._data[self._data["unique_id"].isin(eligible)], h, self.freq, self.n_jobs
            )
            weights = self._weights.loc[fc["unique_id"]].to_numpy()
            values = fc[self.model_names].to_numpy(dtype=float)
            usable = np.where(np.isnan(values), 0.0, weights)
            total = usable.sum(axis=1)
            pooled = (np.nan_to_num(values) * usable).sum(axis=1) / np.where(total > 0, total, 1.0)
            # A chosen model that failed on the full history: the pool's other members carry it,
            # and when none is left the historic average (always defined) does.
            fc["forecast"] = np.where(total > 0, pooled, fc["HistoricAverage"].fillna(0.0).to_numpy())
            self.model_forecasts_ = fc
            frames.append(fc[["unique_id", "ds", "step", "forecast"]])
        others = stats.index[stats["rule"] != "backtest"]
        if len(others):
            future = _future_dates(stats.loc[others, "last_ds"], h, self.freq)
            level = stats["mean"].where(stats["rule"] == "history_mean", 0.0)
            future["forecast"] = level.loc[future["unique_id"]].to_numpy()
            frames.append(future)
        out = (
            pd.concat(frames, ignore_index=True) if frames else _future_dates(stats["last_ds"], h, self.freq)
        )
        if "forecast" not in out.columns:
            out["forecast"] = 0.0
        out["forecast"] = out["forecast"].clip(lower=0.0)
        sigma = self.selection_["sigma"].loc[out["unique_id"]].to_numpy()
        for level in self.levels:
            z = Z_SCORES[level]
            out[f"lo_{level}"] = np.maximum(out["forecast"] - z * sigma, 0.0)
            out[f"hi_{level}"] = out["forecast"] + z * sigma
        out = out.sort_values(["unique_id", "ds"], kind="stable").reset_index(drop=True)
        return out.drop(columns="step")

    def forecast(self, df: pd.DataFrame, h: int | None = None) -> pd.DataFrame:
        """`fit(df)` then `predict(h)`."""
        return self.fit(df).predict(h)


def lead_time_sigma(sigma_per_period: float | np.ndarray, periods: float | np.ndarray) -> Any:
    """Spread of demand over `periods` periods, assuming independent period errors."""
    return np.asarray(sigma_per_period) * np.sqrt(np.maximum(np.asarray(periods), 0.0))


def z_for_service_level(service_level: float) -> float:
    """Normal quantile for a cycle service level between 0.5 and 0.9999."""
    from statistics import NormalDist

    level = min(max(service_level, 0.5), 0.9999)
    return float(NormalDist().inv_cdf(level)) if not math.isclose(level, 0.5) else 0.0
