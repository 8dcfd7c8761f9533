from decimal import Decimal

import pytest

from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store import Database, count_catalog, get_product, upsert_products
from shopweave.errors import NotFoundError


def _shirt(price: str = "25.00") -> Product:
    return Product(
        handle="example-t-shirt",
        title="Example T-Shirt",
        option_names=["Size"],
        variants=[
            Variant(sku="TS-S", options={"Size": "S"}, price=Money(amount=Decimal(price), currency="USD")),
            Variant(
                sku="TS-M",
                options={"Size": "M"},
                price=Money(amount=Decimal(price), currency="USD"),
                position=2,
            ),
        ],
        images=[Image(src="https://cdn.example.com/ts.jpg", position=1)],
    )


def test_upsert_creates_then_leaves_an_identical_product_unchanged(database: Database) -> None:
    with database.transaction() as session:
        first = upsert_products(session, [_shirt()])
    with database.transaction() as session:
        second = upsert_products(session, [_shirt()])
        counts = count_catalog(session)
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert counts == {"products": 1, "variants": 2, "images": 1}


def test_upsert_updates_a_changed_price_and_round_trips_money(database: Database) -> None:
    with database.transaction() as session:
        upsert_products(session, [_shirt()])
    with database.transaction() as session:
        result = upsert_products(session, [_shirt("19.99")])
        stored = get_product(session, "example-t-shirt")
    assert result.updated == 1
    assert [v.price for v in stored.variants] == [Money(amount=Decimal("19.99"), currency="USD")] * 2
    assert [v.sku for v in stored.variants] == ["TS-S", "TS-M"]


def test_get_product_names_the_missing_handle(database: Database) -> None:
    with database.transaction() as session, pytest.raises(NotFoundError, match="'nope'"):
        get_product(session, "nope")
