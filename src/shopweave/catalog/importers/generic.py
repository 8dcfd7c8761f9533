"""The generic CSV layouts (products, orders, customers, inventory), read directly or through a
column-mapping file. The Shopify order, customer and inventory exports reuse them with a
built-in mapping (`shopify_tables.py`).

Products: rows with the same `handle` form one product (when there is no handle column, the
handle is the slug of the SKU and each row is a product); every row may carry a variant and/or
an image, and `attr:<name>` columns become product attributes. Orders: rows with the same
`order_number` form one order, one line per row; the order fields are read from the first row.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pycountry

from shopweave.catalog.importers.assemble import MAX_OPTIONS, ImageList, money, weight_unit
from shopweave.catalog.importers.base import CsvImporter, Kind, RawRow, Record, Sample
from shopweave.catalog.importers.mapping import GENERIC_FIELDS, REQUIRED_FIELDS, ColumnMapping
from shopweave.catalog.importers.values import Cells, Issues, RowError, explain, slugify
from shopweave.catalog.schemas import (
    Address,
    Customer,
    InventoryLevel,
    Order,
    OrderLine,
    Product,
    ProductStatus,
    Variant,
)
from shopweave.errors import ImportFormatError, MappingError

_STATUSES = {"active": "active", "draft": "draft", "archived": "archived"}
_POLICIES = {"deny": "deny", "continue": "continue"}
FINANCIAL_STATUSES = {
    "paid": "paid",
    "pending": "pending",
    "authorized": "pending",
    "partially_paid": "pending",
    "refunded": "refunded",
    "partially_refunded": "partially_refunded",
    "voided": "voided",
}
FULFILLMENT_STATUSES = {
    "unfulfilled": "unfulfilled",
    "pending": "unfulfilled",
    "restocked": "unfulfilled",
    "partial": "partial",
    "fulfilled": "fulfilled",
    "delivered": "delivered",
}


class GenericCsv(CsvImporter):
    """A CSV in a generic layout, or any CSV read through a mapping."""

    format: ClassVar[str] = "csv"
    builtin_columns: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Generic field to candidate source columns, for built-in layouts (the first present wins)."""

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        header = set(sample.header)
        return all(any(name in header for name in group) for group in REQUIRED_FIELDS[cls.kind])

    def _delimiter(self) -> str:
        if self.options.mapping and self.options.mapping.delimiter:
            return self.options.mapping.delimiter
        return super()._delimiter()

    @property
    def mapping(self) -> ColumnMapping | None:
        """The mapping rows are read through (None: the file already uses the generic names)."""
        return self.options.mapping

    def check(self, sample: Sample) -> None:
        header = sample.header
        if self.builtin_columns and self.mapping is None:
            columns = {}
            for target, candidates in self.builtin_columns.items():
                found = next((c for c in candidates if c in header), None)
                if found:
                    columns[target] = found
            try:
                self.options.mapping = ColumnMapping(kind=self.kind, columns=columns)
            except ValueError:
                raise ImportFormatError(
                    f"{self.name} is not a {self.label}: required columns are missing (found: {', '.join(header[:12])})"
                ) from None
            return
        if self.mapping is not None:
            missing = sorted({c for c in self.mapping.columns.values() if c not in header})
            if missing:
                raise MappingError(
                    f"{self.name}: the mapping names columns the file does not have: {', '.join(missing)} "
                    f"(found: {', '.join(header[:12])})"
                )
            return
        known = set(GENERIC_FIELDS[self.kind])
        for group in REQUIRED_FIELDS[self.kind]:
            if not any(name in header for name in group):
                raise ImportFormatError(
                    f"{self.name} is not a generic {self.kind} CSV: it needs a column named {' or '.join(group)} "
                    f"(generic columns: {', '.join(sorted(known))}); or pass --mapping to map your columns"
                )

    def fields(self, row: RawRow) -> dict[str, Any]:
        """A row renamed to the generic layout."""
        return self.mapping.apply(row.data) if self.mapping else row.data

    def cells(self, row: RawRow, issues: Issues) -> Cells:
        """The row's generic fields, ready to be read."""
        return Cells(self.fields(row), row.line, issues)

    def retry_options(self) -> dict[str, Any]:
        return {"mapping": self.mapping.to_dict()} if self.mapping else {}

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        """Build, then name the source columns (not the generic fields) in repairs and rejections."""
        repairs, rejections = len(issues.repairs), len(issues.rejections)
        records = self.build_generic(rows, issues)
        if self.mapping is not None:
            columns = self.mapping.columns
            for repair in issues.repairs[repairs:]:
                repair.field = columns.get(repair.field or "", repair.field)
            for rejection in issues.rejections[rejections:]:
                rejection.field = columns.get(rejection.field or "", rejection.field)
        return records

    def build_generic(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        """Records from rows in the generic layout."""
        raise NotImplementedError


class GenericProductsCsv(GenericCsv):
    """Products in the generic layout."""

    kind: ClassVar[Kind] = "products"
    label: ClassVar[str] = "generic product CSV"

    def group_key(self, row: RawRow) -> str | None:
        data = self.fields(row)
        handle = str(data.get("handle", "")).strip()
        if handle:
            return handle
        sku = str(data.get("sku", "")).strip()
        return slugify(sku) or None

    def build_generic(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        first = self.cells(rows[0], issues)
        handle = first.text("handle") or slugify(first.text("sku") or "")
        if not handle:
            for row in rows:
                issues.reject(row.line, "handle", "handle (or sku) is required")
            return []
        head_row = next((r for r in rows if str(self.fields(r).get("title", "")).strip()), None)
        if head_row is None:
            issues.reject(rows[0].line, "title", f"no row of product {handle!r} has a title")
            return []
        head = self.cells(head_row, issues)
        try:
            product = self._product(handle, head)
        except (RowError, ValueError) as exc:
            name, reason = explain(exc)
            issues.reject(head_row.line, name, f"{reason}; product {handle!r} was not imported")
            return []
        images = ImageList()
        variants: list[Variant] = []
        for row in rows:
            cells = self.cells(row, issues)
            try:
                variant = self._variant(product.option_names, cells, len(variants) + 1)
                images.add(cells.text("image_src"), cells.text("image_alt"), cells.integer("image_position"))
            except (RowError, ValueError) as exc:
                name, reason = explain(exc)
                if row is head_row:
                    issues.reject(row.line, name, f"{reason}; product {handle!r} was not imported")
                    return []
                issues.reject(row.line, name, reason)
                continue
            if variant is not None:
                variants.append(variant)
        product.variants = variants
        product.images = images.images()
        return [product]

    def _product(self, handle: str, cells: Cells) -> Product:
        title = cells.title("title")
        assert title is not None
        option_names = [n for i in range(1, MAX_OPTIONS + 1) if (n := cells.text(f"option{i}_name"))]
        attributes = {
            key.removeprefix("attr:"): str(value).strip()
            for key, value in cells.data.items()
            if key.startswith("attr:") and str(value).strip()
        }
        return Product(
            handle=handle,
            title=title,
            description_html=cells.description("description"),
            vendor=cells.text("vendor"),
            product_type=cells.text("product_type"),
            category=cells.text("category"),
            tags=[t.strip() for t in (cells.text("tags") or "").split(",") if t.strip()],
            status=ProductStatus(cells.choice("status", _STATUSES, "active")),
            option_names=option_names,
            attributes=attributes,
            source=self.format,
        )

    def _variant(self, option_names: list[str], cells: Cells, position: int) -> Variant | None:
        values = [cells.text(f"option{i}_value") for i in range(1, MAX_OPTIONS + 1)]
        if not (cells.has("price") or cells.has("sku") or any(values)):
            return None
        price = cells.decimal("price")
        if price is None:
            raise RowError("price", "price is required on a variant row")
        currency = cells.text("currency") or self.options.currency
        compare_at = cells.decimal("compare_at_price")
        cost = cells.decimal("cost")
        weight = cells.decimal("weight")
        return Variant(
            sku=cells.text("sku"),
            options={n: v for n, v in zip(option_names, values, strict=False) if v},
            price=money(price, currency, "currency"),
            compare_at_price=None if compare_at is None else money(compare_at, currency, "currency"),
            cost=None if cost is None else money(cost, currency, "currency"),
            barcode=cells.barcode("barcode"),
            weight=weight,
            weight_unit=weight_unit(cells.text("weight_unit"), "weight_unit") if weight is not None else None,
            inventory_policy=cells.choice("inventory_policy", _POLICIES, "deny"),
            inventory_quantity=cells.integer("inventory_quantity"),
            position=position,
        )


def country_code(cells: Cells, name: str) -> str | None:
    """An ISO 3166-1 alpha-2 code; a country name or alpha-3 code is converted and reported."""
    value = cells.text(name)
    if value is None:
        return None
    if len(value) == 2 and value.isalpha():
        return value.upper()
    try:
        country = pycountry.countries.lookup(value)
    except LookupError:
        raise RowError(
            name, f"{value!r} is not a country (use an ISO 3166-1 code such as US or DE)"
        ) from None
    code = str(country.alpha_2)
    cells.issues.repair(cells.line, name, value, code, "country name converted to its ISO 3166-1 code")
    return code


def address(cells: Cells, prefix: str = "") -> Address | None:
    """An address from `<prefix>address1`, `city`, `country`…; an incomplete one is dropped and reported."""
    parts = {
        "name": cells.text(f"{prefix}name") if prefix else None,
        "line1": cells.text(f"{prefix}address1"),
        "line2": cells.text(f"{prefix}address2"),
        "city": cells.text(f"{prefix}city"),
        "region": cells.text(f"{prefix}region"),
        "postal_code": cells.text(f"{prefix}postal_code"),
        "country": country_code(cells, f"{prefix}country"),
        "phone": cells.text(f"{prefix}phone") if prefix else None,
    }
    if not any(parts.values()):
        return None
    missing = [k for k in ("line1", "city", "country") if not parts[k]]
    if missing:
        cells.issues.repair(
            cells.line,
            f"{prefix}address1",
            ", ".join(str(v) for v in parts.values() if v),
            None,
            f"address dropped: it has no {', '.join(missing)}",
        )
        return None
    return Address.model_validate(parts)


class GenericOrdersCsv(GenericCsv):
    """Orders in the generic layout, one line per row."""

    kind: ClassVar[Kind] = "orders"
    label: ClassVar[str] = "generic orders CSV"

    def group_key(self, row: RawRow) -> str | None:
        return str(self.fields(row).get("order_number", "")).strip() or None

    def build_generic(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        number = str(self.fields(rows[0]).get("order_number", "")).strip()
        if not number:
            for row in rows:
                issues.reject(row.line, "order_number", "order_number is required")
            return []
        head_row = next((r for r in rows if str(self.fields(r).get("created_at", "")).strip()), rows[0])
        head = self.cells(head_row, issues)
        try:
            currency = head.text("currency") or self.options.currency
            created = head.datetime("created_at")
            if created is None:
                raise RowError("created_at", "created_at is required on the first row of an order")
            total = head.decimal("total")
            if total is None:
                raise RowError("total", "total is required on the first row of an order")
            order = Order(
                number=number,
                email=head.text("email"),
                created_at=created,
                currency=money(total, currency, "currency").currency,
                total=money(total, currency, "currency"),
                financial_status=head.choice("financial_status", FINANCIAL_STATUSES, "paid"),
                fulfillment_status=head.choice("fulfillment_status", FULFILLMENT_STATUSES, "unfulfilled"),
                cancelled_at=head.datetime("cancelled_at"),
                shipping_address=address(head, "ship_"),
            )
        except (RowError, ValueError) as exc:
            name, reason = explain(exc)
            issues.reject(head_row.line, name, f"{reason}; order {number!r} was not imported")
            return []
        for row in rows:
            cells = self.cells(row, issues)
            if not (cells.has("quantity") or cells.has("sku") or cells.has("title")):
                continue
            try:
                quantity = cells.integer("quantity")
                price = cells.decimal("unit_price")
                if quantity is None:
                    raise RowError("quantity", "quantity is required on an order line")
                if price is None:
                    raise RowError("unit_price", "unit_price is required on an order line")
                title = cells.title("title") or cells.text("sku")
                if title is None:
                    raise RowError("title", "an order line needs a title or a sku")
                order.lines.append(
                    OrderLine(
                        sku=cells.text("sku"),
                        title=title,
                        quantity=quantity,
                        unit_price=money(price, order.currency, "currency"),
                    )
                )
            except (RowError, ValueError) as exc:
                issues.reject(row.line, *explain(exc))
        return [order]


class GenericCustomersCsv(GenericCsv):
    """Customers in the generic layout, one per row."""

    kind: ClassVar[Kind] = "customers"
    label: ClassVar[str] = "generic customers CSV"

    def build_generic(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        records: list[Record] = []
        for row in rows:
            cells = self.cells(row, issues)
            try:
                email = cells.required("email")
                if "@" not in email:
                    raise RowError("email", f"{email!r} is not an email address")
                records.append(
                    Customer(
                        email=email,
                        first_name=cells.text("first_name"),
                        last_name=cells.text("last_name"),
                        phone=cells.text("phone"),
                        accepts_marketing=cells.boolean("accepts_marketing", False),
                        default_address=address(cells),
                        tags=[t.strip() for t in (cells.text("tags") or "").split(",") if t.strip()],
                    )
                )
            except (RowError, ValueError) as exc:
                issues.reject(row.line, *explain(exc))
        return records


class GenericInventoryCsv(GenericCsv):
    """Stock per SKU and location in the generic layout, one level per row."""

    kind: ClassVar[Kind] = "inventory"
    label: ClassVar[str] = "generic inventory CSV"

    def build_generic(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        records: list[Record] = []
        for row in rows:
            cells = self.cells(row, issues)
            try:
                on_hand = cells.integer("on_hand")
                if on_hand is None:
                    raise RowError("on_hand", "on_hand is required")
                records.append(
                    InventoryLevel(
                        sku=cells.required("sku"),
                        location=cells.text("location") or "default",
                        on_hand=on_hand,
                        reserved=cells.integer("reserved") or 0,
                        in_transit=cells.integer("in_transit") or 0,
                    )
                )
            except (RowError, ValueError) as exc:
                issues.reject(row.line, *explain(exc))
        return records
