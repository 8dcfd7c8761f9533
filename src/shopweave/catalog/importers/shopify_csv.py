"""Shopify product CSV, current (48 columns) and legacy (2017, 45 columns) templates.

One product spans several rows with the same `Handle`: the first row carries the product
fields, every row may carry a variant and/or an image. `Variant Grams` is always grams; the
`Variant Weight Unit` is the unit the weight is shown in.
"""

from __future__ import annotations

from typing import ClassVar

from shopweave.catalog.importers.assemble import MAX_OPTIONS, ImageList, grams_in, money, weight_unit
from shopweave.catalog.importers.base import CsvImporter, RawRow, Record, Sample
from shopweave.catalog.importers.values import Cells, Issues, RowError, explain
from shopweave.catalog.schemas import Product, ProductStatus, Variant, WeightUnit

_STATUSES = {"active": "active", "draft": "draft", "archived": "archived"}
_POLICIES = {"deny": "deny", "continue": "continue"}
_ATTRIBUTE_COLUMNS = {
    "SEO Title": "seo_title",
    "SEO Description": "seo_description",
    "Google Shopping / Gender": "gender",
    "Google Shopping / Age Group": "age_group",
    "Google Shopping / Condition": "condition",
    "Google Shopping / Custom Product": "custom_product",
    "Google Shopping / AdWords Grouping": "adwords_grouping",
    "Google Shopping / AdWords Labels": "adwords_labels",
    **{f"Google Shopping / Custom Label {i}": f"custom_label_{i}" for i in range(5)},
}


def _is_taxonomy_id(text: str) -> bool:
    return text.isdigit()


class ShopifyProductCsv(CsvImporter):
    """Shopify's product CSV (Admin → Products → Export)."""

    format: ClassVar[str] = "shopify-csv"
    kind = "products"
    label: ClassVar[str] = "Shopify product CSV"
    required_columns: ClassVar[tuple[str, ...]] = ("Handle", "Title")
    delimiter: ClassVar[str | None] = ","

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return sample.has_columns("Handle", "Title") and (
            sample.has_columns("Variant Price") or sample.has_columns("Body (HTML)")
        )

    def group_key(self, row: RawRow) -> str | None:
        return str(row.data.get("Handle", "")).strip() or None

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        handle = str(rows[0].data.get("Handle", "")).strip()
        if not handle:
            for row in rows:
                issues.reject(row.line, "Handle", "Handle is required")
            return []
        head_row = next((row for row in rows if str(row.data.get("Title", "")).strip()), None)
        if head_row is None:
            issues.reject(
                rows[0].line,
                "Title",
                f"no row of product {handle!r} has a Title; the first row of a product carries it",
            )
            return []
        cells = Cells(head_row.data, head_row.line, issues)
        try:
            product = self._product(handle, cells)
        except (RowError, ValueError) as exc:
            name, reason = explain(exc)
            issues.reject(head_row.line, name, f"{reason}; product {handle!r} was not imported")
            return []
        images = ImageList()
        variants: list[Variant] = []
        for row in rows:
            row_cells = Cells(row.data, row.line, issues)
            try:
                variant = self._variant(product.option_names, row_cells, len(variants) + 1)
                if row_cells.has("Image Src"):
                    images.add(
                        row_cells.text("Image Src"),
                        row_cells.text("Image Alt Text"),
                        row_cells.integer("Image Position"),
                    )
            except (RowError, ValueError) as exc:
                name, reason = explain(exc)
                if row is head_row:
                    issues.reject(row.line, name, f"{reason}; product {handle!r} was not imported")
                    return []
                issues.reject(row.line, name, reason)
                continue
            if variant is not None:
                variants.append(variant)
                images.add(row_cells.text("Variant Image"), variant_sku=variant.sku)
        product.variants = variants
        product.images = images.images()
        return [product]

    def _product(self, handle: str, cells: Cells) -> Product:
        title = cells.title("Title")
        assert title is not None
        if cells.has("Status"):
            status = cells.choice("Status", _STATUSES, "active")
        else:
            status = "active" if cells.boolean("Published", True) else "draft"
        option_names = []
        for i in range(1, MAX_OPTIONS + 1):
            name = cells.text(f"Option{i} Name")
            if name and not (i == 1 and name == "Title" and cells.text("Option1 Value") == "Default Title"):
                option_names.append(name)
        google_category = cells.text("Google Shopping / Google Product Category")
        category = cells.text("Product Category")
        attributes: dict[str, str] = {}
        if google_category:
            if _is_taxonomy_id(google_category) or category:
                attributes["google_product_category"] = google_category
            else:
                category = google_category
        for column, key in _ATTRIBUTE_COLUMNS.items():
            value = cells.text(column)
            if value:
                attributes[key] = value
        mpn = cells.identifier("Google Shopping / MPN")
        if mpn:
            attributes["mpn"] = mpn
        if cells.boolean("Gift Card", False):
            attributes["gift_card"] = "true"
        return Product(
            handle=handle,
            title=title,
            description_html=cells.description("Body (HTML)"),
            vendor=cells.text("Vendor"),
            product_type=cells.text("Type"),
            category=category,
            tags=[t.strip() for t in (cells.text("Tags") or "").split(",") if t.strip()],
            status=ProductStatus(status),
            option_names=option_names,
            attributes=attributes,
            source=self.format,
        )

    def _variant(self, option_names: list[str], cells: Cells, position: int) -> Variant | None:
        values = [cells.text(f"Option{i} Value") for i in range(1, MAX_OPTIONS + 1)]
        if not (cells.has("Variant Price") or cells.has("Variant SKU") or any(values)):
            return None  # an image-only row
        options = {name: value for name, value in zip(option_names, values, strict=False) if value}
        price = cells.decimal("Variant Price")
        if price is None:
            raise RowError("Variant Price", "Variant Price is required on a variant row")
        currency = self.options.currency
        compare_at = cells.decimal("Variant Compare At Price")
        cost = cells.decimal("Cost per item")
        grams = cells.decimal("Variant Grams")
        unit = weight_unit(cells.text("Variant Weight Unit"), "Variant Weight Unit") or WeightUnit.G
        weight, shown_in = grams_in(unit, grams) if grams is not None else (None, None)
        return Variant(
            sku=cells.text("Variant SKU"),
            options=options,
            price=money(price, currency, "Variant Price"),
            compare_at_price=None
            if compare_at is None
            else money(compare_at, currency, "Variant Compare At Price"),
            cost=None if cost is None else money(cost, currency, "Cost per item"),
            barcode=cells.barcode("Variant Barcode"),
            weight=weight,
            weight_unit=shown_in,
            inventory_policy=cells.choice("Variant Inventory Policy", _POLICIES, "deny"),
            inventory_quantity=cells.integer("Variant Inventory Qty"),
            position=position,
        )
