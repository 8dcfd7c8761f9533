"""Shopify product CSV in the current 48-column template layout.

One row per variant, then one row per extra image, all grouped by `Handle`; product-level
columns are filled on the product's first row only (as in Shopify's template). Every cell is
neutralised against spreadsheet formulas (see `cells.py`); numbers in numeric columns are kept.
Shopify prices carry no currency: amounts are written in the variant's own currency.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from shopweave.catalog.exporters.cells import neutralise
from shopweave.catalog.exporters.values import amount_text, decimal_text, grams
from shopweave.catalog.schemas import Product, ProductStatus, Variant

HEADER: tuple[str, ...] = (
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
    "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
    "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
    "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src", "Image Position",
    "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Google Shopping / Google Product Category", "Google Shopping / Gender", "Google Shopping / Age Group",
    "Google Shopping / MPN", "Google Shopping / Condition", "Google Shopping / Custom Product",
    "Variant Image", "Variant Weight Unit", "Variant Tax Code", "Cost per item",
    "Included / United States", "Price / United States", "Compare At Price / United States",
    "Included / International", "Price / International", "Compare At Price / International", "Status",
)  # fmt: skip

NUMERIC_COLUMNS = frozenset(
    {
        "Variant Grams",
        "Variant Inventory Qty",
        "Variant Price",
        "Variant Compare At Price",
        "Image Position",
        "Cost per item",
        "Price / United States",
        "Compare At Price / United States",
        "Price / International",
        "Compare At Price / International",
    }
)

MAX_OPTIONS = 3
_ATTRIBUTE_COLUMNS = {
    "SEO Title": "seo_title",
    "SEO Description": "seo_description",
    "Google Shopping / Google Product Category": "google_product_category",
    "Google Shopping / Gender": "gender",
    "Google Shopping / Age Group": "age_group",
    "Google Shopping / MPN": "mpn",
    "Google Shopping / Condition": "condition",
    "Google Shopping / Custom Product": "custom_product",
}


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def option_names(product: Product) -> list[str]:
    """The product's option names (at most 3, Shopify's limit); `Title` for a single default variant."""
    names = list(product.option_names)
    if not names:
        for variant in product.variants:
            names.extend(k for k in variant.options if k not in names)
    if not names:
        return ["Title"]
    return names[:MAX_OPTIONS]


def _variant_cells(product: Product, variant: Variant, names: list[str]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for number, name in enumerate(names, start=1):
        if name == "Title" and not variant.options:
            cells[f"Option{number} Value"] = "Default Title"
        else:
            cells[f"Option{number} Value"] = variant.options.get(name, "")
    weight = grams(variant)
    own_image = next((i.src for i in product.images if variant.sku and i.variant_sku == variant.sku), "")
    cells.update(
        {
            "Variant SKU": variant.sku or "",
            "Variant Grams": "" if weight is None else decimal_text(weight),
            "Variant Inventory Tracker": "" if variant.inventory_quantity is None else "shopify",
            "Variant Inventory Qty": ""
            if variant.inventory_quantity is None
            else str(variant.inventory_quantity),
            "Variant Inventory Policy": variant.inventory_policy.value,
            "Variant Fulfillment Service": "manual",
            "Variant Price": amount_text(variant.price),
            "Variant Compare At Price": ""
            if variant.compare_at_price is None
            else amount_text(variant.compare_at_price),
            "Variant Requires Shipping": "TRUE",
            "Variant Taxable": "TRUE",
            "Variant Barcode": (variant.barcode or "").strip(),
            "Variant Image": own_image,
            "Variant Weight Unit": "" if variant.weight_unit is None else variant.weight_unit.value,
            "Cost per item": "" if variant.cost is None else amount_text(variant.cost),
        }
    )
    return cells


def product_rows(product: Product) -> list[dict[str, str]]:
    """The CSV rows of one product (column to raw, not yet neutralised, text)."""
    names = option_names(product)
    images = sorted(product.images, key=lambda i: i.position)
    count = max(len(product.variants), len(images), 1)
    rows: list[dict[str, str]] = []
    for index in range(count):
        row = {"Handle": product.handle}
        if index == 0:
            row.update(
                {
                    "Title": product.title,
                    "Body (HTML)": product.description_html or "",
                    "Vendor": product.vendor or "",
                    "Product Category": product.category or "",
                    "Type": product.product_type or "",
                    "Tags": ", ".join(product.tags),
                    "Published": _bool(product.status is ProductStatus.ACTIVE),
                    "Gift Card": "FALSE",
                    "Status": product.status.value,
                }
            )
            for number, name in enumerate(names, start=1):
                row[f"Option{number} Name"] = name
            for column, key in _ATTRIBUTE_COLUMNS.items():
                row[column] = product.attributes.get(key, "")
        if index < len(product.variants):
            row.update(_variant_cells(product, product.variants[index], names))
        if index < len(images):
            image = images[index]
            row.update(
                {
                    "Image Src": image.src,
                    "Image Position": str(index + 1),
                    "Image Alt Text": image.alt_text or "",
                }
            )
        rows.append(row)
    return rows


def write_shopify_csv(products: Iterable[Product], stream: TextIO) -> tuple[int, int]:
    """Write the header and every product's rows; returns (products, rows)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(HEADER)
    products_written = rows_written = 0
    for product in products:
        for row in product_rows(product):
            writer.writerow(
                [neutralise(row.get(column, ""), numeric=column in NUMERIC_COLUMNS) for column in HEADER]
            )
            rows_written += 1
        products_written += 1
    return products_written, rows_written
