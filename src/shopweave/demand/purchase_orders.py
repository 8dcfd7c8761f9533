"""Purchase-order drafts from a replenishment plan: grouping by supplier, editing, approval, export.

One open draft per supplier: drafting again replaces the draft's lines and bumps its revision
instead of piling up drafts. Only drafts can be edited; approval freezes the revision that will
be sent. Numbers look like `PO-<yyyymmdd>-<SUPPLIER>`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pandas as pd
from jinja2 import Environment, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.catalog.store.tables import PurchaseOrderLineRow, PurchaseOrderRow, SupplierRow
from shopweave.demand.errors import PurchaseOrderNotFoundError, PurchaseOrderStateError
from shopweave.demand.events import PoDrafted, to_cloud_event
from shopweave.demand.tables import PurchaseOrderRevisionRow
from shopweave.events.envelope import CloudEvent

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PurchaseOrderView:
    """A purchase order with its supplier and revision, ready to show, export or send."""

    order: PurchaseOrderRow
    supplier: SupplierRow
    revision: int

    @property
    def total(self) -> Decimal:
        """Sum of quantity × unit cost over the lines, to the cent."""
        return sum((line.unit_cost * line.quantity for line in self.order.lines), Decimal(0)).quantize(CENT)


def _revision_row(session: Session, order: PurchaseOrderRow) -> PurchaseOrderRevisionRow:
    row = session.get(PurchaseOrderRevisionRow, order.id)
    if row is None:
        row = PurchaseOrderRevisionRow(purchase_order_id=order.id, revision=1)
        session.add(row)
        session.flush()
    return row


def load_purchase_order(session: Session, number: str) -> PurchaseOrderView:
    """The PO with this number, or `PurchaseOrderNotFoundError`."""
    order = session.scalars(select(PurchaseOrderRow).where(PurchaseOrderRow.number == number)).first()
    if order is None:
        raise PurchaseOrderNotFoundError(
            f"no purchase order {number!r}; list them with `shopweave demand po list`"
        )
    supplier = session.get(SupplierRow, order.supplier_id)
    assert supplier is not None  # foreign key
    return PurchaseOrderView(order=order, supplier=supplier, revision=_revision_row(session, order).revision)


def _new_number(session: Session, today: date, code: str) -> str:
    """`PO-<yyyymmdd>-<CODE>`, with `-2`, `-3`… when that number is taken."""
    base = f"PO-{today:%Y%m%d}-{code}"
    taken = set(
        session.scalars(select(PurchaseOrderRow.number).where(PurchaseOrderRow.number.like(f"{base}%"))).all()
    )
    number, n = base, 1
    while number in taken:
        n += 1
        number = f"{base}-{n}"
    return number


def draft_purchase_orders(
    session: Session,
    plan: pd.DataFrame,
    today: date,
    emit: Callable[[CloudEvent], object],
    *,
    merge: bool = False,
) -> list[PurchaseOrderView]:
    """Create or revise one draft per supplier from the plan rows with an order quantity.

    By default a supplier's open draft gets exactly the plan's lines; with `merge=True` the plan's
    SKUs are added or updated and the draft's other lines stay.
    """
    wanted = plan[(plan["order_quantity"] > 0) & plan["supplier_code"].notna()]
    suppliers = {s.code: s for s in session.scalars(select(SupplierRow)).all()}
    views = []
    for code, lines in wanted.groupby("supplier_code", sort=True):
        supplier = suppliers.get(str(code))
        if supplier is None:
            continue
        draft = session.scalars(
            select(PurchaseOrderRow).where(
                PurchaseOrderRow.supplier_id == supplier.id, PurchaseOrderRow.status == "draft"
            )
        ).first()
        lead = float(lines["lead_time"].max())
        if draft is None:
            draft = PurchaseOrderRow(
                number=_new_number(session, today, supplier.code),
                supplier_id=supplier.id,
                status="draft",
                currency=supplier.currency,
            )
            session.add(draft)
            session.flush()
            revision = _revision_row(session, draft)
        else:
            revision = _revision_row(session, draft)
            if merge:
                kept = [
                    {"sku": ln.sku, "order_quantity": ln.quantity, "unit_cost": float(ln.unit_cost)}
                    for ln in draft.lines
                    if ln.sku not in set(lines["sku"].astype(str))
                ]
                lines = pd.concat([lines, pd.DataFrame(kept, columns=["sku", "order_quantity", "unit_cost"])])
            new = {(str(r.sku), int(r.order_quantity)) for r in lines.itertuples()}
            if {(ln.sku, ln.quantity) for ln in draft.lines} == new:
                views.append(PurchaseOrderView(draft, supplier, revision.revision))
                continue
            draft.lines.clear()
            session.flush()
            revision.revision += 1
        draft.expected_on = today + timedelta(days=round(lead))
        for row in lines.sort_values("sku").itertuples():
            cost = Decimal(str(row.unit_cost)) if pd.notna(row.unit_cost) else Decimal(0)
            draft.lines.append(
                PurchaseOrderLineRow(
                    sku=str(row.sku), quantity=int(row.order_quantity), unit_cost=cost.quantize(CENT)
                )
            )
        session.flush()
        view = PurchaseOrderView(draft, supplier, revision.revision)
        emit(
            to_cloud_event(
                PoDrafted(
                    po_number=draft.number,
                    supplier=supplier.code,
                    skus=[line.sku for line in draft.lines],
                    revision=view.revision,
                    total=str(view.total),
                    currency=draft.currency,
                ),
                f"purchase_order/{draft.number}",
                f"{draft.number}:r{view.revision}",
            )
        )
        views.append(view)
    return views


def set_line_quantity(session: Session, number: str, sku: str, quantity: int) -> PurchaseOrderView:
    """Change (or, with 0, remove) a draft's line; the revision goes up by one."""
    view = load_purchase_order(session, number)
    if view.order.status != "draft":
        raise PurchaseOrderStateError(f"{number} is {view.order.status}; only drafts can be edited")
    if quantity < 0:
        raise PurchaseOrderStateError(f"quantity for {sku} must be 0 (remove) or more, not {quantity}")
    line = next((ln for ln in view.order.lines if ln.sku == sku), None)
    if line is None:
        raise PurchaseOrderStateError(f"{number} has no line for SKU {sku!r}")
    if quantity == 0:
        view.order.lines.remove(line)
    else:
        line.quantity = quantity
    revision = _revision_row(session, view.order)
    revision.revision += 1
    session.flush()
    return PurchaseOrderView(view.order, view.supplier, revision.revision)


def approve_purchase_order(session: Session, number: str, approved_by: str) -> PurchaseOrderView:
    """Mark a draft approved (ready to send). Approving an approved PO changes nothing."""
    view = load_purchase_order(session, number)
    if view.order.status == "approved":
        return view
    if view.order.status != "draft":
        raise PurchaseOrderStateError(f"{number} is {view.order.status}; only drafts can be approved")
    if not view.order.lines:
        raise PurchaseOrderStateError(f"{number} has no lines; add lines or delete it")
    view.order.status = "approved"
    revision = _revision_row(session, view.order)
    revision.approved_at = datetime.now(UTC)
    revision.approved_by = approved_by
    session.flush()
    return view


def list_purchase_orders(session: Session, status: str | None = None) -> list[PurchaseOrderView]:
    """Every PO (optionally of one status), newest first."""
    query = select(PurchaseOrderRow).order_by(PurchaseOrderRow.id.desc())
    if status:
        query = query.where(PurchaseOrderRow.status == status)
    return [load_purchase_order(session, order.number) for order in session.scalars(query).all()]


def purchase_order_csv(view: PurchaseOrderView) -> str:
    """The PO's lines as CSV: sku, quantity, unit_cost, line_total, currency."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["po_number", "sku", "quantity", "unit_cost", "line_total", "currency", "expected_on"])
    for line in view.order.lines:
        writer.writerow(
            [
                view.order.number,
                line.sku,
                line.quantity,
                f"{line.unit_cost.quantize(CENT)}",
                f"{(line.unit_cost * line.quantity).quantize(CENT)}",
                view.order.currency,
                view.order.expected_on.isoformat() if view.order.expected_on else "",
            ]
        )
    return buffer.getvalue()


_HTML = Environment(autoescape=select_autoescape(default=True)).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Purchase order {{ po.number }}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 8px}td.n{text-align:right}@media print{body{margin:0}}</style></head>
<body><h1>Purchase order {{ po.number }}</h1>
<p>Revision {{ revision }} · To: {{ supplier.name }}{% if supplier.contact_name %} (attn. {{ supplier.contact_name }}){% endif %}<br>
Expected delivery: {{ po.expected_on or "to be confirmed" }} · Currency: {{ po.currency }}</p>
<table><thead><tr><th>SKU</th><th>Quantity</th><th>Unit cost</th><th>Line total</th></tr></thead><tbody>
{% for line in po.lines %}<tr><td>{{ line.sku }}</td><td class="n">{{ line.quantity }}</td>
<td class="n">{{ line.unit_cost.quantize(cent) }}</td><td class="n">{{ (line.unit_cost * line.quantity).quantize(cent) }}</td></tr>
{% endfor %}</tbody><tfoot><tr><th colspan="3">Total</th><td class="n">{{ total }}</td></tr></tfoot></table>
</body></html>
"""
)


def purchase_order_html(view: PurchaseOrderView) -> str:
    """A print-ready HTML page of the PO (also the HTML part of the supplier e-mail)."""
    return _HTML.render(
        po=view.order, supplier=view.supplier, revision=view.revision, total=view.total, cent=CENT
    )


def purchase_order_text(view: PurchaseOrderView) -> str:
    """The plain-text body of the supplier e-mail."""
    lines = [
        f"Purchase order {view.order.number} (revision {view.revision})",
        f"To: {view.supplier.name}",
        f"Expected delivery: {view.order.expected_on or 'to be confirmed'}",
        "",
    ]
    lines += [
        f"  {ln.sku}: {ln.quantity} × {ln.unit_cost.quantize(CENT)} {view.order.currency}"
        for ln in view.order.lines
    ]
    lines += [
        "",
        f"Total: {view.total} {view.order.currency}",
        "",
        "The lines are attached as CSV. Please confirm.",
    ]
    return "\n".join(lines) + "\n"
