"""Grounded lookups read straight from the store."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import VariantRow
from shopweave.support.facts import StockFacts, stock_facts, stock_facts_many

TODAY = date(2026, 3, 20)


def test_stock_of_several_variants_at_once_matches_one_at_a_time(store: Database) -> None:
    # given every variant of the small store: levels, no levels, an open PO and a draft PO
    with store.transaction() as session:
        variants = list(session.scalars(select(VariantRow).order_by(VariantRow.sku)))
        # when their stock is read in one go and one by one
        together = stock_facts_many(session, variants, TODAY)
        alone = [stock_facts(session, v, TODAY) for v in variants]
    # then both agree, in the order asked, and the draft PO is not a restock
    assert together == alone
    assert together == [
        StockFacts(sku="LIP-RED", title="Velvet Lipstick", available=0, restock_on=None, restock_quantity=0),
        StockFacts(
            sku="LS-M", title="Linen Shirt - M", available=0, restock_on=date(2026, 4, 2), restock_quantity=30
        ),
        StockFacts(sku="LS-S", title="Linen Shirt - S", available=4, restock_on=None, restock_quantity=0),
        StockFacts(sku="MUG-1", title="Stoneware Mug", available=0, restock_on=None, restock_quantity=0),
    ]


def test_stock_of_no_variants_is_empty(store: Database) -> None:
    with store.transaction() as session:
        assert stock_facts_many(session, [], TODAY) == []
