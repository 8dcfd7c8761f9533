"""`/api/orders`: list with paging and filters, and one order (with returns) by number."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query
from sqlalchemy import Select, func, select

from shopweave.catalog.schemas import Money, Return
from shopweave.catalog.store.orders import get_order
from shopweave.catalog.store.tables import OrderLineRow, OrderRow, ReturnRow
from shopweave.errors import NotFoundError
from shopweave.gateway.deps import DbSession
from shopweave.gateway.errors import ErrorBody
from shopweave.gateway.models import OrderDetail, OrderSummary, Page

_Q = TypeVar("_Q", bound=Select[Any])

router = APIRouter(prefix="/api/orders", tags=["orders"])


def _filtered(
    query: _Q, email: str | None, financial_status: str | None,
    fulfillment_status: str | None, since: datetime | None, until: datetime | None,
) -> _Q:  # fmt: skip
    if email:
        query = query.where(func.lower(OrderRow.email) == email.lower())
    if financial_status:
        query = query.where(OrderRow.financial_status == financial_status)
    if fulfillment_status:
        query = query.where(OrderRow.fulfillment_status == fulfillment_status)
    if since:
        query = query.where(OrderRow.created_at >= since)
    if until:
        query = query.where(OrderRow.created_at < until)
    return query


@router.get("", response_model=Page[OrderSummary], summary="List orders")
def list_orders(
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Records to skip.")] = 0,
    email: Annotated[str | None, Query(description="Customer email (case-insensitive).")] = None,
    financial_status: Annotated[str | None, Query(description="paid, refunded, voided, …")] = None,
    fulfillment_status: Annotated[
        str | None, Query(description="unfulfilled, fulfilled, delivered, …")
    ] = None,
    since: Annotated[datetime | None, Query(description="Placed at or after (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Placed before (ISO 8601).")] = None,
) -> Page[OrderSummary]:
    """Orders, newest first."""
    filters = (email, financial_status, fulfillment_status, since, until)
    total = session.scalar(_filtered(select(func.count(OrderRow.id)), *filters)) or 0
    rows = session.scalars(
        _filtered(select(OrderRow), *filters).order_by(OrderRow.created_at.desc(), OrderRow.id.desc())
        .limit(limit).offset(offset)
    ).all()  # fmt: skip
    line_counts = dict(
        session.execute(
            select(OrderLineRow.order_id, func.count(OrderLineRow.id))
            .where(OrderLineRow.order_id.in_([r.id for r in rows]))
            .group_by(OrderLineRow.order_id)
        ).all()
    )
    items = [
        OrderSummary(
            number=r.number, created_at=r.created_at, email=r.email,
            total=Money(amount=r.total.quantize(Decimal("0.01")), currency=r.currency),
            financial_status=r.financial_status, fulfillment_status=r.fulfillment_status,
            cancelled=r.cancelled_at is not None, lines=line_counts.get(r.id, 0),
        )
        for r in rows
    ]  # fmt: skip
    return Page[OrderSummary](items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/{number}",
    response_model=OrderDetail,
    summary="Get an order by number",
    responses={404: {"model": ErrorBody, "description": "No order has this number."}},
)
def read_order(number: str, session: DbSession) -> OrderDetail:
    """The order with its lines, shipments and returns. `1001` finds `#1001`."""
    order = get_order(session, number)
    if order is None and not number.startswith("#"):
        order = get_order(session, f"#{number}")
    if order is None:
        raise NotFoundError(f"no order with number {number!r}; list them with GET /api/orders")
    returns = [
        Return(
            id=r.id, order_number=order.number, sku=r.sku, quantity=r.quantity, reason=r.reason,
            status=r.status, requested_at=r.requested_at,
        )
        for r in session.scalars(select(ReturnRow).where(ReturnRow.order_id == order.id).order_by(ReturnRow.id))
    ]  # fmt: skip
    return OrderDetail(**order.model_dump(), returns=returns)
