"""Response shapes of the API that are not the unified schemas themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from shopweave.catalog.schemas import InventoryLevel, Money, Order, Return

__all__ = ["Health", "InventorySummary", "OrderDetail", "OrderSummary", "Page", "ProductSummary"]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T] = Field(description="The records on this page.")
    total: int = Field(description="Records matching the filters, over all pages.", examples=[200])
    limit: int = Field(description="Page size asked for.", examples=[50])
    offset: int = Field(description="Records skipped before this page.", examples=[0])


class ProductSummary(BaseModel):
    """A product as it appears in a list."""

    id: int = Field(description="Database id.", examples=[1])
    handle: str = Field(
        description="Stable identifier; GET /api/products/{handle}.", examples=["example-t-shirt"]
    )
    title: str = Field(description="Title.", examples=["Example T-Shirt"])
    vendor: str | None = Field(description="Brand or maker.", examples=["Acme"])
    category: str | None = Field(description="Category path.", examples=["Apparel & Accessories > Clothing"])
    status: str = Field(description="active, draft or archived.", examples=["active"])
    variants: int = Field(description="Number of variants.", examples=[8])
    price_min: Money | None = Field(description="Lowest variant price.")
    price_max: Money | None = Field(description="Highest variant price.")
    inventory: int = Field(description="Units on hand over all variants.", examples=[120])
    image: str | None = Field(description="URL of the main image.", examples=["/images/ab12….jpg"])


class OrderSummary(BaseModel):
    """An order as it appears in a list."""

    number: str = Field(
        description="Order number; GET /api/orders/{number} (the # is optional).", examples=["#1001"]
    )
    created_at: datetime = Field(description="When it was placed.", examples=["2026-03-01T12:00:00Z"])
    email: str | None = Field(description="Customer email.", examples=["ada@example.com"])
    total: Money = Field(description="Grand total.")
    financial_status: str = Field(description="Payment state.", examples=["paid"])
    fulfillment_status: str = Field(description="Shipping state.", examples=["delivered"])
    cancelled: bool = Field(description="Whether it was cancelled.", examples=[False])
    lines: int = Field(description="Number of order lines.", examples=[2])


class OrderDetail(Order):
    """An order with its lines, shipments and returns."""

    returns: list[Return] = Field(
        default_factory=list, description="Returns requested on this order.", examples=[[]]
    )


class InventorySummary(BaseModel):
    """Stock of one SKU over every location, and what is on order from suppliers."""

    sku: str = Field(description="SKU.", examples=["TS-GRN-S"])
    on_hand: int = Field(description="Units at all locations.", examples=[14])
    reserved: int = Field(description="Units promised to open orders.", examples=[2])
    available: int = Field(description="on_hand − reserved.", examples=[12])
    in_transit: int = Field(description="Units moving between locations.", examples=[0])
    on_order: int = Field(description="Units on open purchase orders, not yet received.", examples=[60])
    next_delivery: str | None = Field(
        description="Expected date of the next open PO.", examples=["2026-12-04"]
    )
    levels: list[InventoryLevel] = Field(description="Per location.")


class Health(BaseModel):
    """Liveness and the database it talks to."""

    status: str = Field(description="`ok` when the database answers.", examples=["ok"])
    version: str = Field(description="Shopweave version.", examples=["0.1.0"])
    database: str = Field(description="Backend name.", examples=["sqlite"])
    products: int = Field(description="Products stored.", examples=[200])
