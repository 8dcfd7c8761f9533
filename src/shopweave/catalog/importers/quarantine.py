"""The quarantine of rejected rows: list them, and retry them after a fix.

Each entry keeps the rejected row together with the other rows of its group (the whole
Shopify handle, the WooCommerce parent and its variations) and the options it was read with
(a column mapping), so `retry` can rebuild exactly what the import would have built. An entry
is resolved when its row is no longer rejected; resolved entries stay, with `resolved_at` set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from shopweave.catalog.importers.base import ImportOptions, RawRow
from shopweave.catalog.importers.mapping import ColumnMapping, mapping_from_dict
from shopweave.catalog.importers.registry import importer_class
from shopweave.catalog.importers.report import ImportReport
from shopweave.catalog.importers.values import Issues
from shopweave.catalog.importers.writer import write_records
from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import QuarantineRow
from shopweave.db.base import utcnow
from shopweave.errors import NotFoundError


class QuarantineEntry(BaseModel):
    """A rejected row as listed by `shopweave catalog quarantine list`."""

    id: int = Field(description="Quarantine id, for `retry`.", examples=[3])
    file: str = Field(description="File the row came from.", examples=["products.csv"])
    line: int = Field(description="Line of the row.", examples=[7])
    field: str | None = Field(description="Column at fault.", examples=["Variant Price"])
    reason: str = Field(description="Why it was rejected.", examples=["'abc' is not a number"])
    format: str = Field(description="Format it was read as.", examples=["shopify-csv"])
    created_at: datetime = Field(description="When it was rejected.", examples=["2026-03-01T12:00:00Z"])
    resolved_at: datetime | None = Field(description="When a retry imported it.", examples=[None])


def _entry(row: QuarantineRow) -> QuarantineEntry:
    return QuarantineEntry(
        id=row.id,
        file=row.file,
        line=row.line,
        field=row.field,
        reason=row.reason,
        format=row.format,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
    )


def list_quarantine(database: Database, *, include_resolved: bool = False) -> list[QuarantineEntry]:
    """Quarantined rows, oldest first; resolved ones only when asked."""
    with database.transaction() as session:
        query = select(QuarantineRow).order_by(QuarantineRow.id)
        if not include_resolved:
            query = query.where(QuarantineRow.resolved_at.is_(None))
        return [_entry(row) for row in session.scalars(query)]


def retry_quarantine(
    database: Database,
    ids: Sequence[int] = (),
    *,
    currency: str = "USD",
    mapping: ColumnMapping | None = None,
) -> tuple[ImportReport, list[int]]:
    """Re-validate quarantined rows (all open ones, or `ids`) and import those that now pass.

    `mapping` replaces the mapping a row was read with. Returns the report of what was imported
    and still rejected, and the ids that were resolved.
    """
    report = ImportReport()
    resolved: list[int] = []
    with database.transaction() as session:
        query = select(QuarantineRow).where(QuarantineRow.resolved_at.is_(None)).order_by(QuarantineRow.id)
        if ids:
            query = query.where(QuarantineRow.id.in_(list(ids)))
        entries = list(session.scalars(query))
        if ids:
            missing = sorted(set(ids) - {e.id for e in entries})
            if missing:
                raise NotFoundError(
                    f"no open quarantine entry with id {', '.join(map(str, missing))}; "
                    "see `shopweave catalog quarantine list`"
                )
        for entry in entries:
            raw = entry.raw
            options = dict(raw.get("options") or {})
            stored = options.pop("mapping", None)
            importer_type = importer_class(entry.format, str(raw.get("kind", "products")))
            use_mapping = (
                mapping
                if mapping is not None
                else (mapping_from_dict(stored, f"quarantine entry {entry.id}") if stored else None)
            )
            importer = importer_type(
                None, ImportOptions(currency=currency, mapping=use_mapping, extra=options), entry.file
            )
            rows = [RawRow(line=r.get("line"), data=r.get("data") or {}) for r in raw.get("rows", [])]
            issues = Issues(entry.file)
            records = importer.build(rows, issues)
            still = [r for r in issues.rejections if (r.line or 0) == entry.line]
            if still:
                entry.field, entry.reason = still[0].field, still[0].reason
                report.rejected.extend(still)
                continue
            write_records(session, records, report)
            report.repaired.extend(issues.repairs)
            entry.resolved_at = utcnow()
            resolved.append(entry.id)
    return report, resolved
