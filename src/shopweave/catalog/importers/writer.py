"""Writing one batch of imported records and rejected rows inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.catalog.importers.base import RawRow, Record
from shopweave.catalog.importers.report import ImportReport, Rejection
from shopweave.catalog.schemas import Customer, InventoryLevel, Order, Product
from shopweave.catalog.store import upsert_products
from shopweave.catalog.store.customers import upsert_customers
from shopweave.catalog.store.inventory import upsert_inventory_levels
from shopweave.catalog.store.orders import upsert_orders
from shopweave.catalog.store.products import UpsertCounts
from shopweave.catalog.store.tables import QuarantineRow


@dataclass
class Quarantined:
    """A rejection with the rows needed to rebuild it."""

    rejection: Rejection
    format: str
    raw: dict[str, Any]


@dataclass
class Batch:
    """Records and rejections waiting for one transaction."""

    records: list[Record] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    rows: int = 0

    def __bool__(self) -> bool:
        return bool(self.records or self.quarantined)


def raw_of(kind: str, rows: Sequence[RawRow], options: dict[str, Any]) -> dict[str, Any]:
    """What the quarantine keeps of a group of rows."""
    return {"kind": kind, "rows": [{"line": r.line, "data": r.data} for r in rows], "options": options}


def _tally(report: ImportReport, kind: str, counts: UpsertCounts, records: int) -> None:
    tally = report.count(kind)
    tally.records += records
    tally.created += counts.created
    tally.updated += counts.updated
    tally.unchanged += counts.unchanged


def write_records(session: Session, records: Sequence[Record], report: ImportReport) -> None:
    """Upsert the records of a batch by kind and count them in `report`."""
    products = [r for r in records if isinstance(r, Product)]
    customers = [r for r in records if isinstance(r, Customer)]
    orders = [r for r in records if isinstance(r, Order)]
    levels = [r for r in records if isinstance(r, InventoryLevel)]
    if products:
        _tally(report, "products", upsert_products(session, products), len(products))
        report.products += len(products)
        report.variants += sum(len(p.variants) for p in products)
        report.images += sum(len(p.images) for p in products)
    if customers:
        _tally(report, "customers", upsert_customers(session, customers), len(customers))
        report.customers += len(customers)
    if orders:
        _tally(report, "orders", upsert_orders(session, orders), len(orders))
        report.orders += len(orders)
    if levels:
        _tally(report, "inventory", upsert_inventory_levels(session, levels), len(levels))
        report.inventory_levels += len(levels)


def open_quarantine_keys(session: Session, file: str) -> set[tuple[int, str | None, str]]:
    """(line, field, reason) of the unresolved quarantine entries of `file`."""
    rows = session.execute(
        select(QuarantineRow.line, QuarantineRow.field, QuarantineRow.reason).where(
            QuarantineRow.file == file, QuarantineRow.resolved_at.is_(None)
        )
    )
    return {(line, name, reason) for line, name, reason in rows}


def write_quarantine(
    session: Session, entries: Sequence[Quarantined], known: set[tuple[int, str | None, str]]
) -> None:
    """Store rejected rows, skipping those already quarantined (so re-imports change nothing)."""
    for entry in entries:
        rejection = entry.rejection
        key = (rejection.line or 0, rejection.field, rejection.reason)
        if key in known:
            continue
        known.add(key)
        session.add(
            QuarantineRow(
                file=rejection.file,
                line=rejection.line or 0,
                field=rejection.field,
                reason=rejection.reason,
                format=entry.format,
                raw=entry.raw,
            )
        )
