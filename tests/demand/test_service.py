"""The demand run over a small store: orders → demand history → forecast → plan → signals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select

from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import (
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    ReturnRow,
    SupplierRow,
)
from shopweave.demand.options import Frequency
from shopweave.demand.purchase_orders import draft_purchase_orders, load_purchase_order
from shopweave.demand.replenishment import ReplenishmentPolicy
from shopweave.demand.service import draft_for_sku, run_demand
from shopweave.demand.store import record_stock_snapshot, sales_from_store, stock_positions
from shopweave.demand.tables import ForecastRow, StockSnapshotRow
from shopweave.events.log import read_events, record_event
from shopweave.events.schemas import SCHEMA_BASE_URI, validate_event
from tests.demand.conftest import add_supplier

TODAY = date(2026, 3, 4)  # a Wednesday: the week of 2 March is incomplete and left out
POLICY = ReplenishmentPolicy(today=TODAY, days_of_cover=28, service_level=0.9)


def _order(number: int, day: date, lines: list[tuple[str | None, int]], cancelled: bool = False) -> OrderRow:
    created = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    order = OrderRow(
        number=str(number),
        created_at=created,
        currency="EUR",
        total=Decimal("10.00"),
        cancelled_at=created if cancelled else None,
    )
    order.lines = [
        OrderLineRow(line_no=i + 1, sku=sku, title="x", quantity=qty, unit_price=Decimal("5.00"))
        for i, (sku, qty) in enumerate(lines)
    ]
    return order


def _store(database: Database) -> None:
    """SKU A sells 3 a week for 20 weeks (plus a cancelled order); B sold once; stock and an open PO."""
    add_supplier(database)
    start = date(2025, 10, 13)  # a Monday, 20 weeks before the week of 2 March
    with database.transaction() as session:
        orders = [_order(100 + w, start + timedelta(weeks=w), [("A", 3)]) for w in range(20)]
        orders.append(_order(500, start + timedelta(weeks=19), [("A", 50)], cancelled=True))
        orders.append(_order(600, start + timedelta(weeks=5), [("B", 2), (None, 1)]))
        orders.append(_order(700, TODAY, [("A", 9)]))  # this week: not a whole week yet
        session.add_all(orders)
        session.flush()
        session.add(ReturnRow(order_id=orders[0].id, sku="A", quantity=1, requested_at=orders[0].created_at))
        session.add_all(
            [
                InventoryLevelRow(sku="A", location="main", on_hand=2, reserved=1),
                InventoryLevelRow(sku="A", location="shop", on_hand=1),
                InventoryLevelRow(sku="B", location="main", on_hand=30),
            ]
        )
        supplier = session.scalars(select(SupplierRow)).one()
        po = PurchaseOrderRow(
            number="PO-OPEN", supplier_id=supplier.id, status="sent", expected_on=TODAY + timedelta(days=10)
        )
        po.lines = [PurchaseOrderLineRow(sku="A", quantity=6, received_quantity=2, unit_cost=Decimal("2.50"))]
        session.add(po)


def test_sales_history_excludes_cancelled_orders_and_the_unfinished_week(database: Database) -> None:
    _store(database)
    with database.transaction() as session:
        history = sales_from_store(session, Frequency.WEEKLY, today=TODAY)
        netted = sales_from_store(session, Frequency.WEEKLY, today=TODAY, net_returns=True)
    frame = history.frame
    assert frame.loc[frame["unique_id"] == "A", "y"].tolist() == [3.0] * 20
    assert frame.loc[frame["unique_id"] == "B", "y"].tolist() == [2.0] + [0.0] * 14
    assert netted.frame.loc[netted.frame["unique_id"] == "A", "y"].tolist() == [2.0] + [3.0] * 19
    assert [i.reason for i in history.issues] == ["1 order line(s) without a SKU skipped"]


def test_stock_positions_sum_locations_and_open_po_remainders(database: Database) -> None:
    _store(database)
    with database.transaction() as session:
        positions = stock_positions(session, TODAY).set_index("sku")
    a = positions.loc["A"]
    assert (a["on_hand"], a["reserved"], a["on_order"], a["next_arrival_days"]) == (3.0, 1.0, 4.0, 10.0)
    assert (a["supplier_code"], a["unit_cost"], a["case_pack"], a["supplier_lead_time_days"]) == (
        "ACME",
        2.5,
        6.0,
        21.0,
    )
    assert (positions.loc["B", "moq"], positions.loc["B", "on_order"]) == (10.0, 0.0)


def test_run_plans_orders_emits_signals_and_inventory_low_only_on_crossing(database: Database) -> None:
    # given
    _store(database)
    # when: two nightly runs on the same day
    summary, plan, counts = run_demand(database, Frequency.WEEKLY, 4, POLICY)
    _, _, again = run_demand(database, Frequency.WEEKLY, 4, POLICY)
    # then: A sells 3/week (3/7 a day): 2 available sell out in 4.7 days, 5.3 days before the PO lands
    a = plan.set_index("sku").loc["A"]
    assert round(a["daily_demand"] * 7, 6) == 3.0
    assert (a["position"], a["sells_out_in_days"], a["stockout_gap_days"]) == (6.0, 4.7, 5.3)
    assert bool(a["stockout_before_next_po"])
    # lead 21 days × 3/7 = 9 reorder point (a flat series: no safety stock); target 49 days × 3/7 = 21;
    # 21 − 6 = 15, rounded up to case packs of 6 → 18
    assert (a["reorder_point"], a["target"], a["order_quantity"]) == (9.0, 21.0, 18)
    assert counts["stockout.risk"] == 1
    assert (summary.series, summary.horizon) == (2, 4)
    assert counts["inventory.low"] == 1
    assert again["inventory.low"] == 0
    with database.transaction() as session:
        lows = read_events(session, types=["inventory.low"])
        updated = read_events(session, types=["forecast.updated"])
        stored = session.scalar(select(func.count()).select_from(ForecastRow))
    assert [(e.subject, e.data["position"], e.data["threshold"]) for _, e in lows] == [("sku/A", 6.0, 9)]
    assert sorted(e.data["sku"] for _, e in updated) == ["A", "B"]  # the second run moved nothing
    with database.transaction() as session:
        every = read_events(session, limit=1000)
    assert {e.type for _, e in every} == {
        "forecast.updated",
        "inventory.low",
        "stockout.risk",
        "overstock.detected",
    }
    for _, event in every:  # each payload fits the published schema of its core type
        assert validate_event(event).dataschema == f"{SCHEMA_BASE_URI}{event.type}.json"
    assert stored == 2 * 2 * 4


def test_rule_actions_put_one_sku_on_the_draft_and_keep_the_other_lines(database: Database) -> None:
    # given: a stored forecast, and a draft that already has B on it
    _store(database)
    run_demand(database, Frequency.WEEKLY, 4, POLICY)
    with database.transaction() as session:
        plan = pd.DataFrame(
            {
                "sku": ["B"],
                "supplier_code": ["ACME"],
                "order_quantity": [10],
                "unit_cost": [4.0],
                "lead_time": [21.0],
            }
        )
        draft_purchase_orders(session, plan, TODAY, lambda e: record_event(session, e))
    # when: a rule asks for A twice (a spike, then low stock)
    first = draft_for_sku(database, "A", POLICY)
    second = draft_for_sku(database, "A", POLICY)
    # then
    assert first == (18, "PO-20260304-ACME", 2)
    assert second == (18, "PO-20260304-ACME", 2)
    with database.transaction() as session:
        lines = load_purchase_order(session, "PO-20260304-ACME").order.lines
        assert [(ln.sku, ln.quantity) for ln in lines] == [("A", 18), ("B", 10)]
    assert draft_for_sku(database, "B", POLICY) == (0, None, None)  # plenty of B: nothing to add


def test_recorded_stock_out_days_turn_missing_sales_into_demand(database: Database) -> None:
    # given: in week 17 A was out of stock 3 of 7 days (and sold its usual 3); in week 18 out all week, no sale
    _store(database)
    start = date(2025, 10, 13)
    with database.transaction() as session:
        session.delete(session.scalars(select(OrderRow).where(OrderRow.number == "118")).one())
        week17 = [start + timedelta(weeks=17, days=d) for d in range(7)]
        week18 = [start + timedelta(weeks=18, days=d) for d in range(7)]
        session.add_all(
            [StockSnapshotRow(sku="A", day=day, available=5 if i < 4 else 0) for i, day in enumerate(week17)]
        )
        session.add_all([StockSnapshotRow(sku="A", day=day, available=0) for day in week18])
    # when
    with database.transaction() as session:
        history = sales_from_store(session, Frequency.WEEKLY, today=TODAY)
    # then: 3 sold in 4/7 of a week ≈ 5.25; the empty week is unknown, filled with the mean of the six before
    a = history.frame.loc[history.frame["unique_id"] == "A", "y"].round(4).tolist()
    assert a == [3.0] * 17 + [5.25, 3.375, 3.0]


def test_stock_snapshot_is_recorded_once_per_day(database: Database) -> None:
    _store(database)
    with database.transaction() as session:
        first = record_stock_snapshot(session, TODAY)
        second = record_stock_snapshot(session, TODAY)
        rows = session.execute(
            select(StockSnapshotRow.sku, StockSnapshotRow.available).order_by(StockSnapshotRow.sku)
        ).all()
    assert (first, second) == (2, 0)
    assert [tuple(r) for r in rows] == [("A", 2), ("B", 30)]
