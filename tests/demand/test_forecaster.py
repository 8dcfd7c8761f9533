"""DemandForecaster on tiny series (statsforecast is real; numba compiles once per machine)."""

from __future__ import annotations

import pandas as pd
import pytest

from shopweave.demand.forecaster import DemandForecaster
from shopweave.demand.options import Frequency


@pytest.fixture(scope="module")
def fitted() -> tuple[DemandForecaster, pd.DataFrame]:
    months = list(pd.date_range("2024-01-01", periods=10, freq="MS"))
    df = pd.DataFrame(
        {
            "unique_id": ["sporadic"] * 10 + ["flat"] * 10 + ["zero"] * 10 + ["new"] * 2,
            "ds": months * 3 + months[-2:],
            "y": [1, 0, 2, 0, 1, 3, 0, 1, 0, 2] + [5] * 10 + [0] * 10 + [4, 6],
        }
    )
    forecaster = DemandForecaster(Frequency.MONTHLY, 3, n_windows=2, step_size=1).fit(df)
    return forecaster, forecaster.predict()


def test_each_series_gets_the_rule_its_history_allows(fitted: tuple[DemandForecaster, pd.DataFrame]) -> None:
    forecaster, _ = fitted
    rules = forecaster.selection_["rule"].to_dict()
    assert rules == {"flat": "backtest", "new": "history_mean", "sporadic": "backtest", "zero": "zero"}
    assert forecaster.selection_.loc["sporadic", "models"].count("+") == 2  # a pool of three


def test_forecasts_follow_the_rules_and_dates(fitted: tuple[DemandForecaster, pd.DataFrame]) -> None:
    _, forecasts = fitted
    by = forecasts.groupby("unique_id")["forecast"].apply(lambda s: [round(v, 6) for v in s]).to_dict()
    assert by["flat"] == [5.0, 5.0, 5.0]
    assert by["zero"] == [0.0, 0.0, 0.0]
    assert by["new"] == [5.0, 5.0, 5.0]
    dates = forecasts.loc[forecasts["unique_id"] == "new", "ds"].dt.strftime("%Y-%m-%d").tolist()
    assert dates == ["2024-11-01", "2024-12-01", "2025-01-01"]


def test_intervals_are_nested_and_non_negative(fitted: tuple[DemandForecaster, pd.DataFrame]) -> None:
    _, fc = fitted
    ordered = (
        (fc["lo_95"] <= fc["lo_80"])
        & (fc["lo_80"] <= fc["forecast"])
        & (fc["forecast"] <= fc["hi_80"])
        & (fc["hi_80"] <= fc["hi_95"])
    )
    assert bool(ordered.all())
    assert float(fc["lo_95"].min()) == 0.0
    sporadic = fc[fc["unique_id"] == "sporadic"]
    assert bool((sporadic["hi_95"] > sporadic["forecast"]).all())  # uncertain series: real spread
    flat = fc[fc["unique_id"] == "flat"]
    assert flat["hi_95"].tolist() == [5.0, 5.0, 5.0]  # perfectly predictable: no spread
