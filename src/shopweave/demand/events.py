"""Events the demand subsystem emits. Each is a frozen model whose docstring documents it.

Event ids are derived from what the event is about, so emitting the same fact twice (a retried
step, a second run on the same day) records it once.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from shopweave.events.envelope import CloudEvent

SOURCE = "/shopweave/demand"


class DemandEvent(BaseModel):
    """Base of demand events: `type` is the CloudEvents type, `subject()` what it is about."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str] = ""

    def subject(self) -> str:
        """What the event is about, e.g. `sku/TS-GRN-S`."""
        raise NotImplementedError

    def to_cloud_event(self, event_id: str) -> CloudEvent:
        """The envelope, with a deterministic id (`<type>:<event_id>`)."""
        return CloudEvent(
            id=f"{self.type}:{event_id}",
            source=SOURCE,
            type=self.type,
            subject=self.subject(),
            data=self.model_dump(mode="json"),
        )


class ForecastUpdated(DemandEvent):
    """A forecasting run finished and its forecasts are stored."""

    type: ClassVar[str] = "forecast.updated"
    run_id: int = Field(description="Forecast run id.", examples=[7])
    series: int = Field(description="Series forecast.", examples=[240])
    horizon: int = Field(description="Periods ahead.", examples=[12])
    freq: str = Field(description="D, W or M.", examples=["W"])

    def subject(self) -> str:
        return f"forecast_run/{self.run_id}"


class StockoutRisk(DemandEvent):
    """A SKU will sell out before the next purchase order (or an order placed today) arrives."""

    type: ClassVar[str] = "stockout.risk"
    sku: str = Field(description="SKU at risk.", examples=["TS-GRN-S"])
    sells_out_on: str = Field(description="Date it is expected to sell out.", examples=["2026-03-10"])
    next_arrival_on: str | None = Field(
        description="Expected arrival of the next open PO, if any.", examples=["2026-03-22"]
    )
    gap_days: float = Field(description="Days without stock before stock arrives.", examples=[12.0])

    def subject(self) -> str:
        return f"sku/{self.sku}"


class OverstockDetected(DemandEvent):
    """Stock on hand and on order covers far more than the forecast needs."""

    type: ClassVar[str] = "overstock.detected"
    sku: str = Field(description="SKU overstocked.", examples=["TS-GRN-S"])
    position: float = Field(description="On hand − reserved + on order + in transit.", examples=[400])
    target: float = Field(description="Stock the plan aims for.", examples=[60])
    daily_demand: float = Field(description="Forecast units per day.", examples=[1.5])

    def subject(self) -> str:
        return f"sku/{self.sku}"


class InventoryLow(DemandEvent):
    """Stock position fell to or below the reorder point (emitted when it crosses, not every run)."""

    type: ClassVar[str] = "inventory.low"
    sku: str = Field(description="SKU.", examples=["TS-GRN-S"])
    position: float = Field(description="Stock position.", examples=[8])
    reorder_point: float = Field(description="Reorder point.", examples=[12.5])

    def subject(self) -> str:
        return f"sku/{self.sku}"


class PoDrafted(DemandEvent):
    """A purchase-order draft was created or revised for a supplier."""

    type: ClassVar[str] = "po.drafted"
    po_number: str = Field(description="PO number.", examples=["PO-20260301-ACME"])
    revision: int = Field(description="Revision of the draft.", examples=[1])
    supplier_code: str = Field(description="Supplier.", examples=["ACME"])
    lines: int = Field(description="Lines on the PO.", examples=[4])
    total: str = Field(description="Total cost (decimal string).", examples=["1250.00"])
    currency: str = Field(description="ISO 4217 currency.", examples=["USD"])

    def subject(self) -> str:
        return f"purchase_order/{self.po_number}"


class PoSent(DemandEvent):
    """A purchase order was e-mailed to its supplier."""

    type: ClassVar[str] = "po.sent"
    po_number: str = Field(description="PO number.", examples=["PO-20260301-ACME"])
    revision: int = Field(description="Revision sent.", examples=[1])
    message_id: str = Field(description="Message-ID of the e-mail.", examples=["<…@shop.example.com>"])
    to: str = Field(description="Recipient.", examples=["orders@acme.example"])

    def subject(self) -> str:
        return f"purchase_order/{self.po_number}"


EVENT_TYPES = (ForecastUpdated, StockoutRisk, OverstockDetected, InventoryLow, PoDrafted, PoSent)
