"""The core event types: one frozen, typed model per `noun.verb`, its docstring its documentation.

Each model describes the `data` of a CloudEvent of type `TYPE`. Models accept extra fields (a
producer may add more), and their JSON Schemas are exported to `schemas/events/` (see `schemas`).
`EVENT_TYPES` maps each type name to its model.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field


class EventData(BaseModel):
    """Base of every event payload."""

    model_config = ConfigDict(frozen=True, extra="allow")
    TYPE: ClassVar[str] = ""


def _handle() -> str:
    return Field(description="Product handle.", examples=["linen-shirt"])  # type: ignore[no-any-return]


def _sku() -> str:
    return Field(description="Variant SKU.", examples=["LS-M-BLUE"])  # type: ignore[no-any-return]


class ProductCreated(EventData):
    """A product was added to the catalog (emitted by the catalog store after its transaction commits)."""

    TYPE: ClassVar[str] = "product.created"
    handle: str = _handle()
    title: str = Field(description="Product title.", examples=["Linen shirt"])
    category: str | None = Field(
        default=None, description="Category path or product type.", examples=["apparel"]
    )
    tags: list[str] = Field(default_factory=list, description="Product tags.", examples=[["summer"]])
    image_count: int = Field(default=0, ge=0, description="How many images it has.", examples=[2])


class ProductUpdated(EventData):
    """A stored product changed (an identical re-import emits nothing)."""

    TYPE: ClassVar[str] = "product.updated"
    handle: str = _handle()
    title: str = Field(description="Product title.", examples=["Linen shirt"])
    category: str | None = Field(
        default=None, description="Category path or product type.", examples=["apparel"]
    )
    tags: list[str] = Field(default_factory=list, description="Product tags.", examples=[["summer"]])
    image_count: int = Field(default=0, ge=0, description="How many images it has.", examples=[2])


class ProductImagesStale(EventData):
    """An image audit found that a product needs fresh imagery."""

    TYPE: ClassVar[str] = "product.images_stale"
    handle: str = _handle()
    category: str | None = Field(
        default=None, description="Category used to pick a studio recipe.", examples=["apparel"]
    )
    channel: str | None = Field(
        default=None, description="Sales channel the images are for.", examples=["amazon"]
    )
    reasons: list[str] = Field(
        default_factory=list, description="Why the images are stale.", examples=[["no_white_background"]]
    )


class ImageProcessed(EventData):
    """The studio produced an image for a product."""

    TYPE: ClassVar[str] = "image.processed"
    handle: str = _handle()
    recipe: str = Field(description="What the studio did.", examples=["ghost_mannequin"])
    output: str = Field(description="Content hash or path of the produced image.", examples=["sha256:ab12…"])
    channel: str | None = Field(default=None, description="Channel preset used.", examples=["amazon"])


class PageBuilt(EventData):
    """A listing page or asset set was built for a channel."""

    TYPE: ClassVar[str] = "page.built"
    handle: str = _handle()
    channel: str = Field(description="Channel the page is for.", examples=["shopify"])


class PagePublished(EventData):
    """A listing page was published to a channel."""

    TYPE: ClassVar[str] = "page.published"
    handle: str = _handle()
    channel: str = Field(description="Channel it was published to.", examples=["shopify"])
    url: str | None = Field(
        default=None, description="Public URL.", examples=["https://shop.example/p/linen-shirt"]
    )


class InventoryChanged(EventData):
    """Stock of a SKU changed at a location."""

    TYPE: ClassVar[str] = "inventory.changed"
    sku: str = _sku()
    available: int = Field(description="Units available now.", examples=[3])
    previous_available: int | None = Field(default=None, description="Units available before.", examples=[7])
    location: str | None = Field(default=None, description="Location code.", examples=["main"])


class InventoryLow(EventData):
    """Stock of a SKU crossed below its threshold."""

    TYPE: ClassVar[str] = "inventory.low"
    sku: str = _sku()
    available: int = Field(description="Units available now.", examples=[3])
    threshold: int = Field(description="The threshold crossed.", examples=[5])


class InventoryRestocked(EventData):
    """A SKU that was low or out of stock is back above its threshold."""

    TYPE: ClassVar[str] = "inventory.restocked"
    sku: str = _sku()
    available: int = Field(description="Units available now.", examples=[40])


class OrderCreated(EventData):
    """An order was placed."""

    TYPE: ClassVar[str] = "order.created"
    order_id: str = Field(description="Order number.", examples=["1001"])
    skus: list[str] = Field(default_factory=list, description="SKUs ordered.", examples=[["LS-M-BLUE"]])


class OrderCancelled(EventData):
    """An order was cancelled."""

    TYPE: ClassVar[str] = "order.cancelled"
    order_id: str = Field(description="Order number.", examples=["1001"])
    reason: str | None = Field(default=None, description="Why.", examples=["customer"])


class ReturnRequested(EventData):
    """A customer asked to return an item."""

    TYPE: ClassVar[str] = "return.requested"
    order_id: str = Field(description="Order number.", examples=["1001"])
    sku: str = _sku()
    reason: str = Field(description="Return reason code.", examples=["not_as_pictured"])


class ForecastUpdated(EventData):
    """A demand forecast was recomputed for a SKU."""

    TYPE: ClassVar[str] = "forecast.updated"
    sku: str = _sku()
    horizon_days: int = Field(description="Forecast horizon.", examples=[28])
    expected_units: float = Field(description="Units expected over the horizon.", examples=[120.0])
    change_pct: float = Field(
        default=0.0, description="Change against the previous forecast, in percent.", examples=[45.0]
    )


class StockoutRisk(EventData):
    """A SKU is expected to sell out before the next purchase order lands."""

    TYPE: ClassVar[str] = "stockout.risk"
    sku: str = _sku()
    days_until_stockout: float = Field(description="Expected days of cover left.", examples=[6.5])
    next_po_days: float | None = Field(
        default=None, description="Days until the next purchase order lands.", examples=[14.0]
    )


class OverstockDetected(EventData):
    """A SKU holds more stock than its forecast can sell in a reasonable time."""

    TYPE: ClassVar[str] = "overstock.detected"
    sku: str = _sku()
    excess_units: int = Field(description="Units above target.", examples=[80])


class PoDrafted(EventData):
    """A purchase order was drafted for a supplier."""

    TYPE: ClassVar[str] = "po.drafted"
    po_number: str = Field(description="Purchase order number.", examples=["PO-0042"])
    supplier: str = Field(description="Supplier code.", examples=["acme"])
    skus: list[str] = Field(default_factory=list, description="SKUs on the order.", examples=[["LS-M-BLUE"]])


class PoSent(EventData):
    """A purchase order was sent to its supplier."""

    TYPE: ClassVar[str] = "po.sent"
    po_number: str = Field(description="Purchase order number.", examples=["PO-0042"])
    supplier: str = Field(description="Supplier code.", examples=["acme"])


class SupportEscalated(EventData):
    """The support assistant handed a conversation to a human, or flagged a product problem."""

    TYPE: ClassVar[str] = "support.escalated"
    ticket_id: str = Field(description="Conversation or ticket id.", examples=["T-77"])
    reason: str = Field(description="Reason code.", examples=["not_as_pictured"])
    handle: str | None = Field(
        default=None, description="Product concerned, if any.", examples=["linen-shirt"]
    )


class CampaignProposed(EventData):
    """Marketing proposed a campaign."""

    TYPE: ClassVar[str] = "campaign.proposed"
    campaign_id: str = Field(description="Campaign id.", examples=["C-9"])
    kind: str = Field(description="Campaign kind.", examples=["back_in_stock"])
    skus: list[str] = Field(default_factory=list, description="SKUs promoted.", examples=[["LS-M-BLUE"]])


class DecisionMade(EventData):
    """The decision layer evaluated the rules for an event (see `shopweave decisions explain`)."""

    TYPE: ClassVar[str] = "decision.made"
    decision_id: str = Field(description="Decision id.", examples=["d-5d1c…"])
    event_type: str = Field(description="Type of the triggering event.", examples=["product.created"])
    fired: list[str] = Field(
        default_factory=list, description="Rules that fired.", examples=[["new-product-audit"]]
    )
    actions: list[str] = Field(
        default_factory=list, description="Actions dispatched.", examples=[["studio.audit_images"]]
    )


class ActionCompleted(EventData):
    """A dispatched action finished (possibly through its fallback)."""

    TYPE: ClassVar[str] = "action.completed"
    decision_id: str = Field(description="Decision that dispatched it.", examples=["d-5d1c…"])
    action: str = Field(description="`subsystem.action`.", examples=["studio.audit_images"])
    via_fallback: bool = Field(default=False, description="Whether the fallback ran.", examples=[False])


class ActionFailed(EventData):
    """A dispatched action exhausted its retries and went to the dead-letter list."""

    TYPE: ClassVar[str] = "action.failed"
    decision_id: str = Field(description="Decision that dispatched it.", examples=["d-5d1c…"])
    action: str = Field(description="`subsystem.action`.", examples=["pages.publish"])
    error: str = Field(description="Last error.", examples=["TimeoutError: channel did not answer"])


class ApprovalRequested(EventData):
    """An action waits for a person to approve or reject it."""

    TYPE: ClassVar[str] = "approval.requested"
    workflow_id: str = Field(description="Workflow waiting.", examples=["action:5d1c…:0"])
    action: str = Field(description="`subsystem.action`.", examples=["demand.send_po"])


class ScheduleFired(EventData):
    """A schedule came due (cron)."""

    TYPE: ClassVar[str] = "schedule.fired"
    schedule: str = Field(description="Schedule name.", examples=["nightly-forecast"])
    due: str = Field(description="When it was due (ISO 8601).", examples=["2026-03-01T02:00:00+00:00"])


EVENT_TYPES: dict[str, type[EventData]] = {
    model.TYPE: model
    for model in (
        ProductCreated,
        ProductUpdated,
        ProductImagesStale,
        ImageProcessed,
        PageBuilt,
        PagePublished,
        InventoryChanged,
        InventoryLow,
        InventoryRestocked,
        OrderCreated,
        OrderCancelled,
        ReturnRequested,
        ForecastUpdated,
        StockoutRisk,
        OverstockDetected,
        PoDrafted,
        PoSent,
        SupportEscalated,
        CampaignProposed,
        DecisionMade,
        ActionCompleted,
        ActionFailed,
        ApprovalRequested,
        ScheduleFired,
    )
}
