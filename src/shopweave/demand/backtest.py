"""Holdout backtest: the per-series selection against every single model and the baselines.

The last `horizon` periods (by date, over the whole panel) are held out; every method is fitted
on what comes before and scored on the held-out periods of the series that have any. Single
models and baselines are scored on exactly the same series as the selection.
"""

from __future__ import annotations

import time

import pandas as pd
from pydantic import BaseModel, Field

from shopweave.demand.forecaster import DemandForecaster, run_statsforecast
from shopweave.demand.history import SalesHistory
from shopweave.demand.metrics import Accuracy, per_series_errors, summarise
from shopweave.demand.models import baseline_models, candidate_models
from shopweave.demand.options import Frequency, ModelProfile


class BacktestReport(BaseModel):
    """Accuracy of the selection, of each candidate alone, and of the baselines, side by side."""

    freq: str = Field(description="Period: D, W or M.", examples=["M"])
    horizon: int = Field(description="Held-out periods.", examples=[12])
    cutoff: str = Field(description="Last period used for fitting.", examples=["2001-03-01"])
    series_scored: int = Field(description="Series with held-out actuals.", examples=[2509])
    selected: Accuracy = Field(description="The per-series selection (model pool by backtest).")
    models: dict[str, Accuracy] = Field(description="Each candidate model used alone on every series.")
    baselines: dict[str, Accuracy] = Field(description="`naive` and `seasonal_naive`.")
    selection_counts: dict[str, int] = Field(
        description="How often each model was in a series' pool (plus `zero` and `history_mean`).",
        examples=[{"ADIDA": 1200, "zero": 16}],
    )
    seconds: float = Field(description="Wall time of the whole backtest.", examples=[41.2])


def holdout_backtest(
    history: SalesHistory,
    horizon: int,
    *,
    profile: ModelProfile = ModelProfile.FAST,
    n_windows: int = 3,
    pool_size: int = 3,
    n_jobs: int = 1,
) -> BacktestReport:
    """Hold out the last `horizon` periods and score every method on them."""
    started = time.perf_counter()
    freq: Frequency = history.freq
    panel = history.frame
    periods = pd.DatetimeIndex(sorted(panel["ds"].unique()))
    if len(periods) <= horizon:
        raise ValueError(
            f"the history has {len(periods)} periods; a backtest needs more than the horizon ({horizon})"
        )
    cutoff = periods[-horizon - 1]
    train = panel[panel["ds"] <= cutoff]
    test = panel[panel["ds"] > cutoff]
    forecaster = DemandForecaster(
        freq, horizon, profile=profile, n_windows=n_windows, pool_size=pool_size, n_jobs=n_jobs
    ).fit(train)
    selected = forecaster.predict()
    season = forecaster.season_length
    singles = run_statsforecast(
        [*candidate_models(profile, season), *baseline_models(season)], train, horizon, freq, n_jobs
    )
    methods = [*forecaster.model_names, "naive", "seasonal_naive"]
    forecasts = selected[["unique_id", "ds", "forecast"]].merge(
        singles[["unique_id", "ds", *methods]], on=["unique_id", "ds"], how="left"
    )
    scored = per_series_errors(test, forecasts, train, ["forecast", *methods], season)
    counts: dict[str, int] = {}
    for models in forecaster.selection_["models"]:
        for name in str(models).split("+"):
            counts[name] = counts.get(name, 0) + 1
    return BacktestReport(
        freq=freq.value,
        horizon=horizon,
        cutoff=cutoff.date().isoformat(),
        series_scored=len(scored["forecast"]),
        selected=summarise(scored["forecast"]),
        models={name: summarise(scored[name]) for name in forecaster.model_names},
        baselines={name: summarise(scored[name]) for name in ("naive", "seasonal_naive")},
        selection_counts=dict(sorted(counts.items(), key=lambda kv: -kv[1])),
        seconds=round(time.perf_counter() - started, 2),
    )
