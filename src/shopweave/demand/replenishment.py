"""Replenishment: how much of each SKU to order, and when it sells out (vectorised over SKUs).

Per SKU, with demand per day from the forecast and its spread:

    lead time        = product's lead time → supplier's → policy default
    position         = on hand − reserved + on order + in transit
    period           = lead time + days of cover
    safety stock     = z(service level) × daily σ × √period
    reorder point    = daily demand × lead time + safety stock
    target           = daily demand × period + safety stock
    order quantity   = target − position when position ≤ reorder point, else 0;
                       then at least the MOQ and rounded up to whole case packs
    sells out in     = (on hand − reserved) / daily demand days
    replenish by     = sells-out date − lead time (today when already late)
    stock-out risk   = sells out before the next open PO arrives (or, with no open PO, before an
                       order placed today could arrive); the gap is the days without stock
    overstock        = position covers more than `overstock_days` beyond the target

Input is one row per SKU (see `PLAN_INPUT_COLUMNS`); output adds the columns in `PLAN_COLUMNS`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from shopweave.demand.forecaster import z_for_service_level

PLAN_INPUT_COLUMNS = (
    "sku",
    "on_hand",
    "on_order",
    "in_transit",
    "daily_demand",
    "daily_sigma",
    "lead_time_days",
    "supplier_lead_time_days",
    "moq",
    "case_pack",
    "next_arrival_days",
    "unit_cost",
)
PLAN_COLUMNS = (
    "lead_time",
    "position",
    "safety_stock",
    "reorder_point",
    "target",
    "order_quantity",
    "sells_out_in_days",
    "sells_out_on",
    "replenish_by",
    "stockout_before_next_po",
    "stockout_gap_days",
    "low",
    "overstock",
    "order_value",
)


MAX_DAYS = 36_500
"""Sell-out dates further than this (a century) are shown as this far."""


class ReplenishmentPolicy(BaseModel):
    """Store-wide replenishment settings."""

    days_of_cover: float = Field(
        default=30.0, ge=0, description="Days of stock an order should cover after it lands.", examples=[30]
    )
    service_level: float = Field(
        default=0.95, gt=0.5, lt=1.0, description="Chance of not running out during a cycle.", examples=[0.95]
    )
    default_lead_time_days: float = Field(
        default=14.0, ge=0, description="Lead time when neither product nor supplier has one.", examples=[14]
    )
    overstock_days: float = Field(
        default=90.0,
        ge=0,
        description="Stock beyond the target worth this many days of demand is overstock.",
        examples=[90],
    )
    today: date = Field(default_factory=date.today, description="The planning date.", examples=["2026-03-01"])


def plan_replenishment(items: pd.DataFrame, policy: ReplenishmentPolicy) -> pd.DataFrame:
    """Add the plan columns to `items` (one row per SKU); no loops over SKUs."""
    out = items.copy()
    for column, default in (
        ("reserved", 0.0),
        ("on_order", 0.0),
        ("in_transit", 0.0),
        ("daily_sigma", 0.0),
        ("lead_time_days", np.nan),
        ("supplier_lead_time_days", np.nan),
        ("moq", 1.0),
        ("case_pack", 1.0),
        ("next_arrival_days", np.nan),
        ("unit_cost", 0.0),
    ):
        if column not in out.columns:
            out[column] = default
    f = {
        c: out[c].to_numpy(dtype=float)
        for c in (
            "on_hand",
            "reserved",
            "on_order",
            "in_transit",
            "daily_demand",
            "daily_sigma",
            "lead_time_days",
            "supplier_lead_time_days",
            "moq",
            "case_pack",
            "next_arrival_days",
            "unit_cost",
        )
    }
    demand = np.nan_to_num(np.maximum(f["daily_demand"], 0.0))
    sigma = np.nan_to_num(np.maximum(f["daily_sigma"], 0.0))
    lead = np.where(
        np.isnan(f["lead_time_days"]),
        np.where(
            np.isnan(f["supplier_lead_time_days"]),
            policy.default_lead_time_days,
            f["supplier_lead_time_days"],
        ),
        f["lead_time_days"],
    )
    available = np.nan_to_num(f["on_hand"]) - np.nan_to_num(f["reserved"])
    position = available + np.nan_to_num(f["on_order"]) + np.nan_to_num(f["in_transit"])
    period = lead + policy.days_of_cover
    z = z_for_service_level(policy.service_level)
    safety = z * sigma * np.sqrt(period)
    reorder_point = demand * lead + safety
    target = demand * period + safety
    needs = (position <= reorder_point) & (target > position) & (demand > 0)
    raw = np.where(needs, target - position, 0.0)
    moq = np.maximum(np.nan_to_num(f["moq"], nan=1.0), 1.0)
    pack = np.maximum(np.nan_to_num(f["case_pack"], nan=1.0), 1.0)
    quantity = np.where(raw > 0, np.ceil(np.maximum(np.ceil(raw - 1e-9), moq) / pack) * pack, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sells_out = np.where(available <= 0, 0.0, np.where(demand > 0, available / demand, np.inf))
    arrival = f["next_arrival_days"]
    horizon = np.where(np.isnan(arrival), lead, arrival)
    risk = sells_out < horizon
    gap = np.where(risk, horizon - sells_out, 0.0)
    today = np.datetime64(policy.today, "D")
    finite = np.isfinite(sells_out)
    days_out = np.floor(np.where(finite, np.minimum(sells_out, MAX_DAYS), 0.0)).astype("int64")
    sells_out_on = np.where(finite, today + days_out.astype("timedelta64[D]"), np.datetime64("NaT"))
    by_days = np.maximum(days_out - np.ceil(lead).astype("int64"), 0)
    replenish_by = np.where(finite, today + by_days.astype("timedelta64[D]"), np.datetime64("NaT"))
    out["lead_time"] = lead
    out["position"] = position
    out["safety_stock"] = np.round(safety, 2)
    out["reorder_point"] = np.round(reorder_point, 2)
    out["target"] = np.round(target, 2)
    out["order_quantity"] = quantity.astype("int64")
    out["sells_out_in_days"] = np.round(sells_out, 1)
    out["sells_out_on"] = pd.to_datetime(sells_out_on)
    out["replenish_by"] = pd.to_datetime(replenish_by)
    out["stockout_before_next_po"] = risk
    out["stockout_gap_days"] = np.round(gap, 1)
    out["low"] = (position <= reorder_point) & (demand > 0)
    out["overstock"] = (position > 0) & (position - target > demand * policy.overstock_days)
    out["order_value"] = np.round(quantity * np.nan_to_num(f["unit_cost"]), 4)
    return out
