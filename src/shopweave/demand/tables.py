"""Tables of the demand subsystem: forecast runs and forecasts, PO revisions, PO messages, signals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopweave.db.base import Base, utcnow


class ForecastRunRow(Base):
    """One forecasting run: its settings, how many series, and the per-series issues met."""

    __tablename__ = "demand_forecast_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    freq: Mapped[str] = mapped_column(String(1))
    horizon: Mapped[int]
    series: Mapped[int]
    issues: Mapped[list[Any]] = mapped_column(default=list)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ForecastRow(Base):
    """A point forecast and its intervals for one SKU and period."""

    __tablename__ = "demand_forecasts"
    __table_args__ = (
        UniqueConstraint("run_id", "sku", "period_start"),
        Index("ix_demand_forecasts_sku", "sku"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("demand_forecast_runs.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(255))
    period_start: Mapped[date]
    forecast: Mapped[float] = mapped_column(Float)
    lo_80: Mapped[float] = mapped_column(Float)
    hi_80: Mapped[float] = mapped_column(Float)
    lo_95: Mapped[float] = mapped_column(Float)
    hi_95: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(500))


class PurchaseOrderRevisionRow(Base):
    """Demand's bookkeeping of a purchase order: its revision (bumped on each edit) and approval."""

    __tablename__ = "demand_po_revisions"

    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(default=1)
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class PurchaseOrderMessageRow(Base):
    """An e-mail carrying a purchase order to its supplier. One per PO number + revision.

    The Message-ID is recorded before the SMTP transaction; `status` is `pending`, `sent` or
    `failed` (will retry); `attempts` counts SMTP transactions tried.
    """

    __tablename__ = "demand_po_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    po_number: Mapped[str] = mapped_column(String(50), index=True)
    revision: Mapped[int]
    message_id: Mapped[str] = mapped_column(String(300))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SignalStateRow(Base):
    """Whether an edge-triggered signal (e.g. `inventory.low`) is currently raised for a SKU."""

    __tablename__ = "demand_signal_state"
    __table_args__ = (UniqueConstraint("sku", "signal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(255))
    signal: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockSnapshotRow(Base):
    """Units available (on hand − reserved, all locations) of a SKU on a day, recorded by each demand
    run. Days at zero or below are stock-out days: their missing sales are not zero demand."""

    __tablename__ = "demand_stock_snapshots"
    __table_args__ = (UniqueConstraint("sku", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(255))
    day: Mapped[date]
    available: Mapped[int]
