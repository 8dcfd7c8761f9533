"""Replenishment arithmetic on hand-checked SKUs."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from shopweave.demand.replenishment import ReplenishmentPolicy, plan_replenishment

POLICY = ReplenishmentPolicy(
    days_of_cover=30, service_level=0.95, default_lead_time_days=14, today=date(2026, 3, 1)
)


def _plan(**overrides: object) -> pd.Series:
    row: dict[str, object] = {
        "sku": "A",
        "on_hand": 10,
        "reserved": 0,
        "on_order": 0,
        "in_transit": 0,
        "daily_demand": 2.0,
        "daily_sigma": 0.0,
        "lead_time_days": np.nan,
        "supplier_lead_time_days": np.nan,
        "moq": 1,
        "case_pack": 1,
        "next_arrival_days": np.nan,
        "unit_cost": 2.5,
    }
    row.update(overrides)
    return plan_replenishment(pd.DataFrame([row]), POLICY).iloc[0]


@pytest.mark.parametrize(
    ("product", "supplier", "expected"),
    [
        pytest.param(7.0, 21.0, 7.0, id="product-lead-time-first"),
        pytest.param(np.nan, 21.0, 21.0, id="then-supplier"),
        pytest.param(np.nan, np.nan, 14.0, id="then-default"),
    ],
)
def test_lead_time_falls_back_product_supplier_default(
    product: float, supplier: float, expected: float
) -> None:
    assert _plan(lead_time_days=product, supplier_lead_time_days=supplier)["lead_time"] == expected


def test_order_covers_lead_time_plus_cover_less_position() -> None:
    # lead 14 + cover 30 = 44 days × 2/day = 88 target; position 10 → 78
    plan = _plan()
    assert (plan["reorder_point"], plan["target"], plan["order_quantity"]) == (28.0, 88.0, 78)
    assert plan["order_value"] == 195.0
    # 10 units at 2/day: sells out in 5 days, on 6 March; replenish by max(5 − 14, 0) → today
    assert plan["sells_out_in_days"] == 5.0
    assert plan["sells_out_on"] == pd.Timestamp("2026-03-06")
    assert plan["replenish_by"] == pd.Timestamp("2026-03-01")
    # no open PO: an order placed today lands in 14 days, 9 days after selling out
    assert (bool(plan["stockout_before_next_po"]), plan["stockout_gap_days"]) == (True, 9.0)
    assert (bool(plan["low"]), bool(plan["overstock"])) == (True, False)


@pytest.mark.parametrize(
    ("moq", "case_pack", "expected"),
    [
        pytest.param(1, 12, 84, id="case-pack-rounds-up"),
        pytest.param(100, 1, 100, id="moq-raises"),
        pytest.param(100, 12, 108, id="moq-then-case-pack"),
    ],
)
def test_quantity_respects_moq_and_case_pack(moq: int, case_pack: int, expected: int) -> None:
    assert _plan(moq=moq, case_pack=case_pack)["order_quantity"] == expected


def test_safety_stock_uses_forecast_spread_and_service_level() -> None:
    # z(0.95) = 1.6449; σ 1/day over 44 days → 1.6449 × √44 = 10.91
    plan = _plan(daily_sigma=1.0)
    assert plan["safety_stock"] == 10.91
    assert plan["reorder_point"] == 38.91


def test_enough_stock_orders_nothing_and_open_po_in_time_is_no_risk() -> None:
    plan = _plan(on_hand=40, on_order=20, next_arrival_days=10.0)
    assert (plan["order_quantity"], bool(plan["low"]), bool(plan["stockout_before_next_po"])) == (
        0,
        False,
        False,
    )


def test_no_demand_with_stock_is_overstock_and_never_sells_out() -> None:
    plan = _plan(daily_demand=0.0, on_hand=50)
    assert (plan["order_quantity"], bool(plan["overstock"]), bool(plan["low"])) == (0, True, False)
    assert plan["sells_out_in_days"] == np.inf
    assert pd.isna(plan["sells_out_on"])
