"""The demand run over the store: forecast → store forecasts → plan → signals → PO drafts.

Each step is a function the CLI, the plugin actions and the nightly schedule call. Events are
recorded in the same transaction as the change they describe.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from shopweave.catalog.store import Database
from shopweave.demand.events import (
    ForecastUpdated,
    InventoryLow,
    OverstockDetected,
    StockoutRisk,
    to_cloud_event,
)
from shopweave.demand.forecaster import DemandForecaster
from shopweave.demand.history import SalesHistory
from shopweave.demand.options import Frequency, ModelProfile
from shopweave.demand.replenishment import ReplenishmentPolicy, plan_replenishment
from shopweave.demand.store import record_stock_snapshot, sales_from_store, stock_positions
from shopweave.demand.tables import ForecastRow, ForecastRunRow, SignalStateRow
from shopweave.events.envelope import CloudEvent
from shopweave.events.log import record_event

Z_95 = 1.96
CHANGE_THRESHOLD_PCT = 20.0
"""A SKU's forecast total must move this much (in %) for a new `forecast.updated`."""


class ForecastRunSummary(BaseModel):
    """What a forecasting run did."""

    run_id: int = Field(description="Stored run id.", examples=[3])
    series: int = Field(description="Series forecast.", examples=[240])
    horizon: int = Field(description="Periods ahead.", examples=[12])
    freq: str = Field(description="D, W or M.", examples=["W"])
    issues: int = Field(description="Per-series issues reported.", examples=[2])


def forecast_history(
    history: SalesHistory, horizon: int, *, profile: ModelProfile = ModelProfile.FAST, n_windows: int = 3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forecasts (`unique_id, ds, forecast, lo_80 …`) and the per-series selection."""
    if history.frame.empty:
        columns = ["unique_id", "ds", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
        return pd.DataFrame(columns=columns), pd.DataFrame(columns=["rule", "n", "models", "sigma"])
    n_jobs = -1 if history.frame["unique_id"].nunique() > 2000 else 1
    forecaster = DemandForecaster(history.freq, horizon, profile=profile, n_windows=n_windows, n_jobs=n_jobs)
    forecasts = forecaster.fit(history.frame).predict()
    return forecasts, forecaster.selection_


def store_forecast_run(
    session: Session, history: SalesHistory, horizon: int, forecasts: pd.DataFrame, selection: pd.DataFrame
) -> ForecastRunSummary:
    """Persist a run and its forecasts, and record `forecast.updated`."""
    run = ForecastRunRow(
        freq=history.freq.value,
        horizon=horizon,
        series=int(selection.shape[0]),
        issues=[issue.model_dump() for issue in history.issues],
        summary={"models": selection["models"].value_counts().to_dict()} if len(selection) else {},
    )
    session.add(run)
    session.flush()
    if len(forecasts):
        methods = selection["models"].to_dict()
        rows = [
            {
                "run_id": run.id,
                "sku": r.unique_id,
                "period_start": pd.Timestamp(r.ds).date(),
                "forecast": float(r.forecast),
                "lo_80": float(r.lo_80),
                "hi_80": float(r.hi_80),
                "lo_95": float(r.lo_95),
                "hi_95": float(r.hi_95),
                "method": str(methods.get(r.unique_id, "")),
            }
            for r in forecasts.itertuples()
        ]
        session.execute(insert(ForecastRow), rows)
    _forecast_events(session, run, history.freq, horizon, forecasts)
    return ForecastRunSummary(
        run_id=run.id, series=run.series, horizon=horizon, freq=run.freq, issues=len(history.issues)
    )


def _forecast_events(
    session: Session, run: ForecastRunRow, freq: Frequency, horizon: int, forecasts: pd.DataFrame
) -> None:
    """`forecast.updated` per SKU: on its first forecast, or when the total moves by ≥ 20 %."""
    if forecasts.empty:
        return
    totals = forecasts.groupby("unique_id")["forecast"].sum()
    previous_run = session.scalar(select(func.max(ForecastRunRow.id)).where(ForecastRunRow.id < run.id))
    before = pd.Series(dtype=float)
    if previous_run is not None:
        rows = session.execute(
            select(ForecastRow.sku, func.sum(ForecastRow.forecast))
            .where(ForecastRow.run_id == previous_run)
            .group_by(ForecastRow.sku)
        ).all()
        before = pd.Series({sku: float(total) for sku, total in rows}, dtype=float)
    old = before.reindex(totals.index)
    change = np.where(old > 0, (totals - old) / old * 100.0, np.where(totals > 0, 100.0, 0.0))
    changed = old.isna().to_numpy() | (np.abs(change) >= CHANGE_THRESHOLD_PCT)
    for sku, total, pct in zip(
        totals.index[changed], totals.to_numpy()[changed], change[changed], strict=True
    ):
        record_event(
            session,
            to_cloud_event(
                ForecastUpdated(
                    sku=str(sku),
                    horizon_days=round(horizon * freq.days),
                    expected_units=round(float(total), 3),
                    change_pct=round(float(pct), 1),
                    run_id=run.id,
                ),
                f"sku/{sku}",
                f"{run.id}:{sku}",
            ),
        )


def daily_demand(forecasts: pd.DataFrame, selection: pd.DataFrame, freq: Frequency) -> pd.DataFrame:
    """Per SKU: mean forecast demand per day and its per-day spread."""
    if forecasts.empty:
        return pd.DataFrame(
            {
                "sku": pd.Series(dtype=object),
                "daily_demand": pd.Series(dtype=float),
                "daily_sigma": pd.Series(dtype=float),
            }
        )
    per_period = forecasts.groupby("unique_id")["forecast"].mean()
    sigma = selection["sigma"].reindex(per_period.index).fillna(0.0)
    return pd.DataFrame(
        {
            "sku": per_period.index,
            "daily_demand": per_period.to_numpy() / freq.days,
            "daily_sigma": sigma.to_numpy() / np.sqrt(freq.days),
        }
    )


def latest_daily_demand(session: Session) -> pd.DataFrame | None:
    """Daily demand per SKU from the newest stored forecast run (None when there is none).

    σ comes back from the stored 95 % upper bound: hi_95 = forecast + 1.96 σ (never clipped).
    """
    run = session.scalars(select(ForecastRunRow).order_by(ForecastRunRow.id.desc())).first()
    if run is None:
        return None
    rows = session.execute(
        select(ForecastRow.sku, ForecastRow.forecast, ForecastRow.hi_95).where(ForecastRow.run_id == run.id)
    ).all()
    frame = pd.DataFrame(rows, columns=["unique_id", "forecast", "hi_95"])
    frame["sigma"] = (frame["hi_95"] - frame["forecast"]) / Z_95
    selection = frame.groupby("unique_id")[["sigma"]].mean()
    return daily_demand(frame[["unique_id", "forecast"]], selection, Frequency(run.freq))


def build_plan(session: Session, demand: pd.DataFrame, policy: ReplenishmentPolicy) -> pd.DataFrame:
    """Stock positions joined with demand, planned."""
    positions = stock_positions(session, policy.today)
    items = positions.merge(demand, on="sku", how="left")
    items["daily_demand"] = items["daily_demand"].fillna(0.0)
    items["daily_sigma"] = items["daily_sigma"].fillna(0.0)
    return plan_replenishment(items, policy)


def emit_signals(
    session: Session, plan: pd.DataFrame, today: date, emit: Callable[[CloudEvent], object]
) -> dict[str, int]:
    """`stockout.risk` and `overstock.detected` (once per SKU and day), `inventory.low` on crossing."""
    counts = {"stockout.risk": 0, "overstock.detected": 0, "inventory.low": 0}
    day = today.isoformat()
    at_risk = plan[plan["stockout_before_next_po"] & (plan["daily_demand"] > 0)]
    for r in at_risk.itertuples():
        arrival = getattr(r, "next_arrival_on", None)
        known_arrival = arrival is not None and not pd.isna(arrival)
        emit(
            to_cloud_event(
                StockoutRisk(
                    sku=str(r.sku),
                    days_until_stockout=float(r.sells_out_in_days),
                    next_po_days=float(r.next_arrival_days) if known_arrival else None,
                    sells_out_on=pd.Timestamp(r.sells_out_on).date().isoformat(),
                    next_arrival_on=pd.Timestamp(arrival).date().isoformat() if known_arrival else None,
                    gap_days=float(r.stockout_gap_days),
                ),
                f"sku/{r.sku}",
                f"{r.sku}:{day}",
            )
        )
        counts["stockout.risk"] += 1
    for r in plan[plan["overstock"]].itertuples():
        emit(
            to_cloud_event(
                OverstockDetected(
                    sku=str(r.sku),
                    excess_units=int(max(r.position - r.target, 0)),
                    position=float(r.position),
                    target=float(r.target),
                    daily_demand=float(r.daily_demand),
                ),
                f"sku/{r.sku}",
                f"{r.sku}:{day}",
            )
        )
        counts["overstock.detected"] += 1
    states = {
        row.sku: row
        for row in session.scalars(
            select(SignalStateRow).where(SignalStateRow.signal == "inventory.low")
        ).all()
    }
    now = datetime.now(UTC)
    for r in plan.itertuples():
        state = states.get(str(r.sku))
        low = bool(r.low)
        if state is None:
            state = SignalStateRow(sku=str(r.sku), signal="inventory.low", active=False, changed_at=now)
            session.add(state)
        if low and not state.active:
            emit(
                to_cloud_event(
                    InventoryLow(
                        sku=str(r.sku),
                        available=int(r.position),
                        threshold=int(np.ceil(r.reorder_point)),
                        position=float(r.position),
                        reorder_point=float(r.reorder_point),
                    ),
                    f"sku/{r.sku}",
                    f"{r.sku}:{now.isoformat()}",
                )
            )
            counts["inventory.low"] += 1
        if low != state.active:
            state.active = low
            state.changed_at = now
    session.flush()
    return counts


def run_demand(
    database: Database,
    freq: Frequency,
    horizon: int,
    policy: ReplenishmentPolicy,
    *,
    net_returns: bool = False,
) -> tuple[ForecastRunSummary, pd.DataFrame, dict[str, int]]:
    """The whole nightly run: forecast from the store, plan, and emit signals."""
    with database.transaction() as session:
        record_stock_snapshot(session, policy.today)
    with database.transaction() as session:
        history = sales_from_store(session, freq, today=policy.today, net_returns=net_returns)
    forecasts, selection = forecast_history(history, horizon)
    with database.transaction() as session:
        summary = store_forecast_run(session, history, horizon, forecasts, selection)
        plan = build_plan(session, daily_demand(forecasts, selection, freq), policy)
        counts = emit_signals(session, plan, policy.today, lambda event: _record(session, event))
    return summary, plan, counts


def draft_for_sku(
    database: Database,
    sku: str,
    policy: ReplenishmentPolicy,
    *,
    freq: Frequency = Frequency.WEEKLY,
    horizon: int = 12,
) -> tuple[int, str | None, int | None]:
    """Plan one SKU from the newest forecast (forecasting first if there is none) and add it to its
    supplier's draft. Returns (order quantity, PO number, revision); no PO when nothing is needed."""
    from shopweave.demand.purchase_orders import draft_purchase_orders

    with database.transaction() as session:
        demand = latest_daily_demand(session)
    if demand is None:
        run_demand(database, freq, horizon, policy)
    with database.transaction() as session:
        demand = latest_daily_demand(session)
        assert demand is not None
        plan = build_plan(session, demand, policy)
        row = plan[plan["sku"] == sku]
        quantity = int(row["order_quantity"].sum())
        views = draft_purchase_orders(session, row, policy.today, lambda e: _record(session, e), merge=True)
        if not views:
            return quantity, None, None
        return quantity, views[0].order.number, views[0].revision


def _record(session: Session, event: CloudEvent) -> None:
    record_event(session, event)
