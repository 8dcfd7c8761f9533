from shopweave.catalog.schemas import Product
from shopweave.catalog.store import Database, upsert_products
from shopweave.events import read_events


def _product(title: str = "Linen shirt") -> Product:
    return Product(handle="linen-shirt", title=title, category="apparel", tags=["summer"])


def _recorded(database: Database) -> list[tuple[str, str | None, dict[str, object]]]:
    with database.transaction() as session:
        return [(e.type, e.subject, e.data) for _, e in read_events(session)]


def test_creating_then_changing_a_product_records_created_then_updated(database: Database) -> None:
    with database.transaction() as session:
        upsert_products(session, [_product()])
    with database.transaction() as session:
        upsert_products(session, [_product("Linen shirt, blue")])
    data = {"handle": "linen-shirt", "category": "apparel", "tags": ["summer"], "image_count": 0}
    assert _recorded(database) == [
        ("product.created", "product/linen-shirt", {**data, "title": "Linen shirt"}),
        ("product.updated", "product/linen-shirt", {**data, "title": "Linen shirt, blue"}),
    ]


def test_an_identical_reimport_records_nothing(database: Database) -> None:
    with database.transaction() as session:
        upsert_products(session, [_product()])
    with database.transaction() as session:
        counts = upsert_products(session, [_product()])
    assert counts.unchanged == 1
    assert [t for t, _, _ in _recorded(database)] == ["product.created"]


def test_a_rolled_back_import_records_no_event(database: Database) -> None:
    # given a transaction that fails after the upsert
    try:
        with database.transaction() as session:
            upsert_products(session, [_product()])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    # then neither the product nor its event exists
    assert _recorded(database) == []


def test_emit_events_false_records_nothing(database: Database) -> None:
    with database.transaction() as session:
        upsert_products(session, [_product()], emit_events=False)
    assert _recorded(database) == []
