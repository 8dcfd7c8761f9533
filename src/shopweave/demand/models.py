"""The candidate forecasting models (all from statsforecast), grouped into profiles.

- `fast` (default): cheap models that suit sporadic ecommerce demand — simple exponential
  smoothing (optimised and fixed), moving and historic averages, seasonal naive, and the
  intermittent-demand family (Croston SBA and optimised, ADIDA, IMAPA, TSB). Fits thousands of
  series in seconds.
- `full`: `fast` plus AutoETS, the dynamic optimised Theta and AutoARIMA — better on long, smooth,
  seasonal series, but one to two orders of magnitude slower per series.

The order of a profile is its preference order: when backtest errors tie, the earlier model wins.
Baselines (naive, seasonal naive) are scored separately from the candidates.
"""

from __future__ import annotations

from typing import Any

from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    AutoARIMA,
    AutoETS,
    CrostonOptimized,
    CrostonSBA,
    DynamicOptimizedTheta,
    HistoricAverage,
    Naive,
    SeasonalNaive,
    SimpleExponentialSmoothing,
    SimpleExponentialSmoothingOptimized,
    WindowAverage,
)

from shopweave.demand.options import ModelProfile


def candidate_models(profile: ModelProfile, season_length: int) -> list[Any]:
    """The statsforecast model objects of `profile`, each with a unique alias."""
    window = max(2, min(season_length, 12))
    models: list[Any] = [
        ADIDA(alias="ADIDA"),
        IMAPA(alias="IMAPA"),
        SimpleExponentialSmoothingOptimized(alias="SES"),
        TSB(alpha_d=0.1, alpha_p=0.1, alias="TSB"),
        TSB(alpha_d=0.2, alpha_p=0.05, alias="TSB_slow_decay"),
        SimpleExponentialSmoothing(alpha=0.1, alias="SES_0.1"),
        WindowAverage(window_size=max(2, window // 2), alias="MovingAverage_short"),
        WindowAverage(window_size=window, alias="MovingAverage"),
        CrostonSBA(alias="CrostonSBA"),
        CrostonOptimized(alias="CrostonOptimized"),
        HistoricAverage(alias="HistoricAverage"),
        SeasonalNaive(season_length=season_length, alias="SeasonalNaive"),
    ]
    if profile is ModelProfile.FULL:
        models += [
            AutoETS(season_length=season_length, alias="AutoETS"),
            DynamicOptimizedTheta(season_length=season_length, alias="Theta"),
            AutoARIMA(season_length=season_length, alias="AutoARIMA"),
        ]
    return models


def baseline_models(season_length: int) -> list[Any]:
    """The naive and seasonal-naive baselines every method is compared with."""
    return [Naive(alias="naive"), SeasonalNaive(season_length=season_length, alias="seasonal_naive")]


def fallback_model() -> Any:
    """Used by statsforecast for a series where a candidate fails to fit."""
    return HistoricAverage(alias="fallback")
