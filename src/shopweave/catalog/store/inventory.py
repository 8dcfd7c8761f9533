"""Reading and idempotently writing inventory levels (keyed by SKU and location)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from shopweave.catalog.schemas import InventoryLevel
from shopweave.catalog.store._upsert import assign
from shopweave.catalog.store.products import UpsertCounts
from shopweave.catalog.store.tables import InventoryLevelRow


def upsert_inventory_levels(session: Session, levels: Sequence[InventoryLevel]) -> UpsertCounts:
    """Create or update stock counts per (SKU, location); identical ones are left untouched.

    The caller owns the transaction.
    """
    counts = UpsertCounts()
    keys = list({(level.sku, level.location) for level in levels})
    rows = {
        (r.sku, r.location): r
        for r in session.scalars(
            select(InventoryLevelRow).where(
                tuple_(InventoryLevelRow.sku, InventoryLevelRow.location).in_(keys)
            )
        )
    }
    for level in levels:
        values = {"on_hand": level.on_hand, "reserved": level.reserved, "in_transit": level.in_transit}
        row = rows.get((level.sku, level.location))
        if row is None:
            row = InventoryLevelRow(sku=level.sku, location=level.location, **values)
            session.add(row)
            rows[(level.sku, level.location)] = row
            counts.created += 1
        elif assign(row, values):
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def list_inventory_levels(session: Session, sku: str | None = None) -> list[InventoryLevel]:
    """Stored levels, optionally for one SKU, ordered by SKU and location."""
    query = select(InventoryLevelRow).order_by(InventoryLevelRow.sku, InventoryLevelRow.location)
    if sku is not None:
        query = query.where(InventoryLevelRow.sku == sku)
    return [
        InventoryLevel(
            sku=r.sku,
            location=r.location,
            on_hand=r.on_hand,
            reserved=r.reserved,
            in_transit=r.in_transit,
            updated_at=r.updated_at,
        )
        for r in session.scalars(query)
    ]
