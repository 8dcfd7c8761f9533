"""WooCommerce product CSV (Products → Export): simple, variable + variations, grouped, external.

A variation names its parent in `Parent` (by SKU, or `id:<ID>`); the parent and its variations
are built together as one product whose variants are the variations. A simple or external
product is one product with one variant; a grouped product has no variant of its own (its
members are listed in the `grouped_products` attribute). The handle is the slug of the SKU,
else `woo-<ID>`, else the slug of the name.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

from shopweave.catalog.importers.assemble import ImageList, money, weight_unit
from shopweave.catalog.importers.base import CsvImporter, Kind, RawRow, Record, Sample
from shopweave.catalog.importers.values import Cells, Issues, RowError, explain, slugify
from shopweave.catalog.schemas import InventoryPolicy, Product, ProductStatus, Variant, WeightUnit

_MAX_ATTRIBUTES = 50


def _types(cells: Cells) -> set[str]:
    return {t.strip().lower() for t in (cells.text("Type") or "").split(",") if t.strip()}


class WooCommerceCsv(CsvImporter):
    """WooCommerce's built-in product CSV exporter."""

    format: ClassVar[str] = "woocommerce-csv"
    kind: ClassVar[Kind] = "products"
    label: ClassVar[str] = "WooCommerce product CSV"
    required_columns: ClassVar[tuple[str, ...]] = ("Type", "Name")
    delimiter: ClassVar[str | None] = ","

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._id_of_sku: dict[str, str] = {}

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return sample.has_columns("Type", "SKU", "Name") and (
            sample.has_columns("Regular price") or sample.has_columns("Parent")
        )

    def observe(self, row: RawRow) -> None:
        sku = str(row.data.get("SKU", "")).strip()
        ident = str(row.data.get("ID", "")).strip()
        if sku and ident:
            self._id_of_sku[sku] = ident

    def _key_of_parent_ref(self, ref: str) -> str:
        if ref.startswith("id:"):
            return "id:" + ref[3:].strip()
        if ref in self._id_of_sku:
            return "id:" + self._id_of_sku[ref]
        return "sku:" + ref

    def group_key(self, row: RawRow) -> str | None:
        data = row.data
        if "variation" in str(data.get("Type", "")).lower():
            parent = str(data.get("Parent", "")).strip()
            return self._key_of_parent_ref(parent) if parent else None
        ident = str(data.get("ID", "")).strip()
        if ident:
            return "id:" + ident
        sku = str(data.get("SKU", "")).strip()
        return "sku:" + sku if sku else None

    def retry_options(self) -> dict[str, object]:
        return {"weight_unit": self._weight_unit_name()}

    def _weight_unit_name(self) -> str:
        unit = self.options.extra.get("weight_unit")
        return str(unit) if unit else "lb"

    def header_from(self, records: list[list[str]]) -> list[str]:
        header = super().header_from(records)
        for column in header:
            match = re.fullmatch(r"Weight \((\w+)\)", column)
            if match:
                self.options.extra["weight_unit"] = match.group(1)
        return header

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        parents = [r for r in rows if "variation" not in str(r.data.get("Type", "")).lower()]
        variations = [r for r in rows if r not in parents]
        if not parents:
            for row in variations:
                parent = str(row.data.get("Parent", "")).strip() or "(none)"
                issues.reject(
                    row.line,
                    "Parent",
                    f"parent {parent} is not in this file; import variations with their parent",
                )
            return []
        head, *extra = parents
        for row in extra:
            issues.reject(row.line, "ID", "another product in this file has the same ID or SKU")
        cells = Cells(head.data, head.line, issues)
        try:
            product, images = self._product(cells)
            types = _types(cells)
            if "variable" in types:
                parent_weight = _weight(cells)
                for row in variations:
                    row_cells = Cells(row.data, row.line, issues)
                    try:
                        variant = self._variant(
                            row_cells, product.option_names, len(product.variants) + 1, parent_weight
                        )
                    except (RowError, ValueError) as exc:
                        issues.reject(row.line, *explain(exc))
                        continue
                    product.variants.append(variant)
                    for src in _image_list(row_cells):
                        images.add(src, variant_sku=variant.sku)
            else:
                for row in variations:
                    issues.reject(
                        row.line, "Parent", f"the parent {product.handle!r} is not a variable product"
                    )
                if "grouped" not in types and cells.has("Regular price"):
                    product.variants.append(self._variant(cells, [], 1))
        except (RowError, ValueError) as exc:
            name, reason = explain(exc)
            issues.reject(head.line, name, f"{reason}; the product was not imported")
            return []
        product.images = images.images()
        return [product]

    def _product(self, cells: Cells) -> tuple[Product, ImageList]:
        title = cells.title("Name")
        if title is None:
            raise RowError("Name", "Name is required")
        handle = slugify(cells.text("SKU") or "") or (
            f"woo-{cells.text('ID')}" if cells.has("ID") else slugify(title)
        )
        types = _types(cells)
        attributes: dict[str, str] = {"woocommerce_type": ", ".join(sorted(types))}
        if cells.has("ID"):
            attributes["woocommerce_id"] = cells.raw("ID").strip()
        for column, key in (
            ("Short description", "short_description"),
            ("Grouped products", "grouped_products"),
            ("External URL", "external_url"),
            ("Button text", "button_text"),
            ("Visibility in catalog", "visibility"),
        ):
            if cells.has(column):
                attributes[key] = cells.raw(column).strip()
        if cells.boolean("Is featured?", False):
            attributes["featured"] = "true"
        option_names = []
        for i in range(1, _MAX_ATTRIBUTES + 1):
            name = cells.text(f"Attribute {i} name")
            if name is None:
                if f"Attribute {i} name" not in cells.data:
                    break
                continue
            value = cells.text(f"Attribute {i} value(s)")
            if "variable" in types:
                option_names.append(name)
            elif value:
                attributes[name.lower()] = value
        categories = [c.strip() for c in (cells.text("Categories") or "").split(",") if c.strip()]
        if len(categories) > 1:
            attributes["categories"] = ", ".join(categories)
        published = cells.text("Published")
        images = ImageList()
        for src in _image_list(cells):
            images.add(src)
        product = Product(
            handle=handle,
            title=title,
            description_html=cells.description("Description"),
            category=categories[0] if categories else None,
            tags=[t.strip() for t in (cells.text("Tags") or "").split(",") if t.strip()],
            status=ProductStatus.ACTIVE if published in (None, "1") else ProductStatus.DRAFT,
            option_names=option_names[:3],
            attributes=attributes,
            source=self.format,
        )
        return product, images

    def _variant(
        self, cells: Cells, option_names: list[str], position: int, parent_weight: Decimal | None = None
    ) -> Variant:
        """A variant from a simple product or a variation (which inherits its parent's weight)."""
        regular = cells.decimal("Regular price")
        sale = cells.decimal("Sale price")
        if regular is None and sale is None:
            raise RowError("Regular price", "a price is required")
        currency = self.options.currency
        price = sale if sale is not None else regular
        assert price is not None
        options = {}
        for i in range(1, _MAX_ATTRIBUTES + 1):
            if f"Attribute {i} name" not in cells.data:
                break
            name, value = cells.text(f"Attribute {i} name"), cells.text(f"Attribute {i} value(s)")
            if name in option_names and value:
                options[name] = value
        weight = _weight(cells)
        if weight is None:
            weight = parent_weight
        backorders = (cells.text("Backorders allowed?") or "0").lower()
        return Variant(
            sku=cells.text("SKU"),
            options=options,
            price=money(price, currency, "Sale price" if sale is not None else "Regular price"),
            compare_at_price=money(regular, currency, "Regular price")
            if sale is not None and regular
            else None,
            weight=weight,
            weight_unit=(weight_unit(self._weight_unit_name(), "Weight") or WeightUnit.LB)
            if weight is not None
            else None,
            inventory_policy=InventoryPolicy.DENY
            if backorders in ("0", "no", "")
            else InventoryPolicy.CONTINUE,
            inventory_quantity=cells.integer("Stock"),
            position=position,
        )


def _weight(cells: Cells) -> Decimal | None:
    for column in cells.data:
        if column.startswith("Weight (") and cells.has(column):
            return cells.decimal(column)
    return None


def _image_list(cells: Cells) -> list[str]:
    return [src.strip() for src in (cells.text("Images") or "").split(",") if src.strip()]
