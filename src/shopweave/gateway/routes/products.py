"""`/api/products`: list with paging and filters, and one product by handle."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query
from sqlalchemy import Select, func, or_, select

from shopweave.catalog.schemas import Money, Product
from shopweave.catalog.store import get_product
from shopweave.catalog.store.tables import ImageRow, ProductRow, VariantRow
from shopweave.gateway.deps import DbSession
from shopweave.gateway.errors import ErrorBody
from shopweave.gateway.models import Page, ProductSummary

_Q = TypeVar("_Q", bound=Select[Any])

router = APIRouter(prefix="/api/products", tags=["products"])


def _filtered(
    query: _Q, q: str | None, category: str | None, vendor: str | None, status: str | None,
    sku: str | None,
) -> _Q:  # fmt: skip
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(func.lower(ProductRow.title).like(pattern), func.lower(ProductRow.handle).like(pattern))
        )
    if category:
        query = query.where(ProductRow.category.startswith(category, autoescape=True))
    if vendor:
        query = query.where(ProductRow.vendor == vendor)
    if status:
        query = query.where(ProductRow.status == status)
    if sku:
        query = query.where(ProductRow.id.in_(select(VariantRow.product_id).where(VariantRow.sku == sku)))
    return query


def _money(amount: Decimal | None, currency: str | None) -> Money | None:
    if amount is None or currency is None:
        return None
    return Money(amount=amount.quantize(Decimal("0.01")), currency=currency)


@router.get("", response_model=Page[ProductSummary], summary="List products")
def list_products(
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200, description="Page size.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Records to skip.")] = 0,
    q: Annotated[str | None, Query(description="Text in the title or handle (case-insensitive).")] = None,
    category: Annotated[str | None, Query(description="Category path prefix.")] = None,
    vendor: Annotated[str | None, Query(description="Exact vendor (brand).")] = None,
    status: Annotated[
        str | None, Query(pattern="^(active|draft|archived)$", description="Visibility.")
    ] = None,
    sku: Annotated[str | None, Query(description="Only the product that has this variant SKU.")] = None,
) -> Page[ProductSummary]:
    """Products ordered by id, with price range, stock and main image."""
    total = (
        session.scalar(_filtered(select(func.count(ProductRow.id)), q, category, vendor, status, sku)) or 0
    )
    rows = session.scalars(
        _filtered(select(ProductRow), q, category, vendor, status, sku)
        .order_by(ProductRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    ids = [r.id for r in rows]
    stats = {
        pid: (count, low, high, currency, stock)
        for pid, count, low, high, currency, stock in session.execute(
            select(
                VariantRow.product_id,
                func.count(VariantRow.id),
                func.min(VariantRow.price),
                func.max(VariantRow.price),
                func.min(VariantRow.currency),
                func.coalesce(func.sum(VariantRow.inventory_quantity), 0),
            )
            .where(VariantRow.product_id.in_(ids))
            .group_by(VariantRow.product_id)
        )
    }
    images: dict[int, str] = {}
    for pid, src in session.execute(
        select(ImageRow.product_id, ImageRow.src)
        .where(ImageRow.product_id.in_(ids))
        .order_by(ImageRow.position.desc())
    ).all():
        images[pid] = src
    items = []
    for row in rows:
        count, low, high, currency, stock = stats.get(row.id, (0, None, None, None, 0))
        items.append(
            ProductSummary(
                id=row.id, handle=row.handle, title=row.title, vendor=row.vendor, category=row.category,
                status=row.status, variants=count, price_min=_money(low, currency), price_max=_money(high, currency),
                inventory=int(stock or 0), image=images.get(row.id),
            )
        )  # fmt: skip
    return Page[ProductSummary](items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/{handle}",
    response_model=Product,
    summary="Get a product by handle",
    responses={404: {"model": ErrorBody, "description": "No product has this handle."}},
)
def read_product(handle: str, session: DbSession) -> Product:
    """The product with its variants and images."""
    return get_product(session, handle)
