"""Reading and idempotently writing products, variants and images."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from shopweave.catalog.schemas import Product
from shopweave.catalog.store.mapping import (
    image_fields,
    product_fields,
    product_from_row,
    variant_fields,
    variant_key,
)
from shopweave.catalog.store.tables import ImageRow, ProductRow, VariantRow
from shopweave.errors import NotFoundError
from shopweave.events.catalog import product_event
from shopweave.events.log import record_event


@dataclass
class UpsertCounts:
    """What an upsert did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.compare(b) == 0
    return bool(a == b)


def _assign(row: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if not _same(getattr(row, name), value):
            setattr(row, name, value)
            changed = True
    return changed


def _apply(row: ProductRow, product: Product) -> bool:
    changed = _assign(row, product_fields(product))
    existing_variants = {v.key: v for v in row.variants}
    wanted_variant_keys = set()
    for variant in product.variants:
        key = variant_key(variant)
        wanted_variant_keys.add(key)
        values = variant_fields(variant)
        if key in existing_variants:
            changed |= _assign(existing_variants[key], values)
        else:
            row.variants.append(VariantRow(**values))
            changed = True
    for key, variant_row in existing_variants.items():
        if key not in wanted_variant_keys:
            row.variants.remove(variant_row)
            changed = True
    existing_images = {i.src: i for i in row.images}
    wanted_srcs = set()
    for image in product.images:
        wanted_srcs.add(image.src)
        values = image_fields(image)
        if image.src in existing_images:
            current = existing_images[image.src]
            # Keep what the image store learnt about a picture when the import does not know it.
            for name in ("width", "height", "content_hash"):
                if values[name] is None:
                    values[name] = getattr(current, name)
            changed |= _assign(current, values)
        else:
            row.images.append(ImageRow(**values))
            changed = True
    for src, image_row in existing_images.items():
        if src not in wanted_srcs:
            row.images.remove(image_row)
            changed = True
    return changed


def upsert_products(
    session: Session, products: Sequence[Product], *, emit_events: bool = True
) -> UpsertCounts:
    """Create or update products by handle; rows that already match are left untouched.

    The caller owns the transaction (one per import batch). Each created or changed product
    records a `product.created` / `product.updated` event in that same transaction (outbox).
    """
    counts = UpsertCounts()
    handles = [p.handle for p in products]
    rows = {
        r.handle: r
        for r in session.scalars(
            select(ProductRow)
            .where(ProductRow.handle.in_(handles))
            .options(selectinload(ProductRow.variants), selectinload(ProductRow.images))
        )
    }
    for product in products:
        row = rows.get(product.handle)
        if row is None:
            row = ProductRow(handle=product.handle, title=product.title)
            session.add(row)
            rows[product.handle] = row
            _apply(row, product)
            counts.created += 1
            if emit_events:
                record_event(session, product_event("created", product))
        elif _apply(row, product):
            counts.updated += 1
            if emit_events:
                record_event(session, product_event("updated", product))
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def get_product(session: Session, handle: str) -> Product:
    """The product with `handle`, or NotFoundError."""
    row = session.scalars(
        select(ProductRow)
        .where(ProductRow.handle == handle)
        .options(selectinload(ProductRow.variants), selectinload(ProductRow.images))
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no product with handle {handle!r}; list them with `shopweave catalog list`")
    return product_from_row(row)


def iter_products(session: Session, batch_size: int = 500) -> Iterator[Product]:
    """Every product with variants and images, by id, loaded a batch at a time."""
    last_id = 0
    while True:
        rows = session.scalars(
            select(ProductRow)
            .where(ProductRow.id > last_id)
            .order_by(ProductRow.id)
            .limit(batch_size)
            .options(selectinload(ProductRow.variants), selectinload(ProductRow.images))
        ).all()
        if not rows:
            return
        for row in rows:
            yield product_from_row(row)
        last_id = rows[-1].id
        session.expunge_all()


def count_catalog(session: Session) -> dict[str, int]:
    """How many products, variants and images are stored."""
    return {
        "products": session.scalar(select(func.count()).select_from(ProductRow)) or 0,
        "variants": session.scalar(select(func.count()).select_from(VariantRow)) or 0,
        "images": session.scalar(select(func.count()).select_from(ImageRow)) or 0,
    }
