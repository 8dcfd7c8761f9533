"""Reading and idempotently writing products, variants and images."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, selectinload

from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store.mapping import (
    image_fields,
    product_fields,
    product_from_parts,
    product_from_row,
    variant_fields,
    variant_key,
)
from shopweave.catalog.store.tables import ImageRow, ProductRow, VariantRow
from shopweave.db.base import utcnow
from shopweave.errors import NotFoundError
from shopweave.events.catalog import product_event
from shopweave.events.tables import EventRow

_PRODUCT_COLUMNS = tuple(product_fields(Product(handle="h", title="t")))
_VARIANT_COLUMNS = tuple(variant_fields(Variant(price=Money(amount=Decimal(0), currency="USD"))))
_IMAGE_COLUMNS = tuple(image_fields(Image(src="s")))


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


def _current_state(
    session: Session, ids: list[int]
) -> dict[int, tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]]:
    """Stored product, variant (by key) and image (by src) values of `ids`, read without the ORM."""
    product_columns = [getattr(ProductRow, name) for name in _PRODUCT_COLUMNS]
    state: dict[int, tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]] = {}
    for row in session.execute(select(ProductRow.id, *product_columns).where(ProductRow.id.in_(ids))):
        state[row[0]] = (dict(zip(_PRODUCT_COLUMNS, row[1:], strict=True)), {}, {})
    variant_columns = [getattr(VariantRow, name) for name in _VARIANT_COLUMNS]
    for row in session.execute(
        select(VariantRow.product_id, *variant_columns).where(VariantRow.product_id.in_(ids))
    ):
        values = dict(zip(_VARIANT_COLUMNS, row[1:], strict=True))
        state[row[0]][1][values["key"]] = values
    image_columns = [getattr(ImageRow, name) for name in _IMAGE_COLUMNS]
    for row in session.execute(
        select(ImageRow.product_id, *image_columns).where(ImageRow.product_id.in_(ids))
    ):
        values = dict(zip(_IMAGE_COLUMNS, row[1:], strict=True))
        state[row[0]][2][values["src"]] = values
    return state


def _unchanged(
    product: Product,
    stored: tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
) -> bool:
    """Whether applying `product` to its stored state would change nothing (same rules as `_apply`)."""
    fields, variants, images = stored
    if not all(_same(fields[k], v) for k, v in product_fields(product).items()):
        return False
    if len(variants) != len(product.variants) or len(images) != len(product.images):
        return False
    for variant in product.variants:
        current = variants.get(variant_key(variant))
        if current is None or not all(_same(current[k], v) for k, v in variant_fields(variant).items()):
            return False
    for image in product.images:
        current = images.get(image.src)
        if current is None:
            return False
        for k, v in image_fields(image).items():
            if v is None and k in ("width", "height", "content_hash"):
                continue
            if not _same(current[k], v):
                return False
    return True


def _table(entity: type[Any]) -> Table:
    return cast(Table, entity.__table__)


def _insert_new(session: Session, products: Sequence[Product]) -> None:
    """Insert products that do not exist yet, with their variants and images, in bulk."""
    now = utcnow()
    # Core statements on the tables: the ORM bulk layer costs more than the database here.
    inserted = session.execute(
        insert(_table(ProductRow)).returning(_table(ProductRow).c.id, _table(ProductRow).c.handle),
        [{**product_fields(p), "created_at": now, "updated_at": now} for p in products],
    )
    ids = {handle: product_id for product_id, handle in inserted}
    variants = [{**variant_fields(v), "product_id": ids[p.handle]} for p in products for v in p.variants]
    images = [{**image_fields(i), "product_id": ids[p.handle]} for p in products for i in p.images]
    if variants:
        session.execute(insert(_table(VariantRow)), variants)
    if images:
        session.execute(insert(_table(ImageRow)), images)


def _record_events(
    session: Session, changes: Sequence[tuple[Literal["created", "updated"], Product]]
) -> None:
    """Append the product events of a batch to the event log in one statement."""
    if not changes:
        return
    rows = []
    for change, product in changes:
        event = product_event(change, product)
        rows.append(
            {
                "event_id": event.id,
                "source": event.source,
                "type": event.type,
                "subject": event.subject,
                "time": event.time,
                "dataschema": event.dataschema,
                "data": event.model_dump(mode="json")["data"],
            }
        )
    session.execute(insert(_table(EventRow)), rows)


def upsert_products(
    session: Session, products: Sequence[Product], *, emit_events: bool = True
) -> UpsertCounts:
    """Create or update products by handle; rows that already match are left untouched.

    The caller owns the transaction (one per import batch). Each created or changed product
    records a `product.created` / `product.updated` event in that same transaction (outbox).
    New products are inserted in bulk; stored ones are compared without loading ORM objects,
    and only those that differ are loaded and updated. When a handle repeats, the last wins.
    """
    counts = UpsertCounts()
    wanted = {p.handle: p for p in products}
    if not wanted:
        return counts
    session.flush()
    query = select(ProductRow.handle, ProductRow.id).where(ProductRow.handle.in_(list(wanted)))
    stored_ids: dict[str, int] = dict(session.execute(query).all())
    new = [p for handle, p in wanted.items() if handle not in stored_ids]
    changes: list[tuple[Literal["created", "updated"], Product]] = [("created", p) for p in new]
    if new:
        _insert_new(session, new)
        counts.created = len(new)
    state = _current_state(session, list(stored_ids.values())) if stored_ids else {}
    changed = [p for h, p in wanted.items() if h in stored_ids and not _unchanged(p, state[stored_ids[h]])]
    counts.unchanged = len(stored_ids) - len(changed)
    if changed:
        rows = {
            r.handle: r
            for r in session.scalars(
                select(ProductRow)
                .where(ProductRow.handle.in_([p.handle for p in changed]))
                .options(selectinload(ProductRow.variants), selectinload(ProductRow.images))
            )
        }
        with session.no_autoflush:
            for product in changed:
                if _apply(rows[product.handle], product):
                    counts.updated += 1
                    changes.append(("updated", product))
                else:
                    counts.unchanged += 1
        session.flush()
    if emit_events:
        _record_events(session, changes)
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
    """Every product with variants and images, by id, loaded a batch at a time.

    Reads plain rows (no ORM objects): this is the path audits and exports take over the whole
    catalog, and object construction would dominate it.
    """
    products, variants, images = ProductRow.__table__, VariantRow.__table__, ImageRow.__table__
    last_id = 0
    while True:
        rows = session.execute(
            select(products).where(products.c.id > last_id).order_by(products.c.id).limit(batch_size)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        variants_of: dict[int, list[Any]] = defaultdict(list)
        for variant in session.execute(
            select(variants)
            .where(variants.c.product_id.in_(ids))
            .order_by(variants.c.product_id, variants.c.position, variants.c.id)
        ):
            variants_of[variant.product_id].append(variant)
        images_of: dict[int, list[Any]] = defaultdict(list)
        for image in session.execute(
            select(images)
            .where(images.c.product_id.in_(ids))
            .order_by(images.c.product_id, images.c.position, images.c.id)
        ):
            images_of[image.product_id].append(image)
        for row in rows:
            yield product_from_parts(row, variants_of[row.id], images_of[row.id])
        last_id = ids[-1]


def count_catalog(session: Session) -> dict[str, int]:
    """How many products, variants and images are stored."""
    return {
        "products": session.scalar(select(func.count()).select_from(ProductRow)) or 0,
        "variants": session.scalar(select(func.count()).select_from(VariantRow)) or 0,
        "images": session.scalar(select(func.count()).select_from(ImageRow)) or 0,
    }
