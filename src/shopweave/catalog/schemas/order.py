"""Order, OrderLine, Fulfillment and Return."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shopweave.catalog.schemas.customer import Address
from shopweave.catalog.schemas.money import Money


class FinancialStatus(StrEnum):
    """Payment state of an order."""

    PENDING = "pending"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    VOIDED = "voided"


class FulfillmentStatus(StrEnum):
    """Shipping state of an order."""

    UNFULFILLED = "unfulfilled"
    PARTIAL = "partial"
    FULFILLED = "fulfilled"
    DELIVERED = "delivered"


class ReturnStatus(StrEnum):
    """Where a return stands."""

    REQUESTED = "requested"
    APPROVED = "approved"
    RECEIVED = "received"
    REFUNDED = "refunded"
    REJECTED = "rejected"


class OrderLine(BaseModel):
    """One line of an order."""

    model_config = ConfigDict(from_attributes=True)

    sku: str | None = Field(default=None, description="SKU ordered.", examples=["TS-GRN-S"])
    title: str = Field(
        description="Product title at the time of the order.", examples=["Example T-Shirt - Green / S"]
    )
    quantity: int = Field(ge=1, description="Units ordered.", examples=[2])
    unit_price: Money = Field(
        description="Price per unit paid.", examples=[{"amount": "25.00", "currency": "USD"}]
    )


class Fulfillment(BaseModel):
    """A shipment of some or all of an order's lines."""

    model_config = ConfigDict(from_attributes=True)

    status: FulfillmentStatus = Field(description="Shipment state.", examples=["fulfilled"])
    carrier: str | None = Field(default=None, description="Carrier name.", examples=["UPS"])
    tracking_number: str | None = Field(
        default=None, description="Tracking number.", examples=["1Z999AA10123456784"]
    )
    shipped_at: datetime | None = Field(
        default=None, description="When it left.", examples=["2026-03-02T10:00:00Z"]
    )
    delivered_at: datetime | None = Field(
        default=None, description="When it arrived.", examples=["2026-03-05T15:30:00Z"]
    )


class Return(BaseModel):
    """A return of order lines."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[4])
    order_number: str = Field(description="Order the return belongs to.", examples=["#1001"])
    sku: str | None = Field(default=None, description="SKU returned.", examples=["TS-GRN-S"])
    quantity: int = Field(ge=1, description="Units returned.", examples=[1])
    reason: str | None = Field(default=None, description="Why it came back.", examples=["wrong size"])
    status: ReturnStatus = Field(default=ReturnStatus.REQUESTED, description="State.", examples=["requested"])
    requested_at: datetime = Field(
        description="When the return was asked for.", examples=["2026-03-10T09:00:00Z"]
    )


class Order(BaseModel):
    """A customer's order."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[100])
    number: str = Field(description="Order number the shopper sees; the import key.", examples=["#1001"])
    email: str | None = Field(default=None, description="Customer email.", examples=["ada@example.com"])
    created_at: datetime = Field(description="When it was placed.", examples=["2026-03-01T12:00:00Z"])
    currency: str = Field(description="ISO 4217 currency of the totals.", examples=["USD"])
    total: Money = Field(
        description="Grand total charged.", examples=[{"amount": "55.00", "currency": "USD"}]
    )
    financial_status: FinancialStatus = Field(
        default=FinancialStatus.PAID, description="Payment state.", examples=["paid"]
    )
    fulfillment_status: FulfillmentStatus = Field(
        default=FulfillmentStatus.UNFULFILLED, description="Shipping state.", examples=["unfulfilled"]
    )
    cancelled_at: datetime | None = Field(default=None, description="When it was cancelled.", examples=[None])
    shipping_address: Address | None = Field(default=None, description="Where it ships.", examples=[None])
    lines: list[OrderLine] = Field(default_factory=list, description="Order lines.", examples=[[]])
    fulfillments: list[Fulfillment] = Field(default_factory=list, description="Shipments.", examples=[[]])
