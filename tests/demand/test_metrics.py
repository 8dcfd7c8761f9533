"""Accuracy metrics on hand-computed examples."""

from __future__ import annotations

import pandas as pd
import pytest

from shopweave.demand.metrics import per_series_errors, summarise


def test_mase_rmsse_wape_bias_match_hand_computation() -> None:
    # given: a five-period history and a two-period holdout
    history = pd.DataFrame({"unique_id": ["a"] * 5, "ds": range(5), "y": [1.0, 2.0, 4.0, 3.0, 5.0]})
    actuals = pd.DataFrame({"unique_id": ["a", "a"], "ds": [5, 6], "y": [4.0, 6.0]})
    forecasts = pd.DataFrame({"unique_id": ["a", "a"], "ds": [5, 6], "f": [5.0, 4.0]})
    # when: season length 2 → seasonal diffs |4-1|,|3-2|,|5-4| = 3,1,1 → scale 5/3
    per = per_series_errors(actuals, forecasts, history, ["f"], season_length=2)["f"]
    acc = summarise(per)
    # then: MAE 1.5 → MASE 0.9; MSE (1+4)/2 = 2.5, naive MSE (1+4+1+4)/4 = 2.5 → RMSSE 1
    assert acc.mase == pytest.approx(0.9)
    assert acc.rmsse == pytest.approx(1.0)
    assert acc.wape == pytest.approx(3.0 / 10.0)
    assert acc.bias == pytest.approx((9.0 - 10.0) / 10.0)
    assert (acc.series, acc.undefined) == (1, 0)


def test_flat_history_has_no_mase_and_is_counted() -> None:
    history = pd.DataFrame({"unique_id": ["z"] * 4, "ds": range(4), "y": [0.0] * 4})
    actuals = pd.DataFrame({"unique_id": ["z"], "ds": [4], "y": [1.0]})
    forecasts = pd.DataFrame({"unique_id": ["z"], "ds": [4], "f": [0.0]})
    acc = summarise(per_series_errors(actuals, forecasts, history, ["f"], season_length=12)["f"])
    assert (acc.mase, acc.rmsse, acc.undefined, acc.wape) == (None, None, 1, 1.0)
