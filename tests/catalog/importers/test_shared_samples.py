"""Every development sample in shared/data/catalog imports with the right counts, re-imports as a
no-op, and its dirty values are reported."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from shopweave.catalog.importers import ImportReport
from shopweave.catalog.schemas import Money, WeightUnit
from shopweave.catalog.store import Database, get_product
from shopweave.errors import ImportFormatError

Run = Callable[..., ImportReport]
Counts = Callable[[Database], dict[str, int]]

SAMPLES = [
    pytest.param("shopify_product_template.csv", "shopify-csv", (3, 16, 11), id="shopify-current"),
    pytest.param("shopify_product_template_legacy.csv", "shopify-csv", (2, 4, 2), id="shopify-legacy"),
    pytest.param("woocommerce_sample_products.csv", "woocommerce-csv", (18, 22, 26), id="woocommerce"),
]


@pytest.mark.parametrize(("name", "format", "expected"), SAMPLES)
def test_sample_imports_with_exact_counts_and_reimport_changes_nothing(
    database: Database,
    shared_data: Path,
    run: Run,
    counts: Counts,
    name: str,
    format: str,
    expected: tuple[int, int, int],
) -> None:
    # given a development sample
    path = shared_data / "catalog" / name
    # when it is imported twice
    first = run(database, path)
    after_first = counts(database)
    second = run(database, path)
    # then the counts are exact and the second import changed nothing
    assert first.files == [(str(path), format, "products")]
    assert (first.products, first.variants, first.images) == expected
    assert (after_first["products"], after_first["variants"], after_first["images"]) == expected
    assert first.rejected == []
    assert (second.products, second.variants, second.images) == expected
    assert second.count("products").unchanged == expected[0]
    assert second.count("products").created + second.count("products").updated == 0
    assert counts(database) == after_first


def test_mangled_shopify_barcodes_are_dropped_and_reported_with_file_line_and_field(
    database: Database, shared_data: Path, run: Run
) -> None:
    path = shared_data / "catalog" / "shopify_product_template.csv"
    report = run(database, path)
    barcodes = [r for r in report.repaired if r.field == "Variant Barcode"]
    mpns = [r for r in report.repaired if r.field == "Google Shopping / MPN"]
    assert [r.line for r in barcodes] == [*range(2, 17), 18]
    assert all(r.file == str(path) and r.value is None for r in barcodes)
    assert barcodes[0].original == "3.65275E+11"
    assert "scientific notation" in barcodes[0].reason
    assert [(r.line, r.original, r.value) for r in mpns] == [
        (2, "3.65275E+11", None),
        (14, "7.79202E+11", None),
        (18, "1.22328E+11", None),
    ]
    assert len(report.repaired) == 19
    with database.transaction() as session:
        shirt = get_product(session, "example-shirt")
    assert {v.barcode for v in shirt.variants} == {None}
    assert "mpn" not in shirt.attributes


def test_shopify_template_fields_are_read_exactly(
    database: Database, shared_data: Path, run: Run, counts: Counts
) -> None:
    run(database, shared_data / "catalog" / "shopify_product_template.csv")
    with database.transaction() as session:
        shirt = get_product(session, "example-shirt")
        pants = get_product(session, "example-pants")
        hat = get_product(session, "example-hat")
    assert shirt.option_names == ["Color", "Size"]
    assert [v.sku for v in shirt.variants][:3] == ["SRT_COT_111", "SRT_COT_122", "SRT_COT_133"]
    assert shirt.variants[0].options == {"Color": "Green", "Size": "S"}
    assert shirt.variants[0].weight == Decimal(145)
    assert shirt.variants[0].weight_unit == WeightUnit.G
    assert shirt.tags == ["Made to Order", "Shirt Tag"]
    assert shirt.category == "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts"
    assert shirt.attributes["google_product_category"] == "212"
    assert shirt.attributes["gender"] == "male"
    assert [i.position for i in shirt.images] == [1, 2, 3, 4, 5, 6]
    assert [(v.weight, v.weight_unit) for v in pants.variants] == [
        (Decimal(8), WeightUnit.OZ),
        (Decimal(10), WeightUnit.OZ),
        (Decimal(14), WeightUnit.OZ),
    ]
    assert pants.variants[0].compare_at_price == Money(amount=Decimal("64.95"), currency="USD")
    assert pants.variants[0].cost == Money(amount=Decimal("50.00"), currency="USD")
    assert pants.status.value == "draft"
    assert pants.images[3].alt_text == "Large tapered stone wash jeans"
    assert hat.status.value == "archived"
    assert hat.option_names == []
    assert hat.variants[0].options == {}
    assert hat.variants[0].inventory_quantity == 50


def test_legacy_template_repairs_the_apostrophe_barcode(
    database: Database, shared_data: Path, run: Run, counts: Counts
) -> None:
    path = shared_data / "catalog" / "shopify_product_template_legacy.csv"
    report = run(database, path)
    assert [(r.line, r.field, r.original, r.value) for r in report.repaired] == [
        (2, "Variant Barcode", "'3212483", "3212483")
    ]
    with database.transaction() as session:
        shirt = get_product(session, "black-t-shirt-os")
        tee = get_product(session, "example-t-shirt")
    assert shirt.variants[0].barcode == "3212483"
    assert shirt.status.value == "active"
    assert shirt.category == "Apparel & Accessories > Clothing"
    assert shirt.attributes["condition"] == "used"
    assert [v.options for v in tee.variants] == [
        {"Size": 'Lithograph - Height: 9" x Width: 12"'},
        {"Size": "Small"},
        {"Size": "Medium"},
    ]
    # 3629 g and 200 g are not whole numbers of pounds (8.0006, 0.4409), so they stay in grams
    assert [(v.weight, v.weight_unit) for v in tee.variants] == [
        (Decimal(3629), WeightUnit.G),
        (Decimal(200), WeightUnit.G),
        (Decimal(200), WeightUnit.G),
    ]


def test_woocommerce_variable_products_get_their_variations(
    database: Database, shared_data: Path, run: Run, counts: Counts
) -> None:
    report = run(database, shared_data / "catalog" / "woocommerce_sample_products.csv")
    with database.transaction() as session:
        vneck = get_product(session, "woo-vneck-tee")
        hoodie = get_product(session, "woo-hoodie")
        group = get_product(session, "logo-collection")
        pennant = get_product(session, "wp-pennant")
        beanie = get_product(session, "woo-beanie")
    assert [r.reason for r in report.repaired] == ["UTF-8 byte-order mark removed"]
    assert vneck.option_names == ["Color", "Size"]
    assert [(v.sku, v.options, v.price.amount) for v in vneck.variants] == [
        ("woo-vneck-tee-red", {"Color": "Red"}, Decimal("20.00")),
        ("woo-vneck-tee-green", {"Color": "Green"}, Decimal("20.00")),
        ("woo-vneck-tee-blue", {"Color": "Blue"}, Decimal("15.00")),
    ]
    assert [v.weight for v in vneck.variants] == [Decimal("0.5")] * 3
    assert [(v.sku, v.options) for v in hoodie.variants] == [
        ("woo-hoodie-red", {"Color": "Red", "Logo": "No"}),
        ("woo-hoodie-green", {"Color": "Green", "Logo": "No"}),
        ("woo-hoodie-blue", {"Color": "Blue", "Logo": "No"}),
        ("woo-hoodie-blue-logo", {"Color": "Blue", "Logo": "Yes"}),
    ]
    assert hoodie.variants[0].compare_at_price == Money(amount=Decimal("45.00"), currency="USD")
    assert hoodie.variants[0].price == Money(amount=Decimal("42.00"), currency="USD")
    assert len(hoodie.images) == 4
    assert group.variants == []
    assert group.attributes["grouped_products"] == "woo-hoodie-with-logo, woo-tshirt, woo-beanie"
    assert pennant.attributes["external_url"].startswith("https://mercantile.wordpress.org/")
    assert [v.price.amount for v in pennant.variants] == [Decimal("11.05")]
    assert beanie.attributes["color"] == "Red"
    assert beanie.category == "Clothing > Accessories"


def test_woocommerce_tax_rate_table_is_refused_and_stores_nothing(
    database: Database, shared_data: Path, run: Run, counts: Counts
) -> None:
    before = counts(database)
    with pytest.raises(ImportFormatError, match="WooCommerce tax-rate table"):
        run(database, shared_data / "catalog" / "woocommerce_sample_tax_rates.csv")
    assert counts(database) == before
