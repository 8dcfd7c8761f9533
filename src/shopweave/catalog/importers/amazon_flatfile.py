"""Amazon inventory flat files (category templates saved as tab-delimited text).

The first line is `TemplateType=…`, the second the column labels for people, the third the
attribute names (`item_sku`, `item_name`, `standard_price`, …); data starts on line 4. A row
with `parent_child=child` is a variant of the product whose `item_sku` is its `parent_sku`; a
row without parentage is a product with one variant. The handle is the slug of the parent's
(or the standalone row's) SKU.
"""

from __future__ import annotations

from typing import ClassVar

from shopweave.catalog.importers.assemble import ImageList, money, weight_unit
from shopweave.catalog.importers.base import CsvImporter, Kind, RawRow, Record, Sample
from shopweave.catalog.importers.values import Cells, Issues, RowError, explain, slugify
from shopweave.catalog.schemas import Product, Variant
from shopweave.errors import ImportFormatError

_BARCODE_TYPES = {"ean", "upc", "gtin", "isbn", "jan"}
_OPTIONS = (
    ("color_name", "Color"),
    ("size_name", "Size"),
    ("material_type", "Material"),
    ("style_name", "Style"),
)


def _role(row: RawRow) -> str:
    return str(row.data.get("parent_child", "")).strip().lower()


class AmazonFlatFile(CsvImporter):
    """An Amazon category template (inventory file) in tab-delimited text."""

    format: ClassVar[str] = "amazon-flatfile"
    kind: ClassVar[Kind] = "products"
    label: ClassVar[str] = "Amazon inventory flat file"
    delimiter: ClassVar[str | None] = "\t"
    preamble_rows: ClassVar[int] = 2

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return sample.text.lstrip("\ufeff").startswith("TemplateType=")

    def check(self, sample: Sample) -> None:
        if not self.sniff(sample):
            raise ImportFormatError(
                f"{self.name} is not an Amazon flat file: its first line must start with TemplateType= "
                "(save the template's Template sheet as tab-delimited text)"
            )
        rows = Sample(text=sample.text, delimiter="\t", rows=sample.rows).rows
        names = [c.strip() for c in rows[2]] if len(rows) >= 3 else []
        if "item_sku" not in names:
            raise ImportFormatError(
                f"{self.name}, line 3: expected the attribute names row (item_sku, item_name, …); "
                "do not delete the template's first three rows"
            )

    def group_key(self, row: RawRow) -> str | None:
        if _role(row) == "child":
            return str(row.data.get("parent_sku", "")).strip() or None
        return str(row.data.get("item_sku", "")).strip() or None

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        head = next((r for r in rows if _role(r) != "child"), None)
        if head is None:
            for row in rows:
                parent = str(row.data.get("parent_sku", "")).strip() or "(none)"
                issues.reject(
                    row.line,
                    "parent_sku",
                    f"parent {parent} is not in this file; import children with their parent",
                )
            return []
        cells = Cells(head.data, head.line, issues)
        try:
            if (cells.text("update_delete") or "").lower() == "delete":
                raise RowError(
                    "update_delete", "deletions are not imported; remove the product in Shopweave instead"
                )
            product = self._product(cells)
        except (RowError, ValueError) as exc:
            name, reason = explain(exc)
            issues.reject(head.line, name, f"{reason}; the product was not imported")
            return []
        images = ImageList()
        _add_images(images, cells, None)
        children = [r for r in rows if r is not head]
        if _role(head) == "parent":
            present = [
                (col, name)
                for col, name in _OPTIONS
                if any(str(r.data.get(col, "")).strip() for r in children)
            ]
            product.option_names = [name for _, name in present]
            for row in children:
                row_cells = Cells(row.data, row.line, issues)
                try:
                    if _role(row) != "child":
                        raise RowError("item_sku", "another row in this file has the same item_sku")
                    variant = self._variant(row_cells, present, len(product.variants) + 1)
                except (RowError, ValueError) as exc:
                    issues.reject(row.line, *explain(exc))
                    continue
                product.variants.append(variant)
                _add_images(images, row_cells, variant.sku)
        else:
            for row in children:
                issues.reject(row.line, "item_sku", "another row in this file has the same item_sku")
            try:
                product.variants.append(self._variant(cells, [], 1))
            except (RowError, ValueError) as exc:
                issues.reject(head.line, *explain(exc))
                return []
        product.images = images.images()
        return [product]

    def _product(self, cells: Cells) -> Product:
        sku = cells.required("item_sku")
        title = cells.title("item_name")
        if title is None:
            raise RowError("item_name", "item_name is required")
        attributes = {
            name: value
            for name in (
                "bullet_point1",
                "bullet_point2",
                "bullet_point3",
                "bullet_point4",
                "bullet_point5",
                "generic_keywords",
                "recommended_browse_nodes",
                "department_name",
                "condition_type",
                "variation_theme",
                "manufacturer",
                "model",
            )
            if (value := cells.text(name))
        }
        part = cells.identifier("part_number")
        if part:
            attributes["mpn"] = part
        return Product(
            handle=slugify(sku),
            title=title,
            description_html=cells.description("product_description"),
            vendor=cells.text("brand_name"),
            product_type=cells.text("item_type") or cells.text("feed_product_type"),
            attributes=attributes,
            source=self.format,
        )

    def _variant(self, cells: Cells, options: list[tuple[str, str]], position: int) -> Variant:
        price = cells.decimal("standard_price")
        if price is None:
            raise RowError("standard_price", "standard_price is required")
        currency = cells.text("currency") or self.options.currency
        list_price = cells.decimal("list_price")
        id_type = (cells.text("external_product_id_type") or "").lower()
        weight = cells.decimal("item_weight")
        return Variant(
            sku=cells.required("item_sku"),
            options={name: value for column, name in options if (value := cells.text(column))},
            price=money(price, currency, "currency"),
            compare_at_price=None if list_price is None else money(list_price, currency, "currency"),
            barcode=cells.barcode("external_product_id") if id_type in _BARCODE_TYPES else None,
            weight=weight,
            weight_unit=weight_unit(cells.text("item_weight_unit_of_measure"), "item_weight_unit_of_measure")
            if weight is not None
            else None,
            inventory_quantity=cells.integer("quantity"),
            position=position,
        )


def _add_images(images: ImageList, cells: Cells, variant_sku: str | None) -> None:
    images.add(cells.text("main_image_url"), variant_sku=variant_sku)
    for i in range(1, 9):
        images.add(cells.text(f"other_image_url{i}"))
