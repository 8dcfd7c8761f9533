"""Shopify product CSV: the template's exact header, rows grouped by Handle, formulas neutralised,
and a round trip through the Shopify CSV importer on both backends."""

import csv
import io
from pathlib import Path

from shopweave.catalog.exporters import SHOPIFY_CSV_HEADER, export_products, write_shopify_csv
from shopweave.catalog.importers import ImportOptions, import_files
from shopweave.catalog.schemas import Product
from shopweave.catalog.store import Database, get_product, upsert_products


def rows_of(products: list[Product]) -> list[dict[str, str]]:
    stream = io.StringIO()
    write_shopify_csv(products, stream)
    stream.seek(0)
    reader = csv.reader(stream)
    header = next(reader)
    assert header == list(SHOPIFY_CSV_HEADER)
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_header_is_the_48_column_template_header(shared_data: Path) -> None:
    template = shared_data / "catalog" / "shopify_product_template.csv"
    with template.open(encoding="utf-8-sig", newline="") as stream:
        header = next(csv.reader(stream))
    assert len(SHOPIFY_CSV_HEADER) == 48
    assert list(SHOPIFY_CSV_HEADER) == header


def test_one_row_per_variant_and_per_extra_image_grouped_by_handle(shirt: Product) -> None:
    rows = rows_of([shirt])
    non_empty = [{k: v for k, v in row.items() if v} for row in rows]
    assert non_empty == [
        {
            "Handle": "organic-tee", "Title": "Organic Tee", "Body (HTML)": "<p>Soft &amp; organic.</p>",
            "Vendor": "Acme", "Product Category": "Apparel & Accessories > Clothing > Shirts & Tops",
            "Type": "Shirts", "Tags": "cotton, summer", "Published": "TRUE",
            "Option1 Name": "Color", "Option1 Value": "Green", "Option2 Name": "Size", "Option2 Value": "S",
            "Variant SKU": "TEE-GRN-S", "Variant Grams": "145", "Variant Inventory Tracker": "shopify",
            "Variant Inventory Qty": "4", "Variant Inventory Policy": "deny", "Variant Fulfillment Service": "manual",
            "Variant Price": "25.00", "Variant Compare At Price": "30.00", "Variant Requires Shipping": "TRUE",
            "Variant Taxable": "TRUE", "Variant Barcode": "4006381333931",
            "Image Src": "https://cdn.example.com/tee.jpg", "Image Position": "1", "Image Alt Text": "Tee",
            "Gift Card": "FALSE", "Google Shopping / Gender": "unisex", "Google Shopping / Age Group": "adult",
            "Google Shopping / MPN": "ACME-1", "Google Shopping / Condition": "new",
            "Variant Weight Unit": "kg", "Cost per item": "9.50", "Status": "active",
        },
        {
            "Handle": "organic-tee", "Option1 Value": "Blue", "Option2 Value": "S", "Variant SKU": "TEE-BLU-S",
            "Variant Grams": "141.747615625", "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "-2",
            "Variant Inventory Policy": "continue", "Variant Fulfillment Service": "manual",
            "Variant Price": "25.00", "Variant Requires Shipping": "TRUE", "Variant Taxable": "TRUE",
            "Variant Barcode": "4.00638E+12", "Image Src": "https://cdn.example.com/tee-blue.jpg",
            "Image Position": "2", "Variant Image": "https://cdn.example.com/tee-blue.jpg",
            "Variant Weight Unit": "oz",
        },
        {"Handle": "organic-tee", "Image Src": "https://cdn.example.com/tee-back.jpg", "Image Position": "3"},
    ]  # fmt: skip


def test_formula_cells_are_neutralised_but_negative_numbers_are_kept(hostile: Product) -> None:
    rows = rows_of([hostile])
    assert len(rows) == 1
    row = rows[0]
    assert (
        row["Handle"],
        row["Title"],
        row["Body (HTML)"],
        row["Vendor"],
        row["Tags"],
        row["Variant SKU"],
    ) == (
        "'=cmd",
        '\'=HYPERLINK("http://evil.example","click")',
        "'@SUM(1+1)",
        "'+Vendor",
        "'-tag",
        "'-SKU",
    )
    assert (row["Variant Inventory Qty"], row["Option1 Name"], row["Option1 Value"]) == (
        "-3",
        "Title",
        "Default Title",
    )
    assert (row["Published"], row["Status"]) == ("FALSE", "draft")


def test_export_then_import_gives_back_the_same_products(
    database: Database, shirt: Product, tmp_path: Path
) -> None:
    # Given a stored shirt with a valid barcode on each variant
    shirt.variants[1].barcode = "036000291452"
    with database.transaction() as session:
        upsert_products(session, [shirt])
        before = get_product(session, "organic-tee")
    # When it is exported to a Shopify CSV and that file is imported again
    out = tmp_path / "products.csv"
    with database.transaction() as session:
        export_products([before], "shopify-csv", out)
    report = import_files(database, [out], format="shopify-csv", options=ImportOptions(currency="USD"))
    # Then nothing is rejected and the stored product is unchanged
    assert report.rejected == []
    with database.transaction() as session:
        after = get_product(session, "organic-tee")
    assert after.model_dump(exclude={"source"}) == before.model_dump(exclude={"source"})
