"""Reading and idempotently writing suppliers (keyed by code) and what they sell (by SKU)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.catalog.schemas import Supplier
from shopweave.catalog.store._upsert import assign
from shopweave.catalog.store.products import UpsertCounts
from shopweave.catalog.store.tables import SupplierItemRow, SupplierRow
from shopweave.errors import NotFoundError


def upsert_suppliers(session: Session, suppliers: Sequence[Supplier]) -> UpsertCounts:
    """Create or update suppliers by code; identical ones are left untouched."""
    counts = UpsertCounts()
    rows = {
        r.code: r
        for r in session.scalars(select(SupplierRow).where(SupplierRow.code.in_([s.code for s in suppliers])))
    }
    for supplier in suppliers:
        values = supplier.model_dump(exclude={"id", "code"})
        row = rows.get(supplier.code)
        if row is None:
            row = SupplierRow(code=supplier.code, **values)
            session.add(row)
            rows[supplier.code] = row
            counts.created += 1
        elif assign(row, values):
            counts.updated += 1
        else:
            counts.unchanged += 1
    session.flush()
    return counts


def upsert_supplier_item(
    session: Session,
    supplier_code: str,
    sku: str,
    *,
    unit_cost: Decimal | None = None,
    lead_time_days: int | None = None,
    min_order_quantity: int | None = None,
    case_pack: int | None = None,
    preferred: bool = True,
) -> bool:
    """Record that a stored supplier sells `sku`; whether anything changed."""
    supplier_id = session.scalar(select(SupplierRow.id).where(SupplierRow.code == supplier_code))
    if supplier_id is None:
        raise NotFoundError(f"no supplier with code {supplier_code!r}; add it with upsert_suppliers first")
    values = {
        "unit_cost": unit_cost,
        "lead_time_days": lead_time_days,
        "min_order_quantity": min_order_quantity,
        "case_pack": case_pack,
        "preferred": preferred,
    }
    row = session.scalars(
        select(SupplierItemRow).where(SupplierItemRow.supplier_id == supplier_id, SupplierItemRow.sku == sku)
    ).one_or_none()
    if row is None:
        session.add(SupplierItemRow(supplier_id=supplier_id, sku=sku, **values))
        session.flush()
        return True
    changed = assign(row, values)
    session.flush()
    return changed


def get_supplier(session: Session, code: str) -> Supplier | None:
    """The supplier with `code`, if any."""
    row = session.scalars(select(SupplierRow).where(SupplierRow.code == code)).one_or_none()
    return None if row is None else Supplier.model_validate(row)
