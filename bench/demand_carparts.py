"""Accuracy on the carparts data: per-series selection vs every single model vs the baselines.

Run: .venv/bin/python bench/demand_carparts.py [--json]
Holds out the last 12 months of ../shared/data/sales/carparts_monthly_long.csv and prints mean
MASE, RMSSE, WAPE and bias for each method, side by side.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shopweave.demand.backtest import holdout_backtest
from shopweave.demand.history import read_sales_csv
from shopweave.demand.options import Frequency

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sales" / "carparts_monthly_long.csv"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--n-jobs", type=int, default=1)
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"data not found at {DATA}", file=sys.stderr)
        return 1
    history = read_sales_csv(DATA, Frequency.MONTHLY, id_col="part_id", date_col="month", value_col="sales")
    report = holdout_backtest(history, 12, n_jobs=args.n_jobs)
    if args.json:
        print(report.model_dump_json(indent=2))
        return 0
    rows = [("selected (per-series pool)", report.selected)]
    rows += sorted(report.models.items(), key=lambda kv: kv[1].mase or 9e9)
    rows += [(f"baseline {name}", acc) for name, acc in report.baselines.items()]
    print(
        f"carparts: {report.series_scored} series scored, horizon 12, cutoff {report.cutoff}, "
        f"{report.selected.undefined} without MASE (flat history), {report.seconds:.1f} s"
    )
    print(f"{'method':34s} {'MASE':>7s} {'RMSSE':>7s} {'WAPE':>7s} {'bias':>7s}")
    for name, acc in rows:
        print(f"{name:34s} {acc.mase:7.4f} {acc.rmsse:7.4f} {acc.wape:7.4f} {acc.bias:+7.4f}")
    best_single = min((acc.mase or 9e9) for _, acc in [*report.models.items(), *report.baselines.items()])
    verdict = "beats" if (report.selected.mase or 9e9) < best_single else "does NOT beat"
    print(
        f"selection {verdict} every single model and baseline on mean MASE "
        f"({report.selected.mase:.4f} vs best single {best_single:.4f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
