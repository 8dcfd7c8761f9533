"""Demand: per-SKU forecasts with backtests, replenishment, purchase orders, supplier e-mails.

The public names are importable from here. Importing this package stays light (the table module is
imported by every database open): names that need statsforecast are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "BacktestReport": "shopweave.demand.backtest",
    "holdout_backtest": "shopweave.demand.backtest",
    "DemandForecaster": "shopweave.demand.forecaster",
    "Frequency": "shopweave.demand.history",
    "SalesHistory": "shopweave.demand.history",
    "SeriesIssue": "shopweave.demand.history",
    "clean_sales": "shopweave.demand.history",
    "read_sales_csv": "shopweave.demand.history",
    "Accuracy": "shopweave.demand.metrics",
    "ModelProfile": "shopweave.demand.models",
    "ReplenishmentPolicy": "shopweave.demand.replenishment",
    "plan_replenishment": "shopweave.demand.replenishment",
    "MailSender": "shopweave.demand.mail",
    "SmtpMailSender": "shopweave.demand.mail",
    "run_demand": "shopweave.demand.service",
    "send_purchase_order": "shopweave.demand.supplier_messages",
    "subsystem": "shopweave.demand.plugin",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'shopweave.demand' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
