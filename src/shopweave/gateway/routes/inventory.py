"""`/api/inventory/{sku}`: stock per location, reservations and what is on order."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select

from shopweave.catalog.store.inventory import list_inventory_levels
from shopweave.catalog.store.tables import PurchaseOrderLineRow, PurchaseOrderRow, VariantRow
from shopweave.errors import NotFoundError
from shopweave.gateway.deps import DbSession
from shopweave.gateway.errors import ErrorBody
from shopweave.gateway.models import InventorySummary

router = APIRouter(prefix="/api/inventory", tags=["inventory"])

OPEN_PO_STATUSES = ("draft", "approved", "sent", "partially_received")


@router.get(
    "/{sku}",
    response_model=InventorySummary,
    summary="Stock of a SKU",
    responses={404: {"model": ErrorBody, "description": "Neither a variant nor a stock level has this SKU."}},
)
def read_inventory(sku: str, session: DbSession) -> InventorySummary:
    """Stock per location, reserved and available units, and units on open purchase orders."""
    levels = list_inventory_levels(session, sku)
    known = session.scalar(select(func.count(VariantRow.id)).where(VariantRow.sku == sku)) or 0
    if not levels and not known:
        raise NotFoundError(f"no stock and no variant for SKU {sku!r}")
    on_order, next_delivery = session.execute(
        select(
            func.coalesce(
                func.sum(PurchaseOrderLineRow.quantity - PurchaseOrderLineRow.received_quantity), 0
            ),
            func.min(PurchaseOrderRow.expected_on),
        )
        .join(PurchaseOrderRow, PurchaseOrderRow.id == PurchaseOrderLineRow.purchase_order_id)
        .where(PurchaseOrderLineRow.sku == sku, PurchaseOrderRow.status.in_(OPEN_PO_STATUSES))
    ).one()
    on_hand = sum(level.on_hand for level in levels)
    reserved = sum(level.reserved for level in levels)
    return InventorySummary(
        sku=sku,
        on_hand=on_hand,
        reserved=reserved,
        available=on_hand - reserved,
        in_transit=sum(level.in_transit for level in levels),
        on_order=int(on_order),
        next_delivery=None if next_delivery is None else next_delivery.isoformat(),
        levels=levels,
    )
