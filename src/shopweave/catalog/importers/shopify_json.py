"""Shopify Admin REST `products.json` (`{"products": [...]}`, or one `{"product": {...}}`).

The REST API pages products (at most 250 a page), so a file is read whole; each product object
is one row, and its line is where the object starts in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import chain, repeat
from typing import Any, ClassVar

from shopweave.catalog.importers.assemble import MAX_OPTIONS, ImageList, grams_in, money, weight_unit
from shopweave.catalog.importers.base import Importer, Kind, RawRow, Record, Sample
from shopweave.catalog.importers.values import Cells, Issues, RowError, explain
from shopweave.catalog.schemas import Product, ProductStatus, Variant, WeightUnit
from shopweave.errors import ImportFormatError

_START = re.compile(r'\s*\{\s*"products?"\s*:\s*')
_STATUSES = {"active": "active", "draft": "draft", "archived": "archived"}
_POLICIES = {"deny": "deny", "continue": "continue"}


class ShopifyProductsJson(Importer):
    """Products as returned by `GET /admin/api/<version>/products.json`."""

    format: ClassVar[str] = "shopify-json"
    kind: ClassVar[Kind] = "products"
    label: ClassVar[str] = "Shopify products.json"

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return bool(_START.match(sample.text.lstrip("\ufeff")))

    def check(self, sample: Sample) -> None:
        if not self.sniff(sample):
            raise ImportFormatError(
                f'{self.name} is not a Shopify products.json: it must start with {{"products": [...]}}'
            )

    def rows(self) -> Iterator[RawRow]:
        assert self.source is not None
        with self.source.open() as handle:
            text = handle.read().lstrip("\ufeff")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"{self.name}, line {exc.lineno}: not valid JSON ({exc.msg}); if the file was cut short, "
                "download it again. Nothing was imported"
            ) from None
        if not isinstance(document, dict):
            raise ImportFormatError(f'{self.name}: expected an object like {{"products": [...]}}')
        products = document.get("products", [document["product"]] if "product" in document else None)
        if not isinstance(products, list) or not all(isinstance(p, dict) for p in products):
            raise ImportFormatError(f'{self.name}: "products" must be a list of product objects')
        lines = chain(_lines(text), repeat(None))
        yield from (RawRow(line=line, data=product) for line, product in zip(lines, products, strict=False))

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        records: list[Record] = []
        for row in rows:
            try:
                records.append(self._product(row, issues))
            except (RowError, ValueError) as exc:
                issues.reject(row.line, *explain(exc))
        return records

    def _product(self, row: RawRow, issues: Issues) -> Product:
        data = row.data
        cells = Cells({k: v for k, v in data.items() if isinstance(v, str | int | float)}, row.line, issues)
        handle = cells.required("handle")
        title = cells.title("title")
        if title is None:
            raise RowError("title", "title is required")
        options = data.get("options") or []
        option_names = [
            str(o.get("name"))
            for o in sorted(options, key=lambda o: o.get("position", 0))
            if isinstance(o, dict) and o.get("name") and o.get("name") != "Title"
        ][:MAX_OPTIONS]
        variant_skus: dict[Any, str | None] = {}
        variants = []
        for index, raw_variant in enumerate(data.get("variants") or [], start=1):
            if not isinstance(raw_variant, dict):
                raise RowError("variants", "each variant must be an object")
            variant = self._variant(raw_variant, option_names, index, issues, row.line)
            variant_skus[raw_variant.get("id")] = variant.sku
            variants.append(variant)
        images = ImageList()
        for raw_image in data.get("images") or []:
            if not isinstance(raw_image, dict):
                raise RowError("images", "each image must be an object")
            ids = raw_image.get("variant_ids") or []
            images.add(
                str(raw_image.get("src") or "") or None,
                raw_image.get("alt"),
                raw_image.get("position"),
                variant_skus.get(ids[0]) if ids else None,
            )
        product = Product(
            handle=handle,
            title=title,
            description_html=cells.description("body_html"),
            vendor=cells.text("vendor"),
            product_type=cells.text("product_type"),
            category=_category(data),
            tags=[t.strip() for t in (cells.text("tags") or "").split(",") if t.strip()],
            status=ProductStatus(cells.choice("status", _STATUSES, "active")),
            option_names=option_names,
            attributes={"shopify_id": str(data["id"])} if data.get("id") is not None else {},
            source=self.format,
            variants=variants,
        )
        product.images = images.images()
        for image in product.images:
            raw: dict[str, Any] = next((i for i in data.get("images") or [] if i.get("src") == image.src), {})
            image.width = raw.get("width") or None
            image.height = raw.get("height") or None
        return product

    def _variant(
        self, data: dict[str, Any], option_names: list[str], index: int, issues: Issues, line: int | None
    ) -> Variant:
        cells = Cells({k: v for k, v in data.items() if isinstance(v, str | int | float)}, line, issues)
        price = cells.decimal("price")
        if price is None:
            raise RowError(f"variants[{index}].price", "price is required")
        currency = self.options.currency
        compare_at = cells.decimal("compare_at_price")
        values = [cells.text(f"option{i}") for i in range(1, MAX_OPTIONS + 1)]
        weight = cells.decimal("weight")
        unit = weight_unit(cells.text("weight_unit"), "weight_unit")
        if weight is None and cells.decimal("grams") is not None:
            weight, unit = grams_in(unit or WeightUnit.G, cells.decimal("grams") or Decimal(0))
        return Variant(
            sku=cells.text("sku"),
            options={n: v for n, v in zip(option_names, values, strict=False) if v},
            price=money(price, currency, "price"),
            compare_at_price=None if compare_at is None else money(compare_at, currency, "compare_at_price"),
            barcode=cells.barcode("barcode"),
            weight=weight,
            weight_unit=unit if weight is not None else None,
            inventory_policy=cells.choice("inventory_policy", _POLICIES, "deny"),
            inventory_quantity=cells.integer("inventory_quantity"),
            position=cells.integer("position") or index,
        )


def _category(data: dict[str, Any]) -> str | None:
    category = data.get("category")
    if isinstance(category, dict):
        name = category.get("full_name") or category.get("name")
        return str(name) if name else None
    return None


def _lines(text: str) -> Iterator[int | None]:
    """Line where each element of the top-level products array starts (None when unknown)."""
    match = _START.match(text)
    if not match:
        return
    position = match.end()
    decoder = json.JSONDecoder()
    line = 1 + text.count("\n", 0, position)
    if text[position : position + 1] == "[":
        position += 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            if text[position] == "\n":
                line += 1
            position += 1
        if position >= len(text) or text[position] in "]}":
            return
        try:
            _, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            return
        yield line
        line += text.count("\n", position, end)
        position = end
