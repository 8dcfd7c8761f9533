"""Speed: 10,000 weekly series × 104 weeks — fit, select by one backtest window, forecast 12 weeks.

Run: .venv/bin/python bench/demand_speed.py [--series 10000] [--n-jobs 2]  (default: 2 workers)
Prints the cold run (the first call in a fresh process: imports, numba loading statsforecast's
compiled cache, worker start-up) and a warm run, with wall and CPU time and peak memory (max RSS of
this process and its worker processes). To count numba compilation from scratch (a fresh install),
run it with `NUMBA_CACHE_DIR` pointing at an empty folder.
Then times replenishment for 10,000 SKUs.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from shopweave.demand.forecaster import DemandForecaster
from shopweave.demand.options import Frequency
from shopweave.demand.replenishment import ReplenishmentPolicy, plan_replenishment


def synthetic_weekly(n_series: int, weeks: int, seed: int = 7) -> pd.DataFrame:
    """Weekly sales: a mix of sporadic, slow and seasonal SKUs (Poisson around a level)."""
    rng = np.random.default_rng(seed)
    level = rng.gamma(0.6, 4.0, size=n_series)
    t = np.arange(weeks)
    season = 1 + 0.3 * np.sin(2 * np.pi * t / 52)[None, :] * (rng.random(n_series) < 0.3)[:, None]
    y = rng.poisson(level[:, None] * season).astype(float)
    ds = pd.date_range("2023-01-02", periods=weeks, freq="W-MON")
    return pd.DataFrame(
        {
            "unique_id": np.repeat([f"SKU{i:05d}" for i in range(n_series)], weeks),
            "ds": np.tile(ds, n_series),
            "y": y.ravel(),
        }
    )


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--n-jobs", type=int, default=2, help="statsforecast worker processes (2 cores here)")
    args = parser.parse_args()
    df = synthetic_weekly(args.series, 104)
    for run in ("cold", "warm"):
        started, cpu = time.perf_counter(), cpu_seconds()
        fc = DemandForecaster(Frequency.WEEKLY, 12, n_windows=1, n_jobs=args.n_jobs).fit(df).predict()
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        print(
            f"forecast {run}: {args.series} series × 104 weeks, 1 backtest window, h=12: "
            f"{seconds:.1f} s wall, {cpu:.1f} s CPU (all processes), {len(fc)} rows, peak RSS {peak_mb():.0f} MB"
        )
    rng = np.random.default_rng(3)
    n = args.series
    sku = [f"SKU{i:05d}" for i in range(n)]
    daily = fc.groupby("unique_id")["forecast"].mean().to_numpy() / 7
    items = pd.DataFrame(
        {
            "sku": sku,
            "on_hand": rng.integers(0, 60, n),
            "on_order": rng.integers(0, 20, n),
            "in_transit": rng.integers(0, 10, n),
            "daily_demand": daily,
            "daily_sigma": daily * 0.8,
            "lead_time_days": rng.choice([7.0, 14.0, np.nan], n),
            "supplier_lead_time_days": 21.0,
            "moq": rng.choice([1, 10, 50], n),
            "case_pack": rng.choice([1, 6, 12], n),
            "next_arrival_days": rng.choice([np.nan, 10.0, 30.0], n),
            "unit_cost": rng.uniform(1, 50, n),
        }
    )
    for run in ("cold", "warm"):
        started = time.perf_counter()
        plan = plan_replenishment(items, ReplenishmentPolicy())
        seconds = time.perf_counter() - started
        print(
            f"replenishment {run}: {n} SKUs in {seconds:.3f} s, {int((plan['order_quantity'] > 0).sum())} to order"
        )
    print(f"peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
