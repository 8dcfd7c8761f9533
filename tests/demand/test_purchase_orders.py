"""PO drafts per supplier, revisions, approval and exports — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from shopweave.catalog.store import Database
from shopweave.demand.errors import PurchaseOrderNotFoundError, PurchaseOrderStateError
from shopweave.demand.purchase_orders import (
    approve_purchase_order,
    draft_purchase_orders,
    load_purchase_order,
    purchase_order_csv,
    purchase_order_html,
    set_line_quantity,
)
from shopweave.events.log import read_events, record_event
from shopweave.events.tables import EventRow
from tests.demand.conftest import add_supplier

TODAY = date(2026, 3, 1)


def _plan(a: int = 12, b: int = 10) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sku": ["A", "B", "C"],
            "supplier_code": ["ACME", "ACME", None],
            "order_quantity": [a, b, 5],
            "unit_cost": [2.5, 4.0, 1.0],
            "lead_time": [21.0, 21.0, 14.0],
        }
    )


def _draft(database: Database, plan: pd.DataFrame) -> list[str]:
    with database.transaction() as session:
        views = draft_purchase_orders(session, plan, TODAY, lambda e: record_event(session, e))
        return [f"{v.order.number}/r{v.revision}" for v in views]


def test_draft_groups_lines_by_supplier_and_emits_po_drafted(database: Database) -> None:
    # given
    add_supplier(database)
    # when
    drafted = _draft(database, _plan())
    # then: C has no supplier and is left out
    assert drafted == ["PO-20260301-ACME/r1"]
    with database.transaction() as session:
        view = load_purchase_order(session, "PO-20260301-ACME")
        assert [(ln.sku, ln.quantity, str(ln.unit_cost)) for ln in view.order.lines] == [
            ("A", 12, "2.5000"),
            ("B", 10, "4.0000"),
        ]
        assert (str(view.total), view.order.expected_on, view.order.currency) == (
            "70.00",
            date(2026, 3, 22),
            "EUR",
        )
        events = read_events(session, types=["po.drafted"])
    assert [(e.subject, e.data["skus"], e.data["total"]) for _, e in events] == [
        ("purchase_order/PO-20260301-ACME", ["A", "B"], "70.00")
    ]


def test_drafting_again_revises_the_same_draft_only_when_lines_change(database: Database) -> None:
    add_supplier(database)
    assert _draft(database, _plan()) == ["PO-20260301-ACME/r1"]
    assert _draft(database, _plan()) == ["PO-20260301-ACME/r1"]  # same lines: nothing changes
    assert _draft(database, _plan(a=18)) == ["PO-20260301-ACME/r2"]
    with database.transaction() as session:
        count = len(session.scalars(select(EventRow).where(EventRow.type == "po.drafted")).all())
        view = load_purchase_order(session, "PO-20260301-ACME")
        assert [(ln.sku, ln.quantity) for ln in view.order.lines] == [("A", 18), ("B", 10)]
    assert count == 2


def test_edit_bumps_revision_and_approval_freezes_the_draft(database: Database) -> None:
    add_supplier(database)
    _draft(database, _plan())
    with database.transaction() as session:
        assert set_line_quantity(session, "PO-20260301-ACME", "A", 24).revision == 2
        assert set_line_quantity(session, "PO-20260301-ACME", "B", 0).revision == 3
        view = approve_purchase_order(session, "PO-20260301-ACME", "jane")
        assert (view.order.status, [(ln.sku, ln.quantity) for ln in view.order.lines]) == (
            "approved",
            [("A", 24)],
        )
    with database.transaction() as session, pytest.raises(PurchaseOrderStateError) as caught:
        set_line_quantity(session, "PO-20260301-ACME", "A", 30)
    assert caught.value.message == "PO-20260301-ACME is approved; only drafts can be edited"
    with database.transaction() as session:
        assert [ln.quantity for ln in load_purchase_order(session, "PO-20260301-ACME").order.lines] == [24]


def test_unknown_po_is_a_clear_not_found(database: Database) -> None:
    with database.transaction() as session, pytest.raises(PurchaseOrderNotFoundError) as caught:
        load_purchase_order(session, "PO-NOPE")
    assert caught.value.code == "demand.po_not_found"


def test_exports_csv_and_print_ready_html(database: Database) -> None:
    add_supplier(database)
    _draft(database, _plan())
    with database.transaction() as session:
        view = load_purchase_order(session, "PO-20260301-ACME")
        csv_text = purchase_order_csv(view)
        html = purchase_order_html(view)
    assert csv_text.splitlines() == [
        "po_number,sku,quantity,unit_cost,line_total,currency,expected_on",
        "PO-20260301-ACME,A,12,2.50,30.00,EUR,2026-03-22",
        "PO-20260301-ACME,B,10,4.00,40.00,EUR,2026-03-22",
    ]
    assert "<h1>Purchase order PO-20260301-ACME</h1>" in html
    assert '<td class="n">70.00</td>' in html
    assert "@media print" in html


def test_a_new_draft_after_approval_on_the_same_day_gets_a_new_number(database: Database) -> None:
    add_supplier(database)
    _draft(database, _plan())
    with database.transaction() as session:
        approve_purchase_order(session, "PO-20260301-ACME", "jane")
    assert _draft(database, _plan(a=6)) == ["PO-20260301-ACME-2/r1"]
