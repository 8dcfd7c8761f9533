"""Each format reads its fixture file (written for these tests) into exact records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from shopweave.catalog.importers import ImportReport, load_mapping
from shopweave.catalog.schemas import InventoryPolicy, Money, WeightUnit
from shopweave.catalog.store import Database, get_product
from shopweave.catalog.store.customers import get_customer
from shopweave.catalog.store.inventory import list_inventory_levels
from shopweave.catalog.store.orders import get_order
from shopweave.catalog.store.tables import CustomerRow, OrderRow

Run = Callable[..., ImportReport]
Counts = Callable[[Database], dict[str, int]]

FORMATS = [
    pytest.param("products.json", "shopify-json", "products", (2, 3, 2), id="shopify-json"),
    pytest.param("google_rss.xml", "google-feed", "products", (2, 3, 3), id="google-rss"),
    pytest.param("google_atom.xml", "google-feed", "products", (2, 2, 2), id="google-atom"),
    pytest.param("google.tsv", "google-feed", "products", (2, 3, 2), id="google-tsv"),
    pytest.param("amazon_flat.txt", "amazon-flatfile", "products", (2, 3, 4), id="amazon-flatfile"),
]


@pytest.mark.parametrize(("name", "format", "kind", "expected"), FORMATS)
def test_format_is_detected_and_imports_exact_counts_idempotently(
    database: Database,
    data: Path,
    run: Run,
    counts: Counts,
    name: str,
    format: str,
    kind: str,
    expected: tuple[int, int, int],
) -> None:
    first = run(database, data / name)
    after_first = counts(database)
    second = run(database, data / name)
    assert first.files == [(str(data / name), format, kind)]
    assert (first.products, first.variants, first.images) == expected
    assert (after_first["products"], after_first["variants"], after_first["images"]) == expected
    assert second.count("products").unchanged == expected[0]
    assert counts(database) == after_first


def test_shopify_json_reads_variants_images_and_reports_dirty_values(
    database: Database, data: Path, run: Run
) -> None:
    report = run(database, data / "products.json")
    with database.transaction() as session:
        nano = get_product(session, "ipod-nano")
        touch = get_product(session, "ipod-touch")
    assert [(r.line, r.field, r.original, r.value) for r in report.repaired] == [
        (3, "barcode", "1234_pink", None),
        (30, "price", "199,00", "199.00"),
        (30, "barcode", "1.23457E+12", None),
        (
            30,
            "body_html",
            "<p>The iPod Touch has the iPhone's multi-touch interface.</p><script>alert(1)</script>",
            "<p>The iPod Touch has the iPhone's multi-touch interface.</p>",
        ),
    ]
    assert [(r.line, r.field, r.reason) for r in report.rejected] == [(47, "price", "'free' is not a number")]
    assert nano.option_names == ["Color"]
    assert [(v.sku, v.options, v.barcode) for v in nano.variants] == [
        ("IPOD2008PINK", {"Color": "Pink"}, None),
        ("IPOD2008RED", {"Color": "Red"}, "4006381333931"),
    ]
    assert nano.variants[1].compare_at_price == Money(amount=Decimal("249.00"), currency="USD")
    assert (nano.variants[1].weight, nano.variants[1].weight_unit) == (Decimal("1.25"), WeightUnit.LB)
    assert nano.variants[0].inventory_policy == InventoryPolicy.CONTINUE
    assert [(i.src.rsplit("/", 1)[1], i.variant_sku, i.width) for i in nano.images] == [
        ("ipod-nano.png", None, 123),
        ("ipod-nano-2.png", "IPOD2008RED", 123),
    ]
    assert nano.tags == ["Emotive", "Flash Memory", "MP3", "Music"]
    assert nano.attributes == {"shopify_id": "632910392"}
    assert touch.status.value == "draft"
    assert touch.option_names == []
    assert touch.description_html == "<p>The iPod Touch has the iPhone's multi-touch interface.</p>"


def test_google_rss_groups_items_by_item_group_id(database: Database, data: Path, run: Run) -> None:
    report = run(database, data / "google_rss.xml")
    with database.transaction() as session:
        tee = get_product(session, "tee")
        mug = get_product(session, "mug-1")
    assert [(r.line, r.field, r.original, r.value) for r in report.repaired] == [
        (7, "sale_price", "19,90 EUR", "19.90 EUR"),
        (33, "gtin", "8.90E+12", None),
    ]
    assert [(r.line, r.field) for r in report.rejected] == [(59, "price")]
    assert tee.title == "Organic Tee - Red - S"
    assert tee.vendor == "Acme"
    assert tee.option_names == ["Color", "Size"]
    assert [(v.sku, v.options, v.price, v.compare_at_price) for v in tee.variants] == [
        (
            "TEE-RED-S",
            {"Color": "Red", "Size": "S"},
            Money(amount=Decimal("19.90"), currency="EUR"),
            Money(amount=Decimal("25.00"), currency="EUR"),
        ),
        ("TEE-RED-M", {"Color": "Red", "Size": "M"}, Money(amount=Decimal("25.00"), currency="EUR"), None),
    ]
    assert [v.barcode for v in tee.variants] == ["4006381333931", None]
    assert [v.inventory_policy for v in tee.variants] == [InventoryPolicy.DENY, InventoryPolicy.CONTINUE]
    assert (tee.variants[0].weight, tee.variants[0].weight_unit) == (Decimal("0.2"), WeightUnit.KG)
    assert [i.src.rsplit("/", 1)[1] for i in tee.images] == ["tee-red.jpg", "tee-back.jpg"]
    assert tee.attributes["google_product_category"] == "212"
    assert tee.product_type == "Apparel > Tops"
    assert mug.title == "Ceramic Mug"
    assert mug.category == "Home & Garden > Kitchen & Dining"
    assert mug.attributes["mpn"] == "MUG-350"
    assert mug.attributes["link"] == "https://shop.example.com/mug"
    assert mug.variants[0].price == Money(amount=Decimal("12.50"), currency="USD")


def test_google_atom_reads_entries_links_and_summaries(database: Database, data: Path, run: Run) -> None:
    run(database, data / "google_atom.xml")
    with database.transaction() as session:
        lamp = get_product(session, "lamp-1")
        floor = get_product(session, "lamp-2")
    assert (lamp.title, lamp.description_html, lamp.vendor) == (
        "Desk Lamp",
        "Adjustable LED desk lamp.",
        "Lumen",
    )
    assert lamp.attributes["link"] == "https://shop.example.com/lamp"
    assert lamp.variants[0].barcode == "0012345678905"
    assert floor.variants[0].inventory_policy == InventoryPolicy.CONTINUE


def test_google_tsv_reads_a_text_feed(database: Database, data: Path, run: Run) -> None:
    run(database, data / "google.tsv")
    with database.transaction() as session:
        socks = get_product(session, "sock")
        scarf = get_product(session, "scarf")
    assert [(v.sku, v.options, v.barcode) for v in socks.variants] == [
        ("SOCK-S", {"Size": "S"}, "5012345678900"),
        ("SOCK-L", {"Size": "L"}, "5012345678917"),
    ]
    assert scarf.option_names == []
    assert scarf.variants[0].price == Money(amount=Decimal("24.00"), currency="GBP")


def test_amazon_flat_file_joins_children_to_their_parent(database: Database, data: Path, run: Run) -> None:
    report = run(database, data / "amazon_flat.txt")
    with database.transaction() as session:
        hoodie = get_product(session, "hoodie-p")
        candle = get_product(session, "candle-1")
    assert [(r.line, r.field, r.original, r.value) for r in report.repaired] == [
        (6, "external_product_id", "5.90123E+12", None),
        (7, "standard_price", "14,50", "14.50"),
    ]
    assert hoodie.title == "Northwind Hoodie"
    assert hoodie.option_names == ["Color", "Size"]
    assert [(v.sku, v.options, v.barcode, v.inventory_quantity) for v in hoodie.variants] == [
        ("HOODIE-BLK-M", {"Color": "Black", "Size": "M"}, "5901234123457", 12),
        ("HOODIE-BLK-L", {"Color": "Black", "Size": "L"}, None, 7),
    ]
    assert (hoodie.variants[0].weight, hoodie.variants[0].weight_unit) == (Decimal("0.6"), WeightUnit.KG)
    assert [i.src.rsplit("/", 1)[1] for i in hoodie.images] == [
        "hoodie.jpg",
        "hoodie-back.jpg",
        "hoodie-black.jpg",
    ]
    assert hoodie.attributes["bullet_point1"] == "Brushed fleece"
    assert candle.variants[0].barcode == "012345678905"
    assert candle.variants[0].price == Money(amount=Decimal("14.50"), currency="USD")


def test_any_csv_imports_through_a_mapping_file(database: Database, data: Path, run: Run) -> None:
    mapping = load_mapping(data / "mapping.yaml")
    report = run(database, data / "mapped_products.csv", mapping=mapping)
    with database.transaction() as session:
        cup = get_product(session, "TASSE-01")
        plate = get_product(session, "TELLER-01")
    assert (report.products, report.variants, report.images) == (3, 3, 2)
    assert report.files == [(str(data / "mapped_products.csv"), "csv", "products")]
    assert [(r.line, r.field, r.original, r.value) for r in report.repaired] == [
        (2, "Preis", "12,90", "12.90"),
        (3, "Preis", "9,50", "9.50"),
        (3, "EAN", "'4006381333931", "4006381333931"),
        (4, "Preis", "1.234,00", "1234.00"),
    ]
    assert [(r.line, r.field, r.reason) for r in report.rejected] == [
        (5, "Preis", "'abc' is not a number; product 'KANNE-01' was not imported")
    ]
    assert cup.variants[0].price == Money(amount=Decimal("12.90"), currency="EUR")
    assert cup.attributes == {"color": "Weiß"}
    assert cup.description_html == "<p>Steinzeug, 300 ml</p>"
    assert plate.variants[0].price == Money(amount=Decimal("1234.00"), currency="EUR")


def test_shopify_orders_export_groups_line_items_by_order(
    database: Database, data: Path, run: Run, counts: Counts
) -> None:
    report = run(database, data / "orders_shopify.csv")
    with database.transaction() as session:
        first = get_order(session, "#1001")
        second = get_order(session, "#1002")
    assert report.files == [(str(data / "orders_shopify.csv"), "shopify-csv", "orders")]
    assert report.orders == 2
    assert [(r.line, r.field) for r in report.rejected] == [(5, "Created at")]
    assert [(r.line, r.field, r.value) for r in report.repaired] == [
        (4, "Shipping Country", "US"),
        (4, "Shipping Address1", None),
    ]
    assert first is not None
    assert second is not None
    assert first.created_at == datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    assert first.total == Money(amount=Decimal("75.00"), currency="USD")
    assert first.fulfillment_status.value == "fulfilled"
    assert [(line.sku, line.quantity, line.unit_price.amount) for line in first.lines] == [
        ("SRT_COT_111", 2, Decimal("25.00")),
        ("HAT_GRY_275", 1, Decimal("20.00")),
    ]
    assert first.shipping_address is not None
    assert (first.shipping_address.city, first.shipping_address.country) == ("London", "GB")
    assert second.financial_status.value == "pending"
    assert second.shipping_address is None
    assert counts(database)["order_lines"] == 3


def test_generic_orders_keep_good_lines_and_reject_bad_ones(database: Database, data: Path, run: Run) -> None:
    report = run(database, data / "orders_generic.csv")
    with database.transaction() as session:
        a2 = get_order(session, "A-2")
        a1 = get_order(session, "A-1")
    assert report.files == [(str(data / "orders_generic.csv"), "csv", "orders")]
    assert [(r.line, r.field, r.reason) for r in report.rejected] == [
        (4, "quantity", "'zero' is not a number")
    ]
    assert a1 is not None
    assert a2 is not None
    assert a1.total == Money(amount=Decimal("30.00"), currency="EUR")
    assert [line.sku for line in a2.lines] == ["MUG-1"]
    assert a2.financial_status.value == "refunded"


def test_customers_from_shopify_and_generic_layouts(database: Database, data: Path, run: Run) -> None:
    shopify = run(database, data / "customers_shopify.csv")
    generic = run(database, data / "customers_generic.csv")
    with database.transaction() as session:
        ada = get_customer(session, "ada@example.com")
        linus = get_customer(session, "linus@example.com")
        margaret = get_customer(session, "margaret@example.com")
    assert (shopify.customers, generic.customers) == (2, 2)
    assert [(r.line, r.field, r.reason) for r in shopify.rejected] == [
        (4, "Email", "'not-an-email' is not an email address")
    ]
    assert ada is not None
    assert linus is not None
    assert margaret is not None
    assert (ada.first_name, ada.accepts_marketing, ada.tags) == ("Ada", True, ["vip", "newsletter"])
    assert ada.default_address is not None
    assert ada.default_address.postal_code == "NW1 6XE"
    assert linus.default_address is not None
    assert linus.default_address.country == "US"
    assert [(r.field, r.original, r.value) for r in generic.repaired] == [("country", "United States", "US")]
    assert margaret.default_address is None


def test_inventory_levels_from_shopify_and_generic_layouts(database: Database, data: Path, run: Run) -> None:
    shopify = run(database, data / "inventory_shopify.csv")
    generic = run(database, data / "inventory_generic.csv")
    with database.transaction() as session:
        levels = list_inventory_levels(session)
    assert (shopify.inventory_levels, generic.inventory_levels) == (3, 3)
    assert [(r.line, r.field) for r in shopify.rejected] == [(5, "SKU")]
    assert [(lv.sku, lv.location, lv.on_hand, lv.reserved, lv.in_transit) for lv in levels] == [
        ("MUG-1", "store", 3, 0, 0),
        ("MUG-2", "store", -1, 0, 0),
        ("PNT_DEN_285", "Main Warehouse", 20, 1, 0),
        ("SRT_COT_111", "Main Warehouse", 10, 2, 5),
        ("SRT_COT_111", "Shop Floor", 3, 0, 0),
        ("TS-1", "default", 14, 2, 0),
    ]


def test_orders_link_to_customers_imported_before(database: Database, data: Path, run: Run) -> None:
    run(database, data / "customers_shopify.csv")
    run(database, data / "orders_shopify.csv")
    with database.transaction() as session:
        linked = session.execute(
            select(OrderRow.number, CustomerRow.email).join(
                CustomerRow, OrderRow.customer_id == CustomerRow.id
            )
        ).all()
    assert sorted(tuple(r) for r in linked) == [("#1001", "ada@example.com"), ("#1002", "grace@example.com")]
