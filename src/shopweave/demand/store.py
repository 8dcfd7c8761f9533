"""Reading what demand needs from the data layer: sales history, stock positions, suppliers.

Stock-outs: each demand run records every SKU's available units for the day
(`record_stock_snapshot`); a day at zero or below is a stock-out day. A period's availability is
the share of its recorded days in stock (days without a record count as in stock), and
`clean_sales` turns it into demand (scaled up when partly out of stock, unknown when mostly out).

Sales from orders: cancelled orders (a `cancelled_at`, or financial status `voided`) are not
demand and are left out. Returned units stay in demand by default (the customer did take them;
the return shows up as stock again); `net_returns=True` subtracts them in the period of the
original order instead. Order lines without a SKU are skipped and reported.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from shopweave.catalog.store.tables import (
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    ReturnRow,
    SupplierItemRow,
    SupplierRow,
    VariantRow,
)
from shopweave.demand.history import SalesHistory, SeriesIssue, clean_sales
from shopweave.demand.options import Frequency
from shopweave.demand.tables import StockSnapshotRow

OPEN_PO_STATUSES = ("approved", "sent", "partially_received")


def sales_from_store(
    session: Session, freq: Frequency, *, today: date | None = None, net_returns: bool = False
) -> SalesHistory:
    """Demand history per SKU from the store's orders, up to the last whole period before `today`."""
    rows = session.execute(
        select(OrderLineRow.sku, OrderRow.created_at, OrderLineRow.quantity)
        .join(OrderRow, OrderRow.id == OrderLineRow.order_id)
        .where(OrderRow.cancelled_at.is_(None), OrderRow.financial_status != "voided")
    ).all()
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "y"])
    issues: list[SeriesIssue] = []
    missing_sku = frame["unique_id"].isna()
    if missing_sku.any():
        issues.append(
            SeriesIssue(unique_id="", reason=f"{int(missing_sku.sum())} order line(s) without a SKU skipped")
        )
    frame = frame.loc[~missing_sku]
    if net_returns:
        returned = session.execute(
            select(ReturnRow.sku, OrderRow.created_at, ReturnRow.quantity)
            .join(OrderRow, OrderRow.id == ReturnRow.order_id)
            .where(ReturnRow.sku.is_not(None), ReturnRow.status != "rejected")
        ).all()
        if returned:
            back = pd.DataFrame(returned, columns=["unique_id", "ds", "y"])
            back["y"] = -back["y"]
            frame = pd.concat([frame, back], ignore_index=True)
    frame["ds"] = pd.to_datetime(frame["ds"], utc=True).dt.tz_localize(None).dt.normalize()
    frame["y"] = frame["y"].astype(float)
    # Many lines per day are normal here: add them up before cleaning (which treats repeats as duplicates).
    frame = frame.groupby(["unique_id", "ds"], as_index=False)["y"].sum()
    frame["y"] = frame["y"].clip(lower=0.0)
    frame = _with_stock_days(session, frame)
    known = set(session.scalars(select(VariantRow.sku).where(VariantRow.sku.is_not(None))).all())
    if known:
        for sku in sorted(set(frame["unique_id"]) - known):
            issues.append(SeriesIssue(unique_id=str(sku), reason="SKU not in the catalog; forecast anyway"))
    current = pd.Timestamp(today or date.today()).to_period(freq.pandas_period)
    history = clean_sales(frame, freq, end=(current - 1).start_time)
    history.issues[:0] = issues
    return history


def record_stock_snapshot(session: Session, today: date) -> int:
    """Record today's available units per SKU (idempotent per SKU and day); returns SKUs recorded."""
    levels = session.execute(
        select(
            InventoryLevelRow.sku, func.sum(InventoryLevelRow.on_hand - InventoryLevelRow.reserved)
        ).group_by(InventoryLevelRow.sku)
    ).all()
    done = set(session.scalars(select(StockSnapshotRow.sku).where(StockSnapshotRow.day == today)).all())
    rows = [
        {"sku": sku, "day": today, "available": int(units or 0)} for sku, units in levels if sku not in done
    ]
    if rows:
        session.execute(insert(StockSnapshotRow), rows)
    return len(rows)


def _with_stock_days(session: Session, sales: pd.DataFrame) -> pd.DataFrame:
    """Daily sales plus `available` (1 in stock, 0 out) on days with a stock snapshot."""
    snapshots = pd.DataFrame(
        session.execute(select(StockSnapshotRow.sku, StockSnapshotRow.day, StockSnapshotRow.available)).all(),
        columns=["unique_id", "ds", "units"],
    )
    if snapshots.empty:
        return sales
    snapshots["ds"] = pd.to_datetime(snapshots["ds"])
    snapshots["available"] = (snapshots["units"] > 0).astype(float)
    merged = sales.merge(snapshots[["unique_id", "ds", "available"]], on=["unique_id", "ds"], how="outer")
    merged["y"] = merged["y"].fillna(0.0)
    # A SKU seen only in snapshots has no sales history to correct.
    return merged[merged["unique_id"].isin(set(sales["unique_id"]))].reset_index(drop=True)


def stock_positions(session: Session, today: date) -> pd.DataFrame:
    """One row per SKU: stock, open POs, and the preferred supplier's terms (see replenishment)."""
    levels = pd.DataFrame(
        session.execute(
            select(
                InventoryLevelRow.sku,
                func.sum(InventoryLevelRow.on_hand),
                func.sum(InventoryLevelRow.reserved),
                func.sum(InventoryLevelRow.in_transit),
            ).group_by(InventoryLevelRow.sku)
        ).all(),
        columns=["sku", "on_hand", "reserved", "in_transit"],
    )
    open_lines = pd.DataFrame(
        session.execute(
            select(
                PurchaseOrderLineRow.sku,
                PurchaseOrderLineRow.quantity - PurchaseOrderLineRow.received_quantity,
                PurchaseOrderRow.expected_on,
            )
            .join(PurchaseOrderRow, PurchaseOrderRow.id == PurchaseOrderLineRow.purchase_order_id)
            .where(PurchaseOrderRow.status.in_(OPEN_PO_STATUSES))
        ).all(),
        columns=["sku", "open", "expected_on"],
    )
    open_lines["open"] = open_lines["open"].clip(lower=0)
    on_order = open_lines.groupby("sku")["open"].sum().rename("on_order")
    pending = open_lines[open_lines["open"] > 0].dropna(subset=["expected_on"])
    next_arrival = pending.groupby("sku")["expected_on"].min().rename("next_arrival_on")
    terms = pd.DataFrame(
        session.execute(
            select(
                SupplierItemRow.sku,
                SupplierRow.code,
                SupplierRow.currency,
                SupplierItemRow.unit_cost,
                SupplierItemRow.lead_time_days,
                SupplierRow.lead_time_days,
                func.coalesce(SupplierItemRow.min_order_quantity, SupplierRow.min_order_quantity),
                SupplierItemRow.case_pack,
                SupplierItemRow.preferred,
            ).join(SupplierRow, SupplierRow.id == SupplierItemRow.supplier_id)
        ).all(),
        columns=[
            "sku",
            "supplier_code",
            "currency",
            "unit_cost",
            "lead_time_days",
            "supplier_lead_time_days",
            "moq",
            "case_pack",
            "preferred",
        ],
    )
    terms = terms.sort_values(["sku", "preferred", "supplier_code"], ascending=[True, False, True])
    terms = terms.drop_duplicates("sku").drop(columns="preferred").set_index("sku")
    skus = sorted(set(levels["sku"]) | set(terms.index) | set(open_lines["sku"]))
    out = pd.DataFrame({"sku": pd.Series(skus, dtype=object)}).set_index("sku")
    out = out.join(levels.set_index("sku")).join(on_order).join(next_arrival).join(terms)
    for column in ("on_hand", "reserved", "in_transit", "on_order"):
        out[column] = out[column].fillna(0).astype(float)
    out["unit_cost"] = out["unit_cost"].astype(float)
    for column in ("lead_time_days", "supplier_lead_time_days", "moq", "case_pack"):
        out[column] = out[column].astype(float)
    arrival = pd.to_datetime(out["next_arrival_on"])
    out["next_arrival_days"] = (arrival - pd.Timestamp(today)).dt.days.astype(float).clip(lower=0)
    out.loc[arrival.isna(), "next_arrival_days"] = np.nan
    return out.reset_index()
