"""Supplier, PurchaseOrder and PurchaseOrderLine."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shopweave.catalog.schemas.money import Money


class PurchaseOrderStatus(StrEnum):
    """Life of a purchase order."""

    DRAFT = "draft"
    APPROVED = "approved"
    SENT = "sent"
    PARTIALLY_RECEIVED = "partially_received"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class Supplier(BaseModel):
    """A company the store buys stock from."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[2])
    code: str = Field(description="Short unique code; the import key.", examples=["ACME"])
    name: str = Field(description="Company name.", examples=["Acme Textiles Ltd"])
    email: str | None = Field(
        default=None, description="Where purchase orders are sent.", examples=["orders@acme.example"]
    )
    contact_name: str | None = Field(default=None, description="Person to address.", examples=["Jane Doe"])
    lead_time_days: int | None = Field(
        default=None, ge=0, description="Days from order to arrival.", examples=[21]
    )
    min_order_quantity: int | None = Field(
        default=None, ge=1, description="Minimum units per line (MOQ).", examples=[50]
    )
    currency: str = Field(
        default="USD", description="ISO 4217 currency the supplier invoices in.", examples=["USD"]
    )


class PurchaseOrderLine(BaseModel):
    """One SKU on a purchase order."""

    model_config = ConfigDict(from_attributes=True)

    sku: str = Field(description="SKU ordered.", examples=["TS-GRN-S"])
    quantity: int = Field(ge=1, description="Units ordered.", examples=[120])
    received_quantity: int = Field(default=0, ge=0, description="Units received so far.", examples=[0])
    unit_cost: Money = Field(description="Cost per unit.", examples=[{"amount": "9.50", "currency": "USD"}])


class PurchaseOrder(BaseModel):
    """An order of stock from one supplier."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[9])
    number: str = Field(description="PO number.", examples=["PO-2026-0009"])
    supplier_code: str = Field(description="Supplier it is placed with.", examples=["ACME"])
    status: PurchaseOrderStatus = Field(
        default=PurchaseOrderStatus.DRAFT, description="State.", examples=["draft"]
    )
    ordered_on: date | None = Field(default=None, description="Date it was sent.", examples=["2026-03-01"])
    expected_on: date | None = Field(
        default=None, description="Expected arrival date.", examples=["2026-03-22"]
    )
    lines: list[PurchaseOrderLine] = Field(default_factory=list, description="Lines.", examples=[[]])
