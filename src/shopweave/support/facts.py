"""Grounded lookups: what the store's own data says about an order, a policy, stock or a product.

Every function reads the data layer and returns plain facts (pydantic models). Nothing here
decides what to tell the shopper; `assistant` does, and only after verification.
"""

from __future__ import annotations

import hmac
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from hashlib import sha256

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopweave.catalog.schemas.policy import ReturnPolicy, ShippingPolicy, ShippingRate
from shopweave.catalog.store.tables import (
    InventoryLevelRow,
    OrderRow,
    PolicyRow,
    ProductRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    ReturnRow,
    VariantRow,
)

OPEN_PO_STATUSES = ("approved", "sent", "partially_received")
DEFAULT_RETURN_POLICY = ReturnPolicy(window_days=30, condition="unused and in the original packaging")
_FULFILMENT_RANK = {"unfulfilled": 0, "partial": 1, "partially_fulfilled": 1, "fulfilled": 2, "delivered": 3}


def normalise_order_number(raw: str) -> str:
    """`1001`, `#1001`, `# 1001` → `#1001`; other shapes are kept as typed."""
    digits = re.fullmatch(r"\s*#?\s*(\d+)\s*", raw)
    return f"#{digits.group(1)}" if digits else raw.strip()


def find_verified_order(session: Session, number: str, email: str) -> OrderRow | None:
    """The order only when both its number and its email match (case-insensitive email)."""
    wanted = normalise_order_number(number)
    order = session.scalar(select(OrderRow).where(OrderRow.number.in_([wanted, wanted.lstrip("#")])))
    if order is None or not order.email:
        return None
    if not hmac.compare_digest(order.email.strip().lower(), email.strip().lower()):
        return None
    return order


def sign_order_link(secret: str, number: str, email: str, expires: datetime) -> str:
    """A token that proves its holder was sent a link for this order (until `expires`)."""
    stamp = int(expires.timestamp())
    message = f"{normalise_order_number(number)}|{email.strip().lower()}|{stamp}".encode()
    return f"{stamp}.{hmac.new(secret.encode(), message, sha256).hexdigest()}"


def verify_order_link(secret: str, number: str, email: str, token: str, now: datetime | None = None) -> bool:
    """True when `token` was made by `sign_order_link` with this secret and has not expired."""
    stamp, _, _ = token.partition(".")
    if not stamp.isdigit():
        return False
    expires = datetime.fromtimestamp(int(stamp), UTC)
    if (now or datetime.now(UTC)) > expires:
        return False
    return hmac.compare_digest(sign_order_link(secret, number, email, expires), token)


class LineFacts(BaseModel):
    """One order line."""

    sku: str | None = Field(description="SKU.", examples=["TS-GRN-S"])
    title: str = Field(description="Title.", examples=["T-Shirt - Green / S"])
    quantity: int = Field(description="Units.", examples=[1])
    unit_price: Decimal = Field(description="Price per unit.", examples=["25.00"])
    category: str | None = Field(default=None, description="Product category.", examples=["Apparel"])


class ShipmentFacts(BaseModel):
    """One fulfilment."""

    status: str = Field(description="Shipment state.", examples=["in_transit"])
    carrier: str | None = Field(description="Carrier.", examples=["UPS"])
    tracking_number: str | None = Field(description="Tracking number.", examples=["1Z999"])
    shipped_on: date | None = Field(description="Day it left.", examples=["2026-03-02"])
    delivered_on: date | None = Field(description="Day it arrived.", examples=["2026-03-05"])


class ReturnFacts(BaseModel):
    """One return of the order."""

    sku: str | None = Field(description="SKU.", examples=["TS-GRN-S"])
    quantity: int = Field(description="Units.", examples=[1])
    status: str = Field(description="Return state.", examples=["requested"])
    requested_on: date = Field(description="Day requested.", examples=["2026-03-10"])


class OrderFacts(BaseModel):
    """What the store knows about one order."""

    number: str = Field(description="Order number.", examples=["#1001"])
    placed_on: date = Field(description="Day placed.", examples=["2026-03-01"])
    currency: str = Field(description="ISO 4217.", examples=["USD"])
    total: Decimal = Field(description="Order total.", examples=["54.99"])
    financial_status: str = Field(description="Payment state.", examples=["paid"])
    fulfillment_status: str = Field(description="Fulfilment state.", examples=["fulfilled"])
    cancelled: bool = Field(description="Cancelled.", examples=[False])
    shipping_country: str | None = Field(description="Destination country.", examples=["US"])
    lines: list[LineFacts] = Field(description="Lines.", examples=[[]])
    shipments: list[ShipmentFacts] = Field(description="Fulfilments.", examples=[[]])
    returns: list[ReturnFacts] = Field(description="Returns.", examples=[[]])

    @property
    def delivered_on(self) -> date | None:
        days = [s.delivered_on for s in self.shipments if s.delivered_on]
        return max(days) if days else None


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def order_facts(session: Session, order: OrderRow) -> OrderFacts:
    """The facts of a (verified) order."""
    skus = [line.sku for line in order.lines if line.sku]
    categories = dict(
        session.execute(
            select(VariantRow.sku, ProductRow.category)
            .join(ProductRow, VariantRow.product_id == ProductRow.id)
            .where(VariantRow.sku.in_(skus))
        ).all()
    )
    returns = session.scalars(select(ReturnRow).where(ReturnRow.order_id == order.id).order_by(ReturnRow.id))
    address = order.shipping_address or {}
    return OrderFacts(
        number=order.number,
        placed_on=order.created_at.date(),
        currency=order.currency,
        total=order.total,
        financial_status=order.financial_status,
        fulfillment_status=order.fulfillment_status,
        cancelled=order.cancelled_at is not None,
        shipping_country=address.get("country_code") or address.get("country"),
        lines=[
            LineFacts(
                sku=line.sku,
                title=line.title,
                quantity=line.quantity,
                unit_price=line.unit_price,
                category=categories.get(line.sku),
            )
            for line in order.lines
        ],
        shipments=[
            ShipmentFacts(
                status=f.status,
                carrier=f.carrier,
                tracking_number=f.tracking_number,
                shipped_on=_day(f.shipped_at),
                delivered_on=_day(f.delivered_at),
            )
            for f in order.fulfillments
        ],
        returns=[
            ReturnFacts(sku=r.sku, quantity=r.quantity, status=r.status, requested_on=r.requested_at.date())
            for r in returns
        ],
    )


def return_policy(session: Session) -> ReturnPolicy:
    """The store's return policy (a sensible default when none is stored)."""
    row = session.get(PolicyRow, "returns")
    return ReturnPolicy.model_validate(row.body) if row else DEFAULT_RETURN_POLICY


def shipping_policy(session: Session) -> ShippingPolicy | None:
    """The store's shipping policy, if one is stored."""
    row = session.get(PolicyRow, "shipping")
    return ShippingPolicy.model_validate(row.body) if row else None


def rates_for(policy: ShippingPolicy, country: str | None) -> list[ShippingRate]:
    """Shipping options to `country` (the `*` rates only when no specific one matches)."""
    if country is None:
        return list(policy.rates)
    specific = [r for r in policy.rates if country in r.countries]
    return specific or [r for r in policy.rates if "*" in r.countries]


def add_business_days(start: date, days: int) -> date:
    """`start` plus `days` working days (Monday to Friday)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


class CancelCheck(BaseModel):
    """Whether an order may still be cancelled or changed, and why not."""

    allowed: bool = Field(description="The policy and fulfilment state allow it.", examples=[True])
    reason: str = Field(description="`ok`, `cancelled`, `shipped` or `refunded`.", examples=["ok"])


def can_change(order: OrderFacts, policy: ReturnPolicy) -> CancelCheck:
    """Cancel/change/address rule: not cancelled, not refunded, not past the allowed state."""
    if order.cancelled:
        return CancelCheck(allowed=False, reason="cancelled")
    if order.financial_status in ("refunded",):
        return CancelCheck(allowed=False, reason="refunded")
    limit = _FULFILMENT_RANK.get(policy.cancellation_allowed_until, 0)
    if _FULFILMENT_RANK.get(order.fulfillment_status, 2) > limit or any(
        s.shipped_on for s in order.shipments
    ):
        return CancelCheck(allowed=False, reason="shipped")
    return CancelCheck(allowed=True, reason="ok")


class ReturnCheck(BaseModel):
    """Return eligibility of one order line under the policy."""

    sku: str | None = Field(description="SKU.", examples=["TS-GRN-S"])
    title: str = Field(description="Line title.", examples=["T-Shirt"])
    eligible: bool = Field(description="May be returned now.", examples=[True])
    reason: str = Field(
        description="`ok`, `not_delivered`, `window_closed`, `final_sale`, `already_returned`.",
        examples=["ok"],
    )
    last_day: date | None = Field(default=None, description="Last day to ask.", examples=["2026-04-04"])


def return_checks(
    order: OrderFacts, policy: ReturnPolicy, today: date, *, store_fault: bool = False
) -> list[ReturnCheck]:
    """Eligibility per line. A store fault (wrong or damaged item) ignores final-sale rules."""
    delivered = order.delivered_on
    returned = {r.sku for r in order.returns}
    checks: list[ReturnCheck] = []
    for line in order.lines:
        last_day = delivered + timedelta(days=policy.window_days) if delivered else None
        if line.sku in returned and line.sku is not None:
            reason = "already_returned"
        elif order.cancelled:
            reason = "cancelled"
        elif delivered is None:
            reason = "not_delivered"
        elif last_day is not None and today > last_day and not store_fault:
            reason = "window_closed"
        elif not store_fault and any(
            (line.category or "").startswith(prefix) for prefix in policy.final_sale_categories
        ):
            reason = "final_sale"
        else:
            reason = "ok"
        checks.append(
            ReturnCheck(
                sku=line.sku, title=line.title, eligible=reason == "ok", reason=reason, last_day=last_day
            )
        )
    return checks


class StockFacts(BaseModel):
    """Availability of one variant, with the next restock from open purchase orders."""

    sku: str = Field(description="SKU.", examples=["TS-GRN-S"])
    title: str = Field(description="Product and variant.", examples=["T-Shirt - Green / S"])
    available: int = Field(description="Units that can be sold now.", examples=[0])
    restock_on: date | None = Field(
        description="Expected arrival of the next open PO.", examples=["2026-04-02"]
    )
    restock_quantity: int = Field(default=0, description="Units on that PO.", examples=[120])


def variant_title(product: ProductRow, variant: VariantRow) -> str:
    """`Title - Green / S`, or the title alone for a single-variant product."""
    options = " / ".join(str(v) for v in (variant.options or {}).values())
    return f"{product.title} - {options}" if options else product.title


def stock_facts(session: Session, variant: VariantRow, today: date) -> StockFacts:
    """On hand minus reserved across locations (the variant's own count when no levels exist)."""
    return stock_facts_many(session, [variant], today)[0]


def stock_facts_many(session: Session, variants: list[VariantRow], today: date) -> list[StockFacts]:
    """`stock_facts` of several variants, in order, with two queries whatever their number."""
    if not variants:
        return []
    skus = sorted({variant.sku or "" for variant in variants})
    levels = {
        sku: (available, count)
        for sku, available, count in session.execute(
            select(
                InventoryLevelRow.sku,
                func.sum(InventoryLevelRow.on_hand - InventoryLevelRow.reserved),
                func.count(),
            )
            .where(InventoryLevelRow.sku.in_(skus))
            .group_by(InventoryLevelRow.sku)
        )
    }
    incoming: dict[str, tuple[date | None, int]] = {}
    for sku, expected_on, quantity in session.execute(
        select(
            PurchaseOrderLineRow.sku,
            PurchaseOrderRow.expected_on,
            PurchaseOrderLineRow.quantity - PurchaseOrderLineRow.received_quantity,
        )
        .join(PurchaseOrderRow, PurchaseOrderLineRow.purchase_order_id == PurchaseOrderRow.id)
        .where(
            PurchaseOrderLineRow.sku.in_(skus),
            PurchaseOrderRow.status.in_(OPEN_PO_STATUSES),
            PurchaseOrderRow.expected_on.is_not(None),
            PurchaseOrderRow.expected_on >= today,
            PurchaseOrderLineRow.quantity > PurchaseOrderLineRow.received_quantity,
        )
        .order_by(PurchaseOrderRow.expected_on, PurchaseOrderRow.id, PurchaseOrderLineRow.id)
    ):
        incoming.setdefault(sku, (expected_on, int(quantity)))
    out: list[StockFacts] = []
    for variant in variants:
        sku = variant.sku or ""
        level = levels.get(sku)
        available = int(level[0] or 0) if level else int(variant.inventory_quantity or 0)
        restock = incoming.get(sku)
        out.append(
            StockFacts(
                sku=sku,
                title=variant_title(variant.product, variant),
                available=max(0, available),
                restock_on=restock[0] if restock else None,
                restock_quantity=restock[1] if restock else 0,
            )
        )
    return out
