"""Events the demand subsystem emits: the core event types (`shopweave.events.types`) with extra
fields demand adds. Each is a frozen model whose docstring documents it.

Event ids are derived from what the event is about, so emitting the same fact twice (a retried
step, a second run on the same day) records it once.
"""

from __future__ import annotations

from pydantic import Field

from shopweave.events import types as core
from shopweave.events.envelope import CloudEvent

SOURCE = "/shopweave/demand"


def to_cloud_event(data: core.EventData, subject: str, key: str) -> CloudEvent:
    """The envelope for `data`, with the deterministic id `<type>:<key>`."""
    return CloudEvent(
        id=f"{data.TYPE}:{key}",
        source=SOURCE,
        type=data.TYPE,
        subject=subject,
        data=data.model_dump(mode="json"),
    )


class ForecastUpdated(core.ForecastUpdated):
    """A SKU's forecast was recomputed; emitted on its first forecast and when it moves by 20 % or more."""

    run_id: int = Field(description="Forecast run id.", examples=[7])


class StockoutRisk(core.StockoutRisk):
    """A SKU will sell out before the next PO (or an order placed today) arrives."""

    sells_out_on: str = Field(description="Date it is expected to sell out.", examples=["2026-03-10"])
    next_arrival_on: str | None = Field(
        description="Expected arrival of the next open PO.", examples=["2026-03-22"]
    )
    gap_days: float = Field(description="Days without stock before stock arrives.", examples=[12.0])


class OverstockDetected(core.OverstockDetected):
    """Stock on hand and on order covers far more than the forecast needs."""

    position: float = Field(description="On hand − reserved + on order + in transit.", examples=[400])
    target: float = Field(description="Stock the plan aims for.", examples=[60])
    daily_demand: float = Field(description="Forecast units per day.", examples=[1.5])


class InventoryLow(core.InventoryLow):
    """Stock position fell to or below the reorder point (emitted when it crosses, not every run)."""

    position: float = Field(description="Stock position incl. open POs.", examples=[8])
    reorder_point: float = Field(description="Reorder point.", examples=[12.5])


class PoDrafted(core.PoDrafted):
    """A purchase-order draft was created or revised for a supplier."""

    revision: int = Field(description="Revision of the draft.", examples=[1])
    total: str = Field(description="Total cost (decimal string).", examples=["1250.00"])
    currency: str = Field(description="ISO 4217 currency.", examples=["USD"])


class PoSent(core.PoSent):
    """A purchase order was e-mailed to its supplier."""

    revision: int = Field(description="Revision sent.", examples=[1])
    message_id: str = Field(description="Message-ID of the e-mail.", examples=["<…@shop.example.com>"])
    to: str = Field(description="Recipient.", examples=["orders@acme.example"])


EVENT_TYPES = (ForecastUpdated, StockoutRisk, OverstockDetected, InventoryLow, PoDrafted, PoSent)
