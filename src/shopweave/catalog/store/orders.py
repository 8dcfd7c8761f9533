"""Reading and idempotently writing orders with their lines and fulfillments (keyed by number)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shopweave.catalog.schemas import Address, Fulfillment, Money, Order, OrderLine
from shopweave.catalog.store._upsert import assign, same
from shopweave.catalog.store.products import UpsertCounts
from shopweave.catalog.store.tables import CustomerRow, FulfillmentRow, OrderLineRow, OrderRow


def _line_values(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "line_no": number,
            "sku": line.sku,
            "title": line.title,
            "quantity": line.quantity,
            "unit_price": line.unit_price.amount,
        }
        for number, line in enumerate(order.lines, start=1)
    ]


def _fulfillment_values(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "status": f.status.value,
            "carrier": f.carrier,
            "tracking_number": f.tracking_number,
            "shipped_at": f.shipped_at,
            "delivered_at": f.delivered_at,
        }
        for f in order.fulfillments
    ]


def _rows_match(rows: Sequence[Any], wanted: list[dict[str, Any]]) -> bool:
    if len(rows) != len(wanted):
        return False
    return all(
        same(getattr(row, k), v) for row, values in zip(rows, wanted, strict=True) for k, v in values.items()
    )


def order_fields(order: Order, customer_id: int | None) -> dict[str, Any]:
    """Column values of the order row itself."""
    return {
        "email": order.email,
        "customer_id": customer_id,
        "created_at": order.created_at,
        "currency": order.currency,
        "total": order.total.amount,
        "financial_status": order.financial_status.value,
        "fulfillment_status": order.fulfillment_status.value,
        "cancelled_at": order.cancelled_at,
        "shipping_address": None
        if order.shipping_address is None
        else order.shipping_address.model_dump(mode="json"),
    }


def upsert_orders(session: Session, orders: Sequence[Order]) -> UpsertCounts:
    """Create or update orders by number; lines and fulfillments are replaced only when they differ.

    An order is linked to the stored customer with the same email. The caller owns the transaction.
    """
    counts = UpsertCounts()
    numbers = [o.number for o in orders]
    rows = {
        r.number: r
        for r in session.scalars(
            select(OrderRow)
            .where(OrderRow.number.in_(numbers))
            .options(selectinload(OrderRow.lines), selectinload(OrderRow.fulfillments))
        )
    }
    emails = {o.email for o in orders if o.email}
    query = select(CustomerRow.email, CustomerRow.id).where(CustomerRow.email.in_(emails))
    customer_ids: dict[str, int] = dict(session.execute(query).all())
    for order in orders:
        values = order_fields(order, customer_ids.get(order.email) if order.email else None)
        lines = _line_values(order)
        fulfillments = _fulfillment_values(order)
        row = rows.get(order.number)
        if row is None:
            row = OrderRow(number=order.number, **values)
            row.lines = [OrderLineRow(**line) for line in lines]
            row.fulfillments = [FulfillmentRow(**f) for f in fulfillments]
            session.add(row)
            rows[order.number] = row
            counts.created += 1
            continue
        changed = assign(row, values)
        if not _rows_match(row.lines, lines):
            row.lines.clear()
            session.flush()
            row.lines.extend(OrderLineRow(**line) for line in lines)
            changed = True
        if not _rows_match(row.fulfillments, fulfillments):
            row.fulfillments.clear()
            row.fulfillments.extend(FulfillmentRow(**f) for f in fulfillments)
            changed = True
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount.quantize(Decimal("0.01")), currency=currency)


def get_order(session: Session, number: str) -> Order | None:
    """The order with `number`, with lines and fulfillments, if any."""
    row = session.scalars(
        select(OrderRow)
        .where(OrderRow.number == number)
        .options(selectinload(OrderRow.lines), selectinload(OrderRow.fulfillments))
    ).one_or_none()
    if row is None:
        return None
    return Order(
        id=row.id,
        number=row.number,
        email=row.email,
        created_at=row.created_at,
        currency=row.currency,
        total=_money(row.total, row.currency),
        financial_status=row.financial_status,
        fulfillment_status=row.fulfillment_status,
        cancelled_at=row.cancelled_at,
        shipping_address=None
        if row.shipping_address is None
        else Address.model_validate(row.shipping_address),
        lines=[
            OrderLine(
                sku=line.sku,
                title=line.title,
                quantity=line.quantity,
                unit_price=_money(line.unit_price, row.currency),
            )
            for line in row.lines
        ],
        fulfillments=[
            Fulfillment(
                status=f.status,
                carrier=f.carrier,
                tracking_number=f.tracking_number,
                shipped_at=f.shipped_at,
                delivered_at=f.delivered_at,
            )
            for f in row.fulfillments
        ],
    )
