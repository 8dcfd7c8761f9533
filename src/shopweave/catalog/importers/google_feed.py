"""Google Merchant Center feeds: RSS 2.0 and Atom with the `g:` namespace, and tab-separated text.

XML is parsed as a stream with defusedxml (no DTDs, no entities, no external references), one
item (`<item>` or `<entry>`) at a time, with the line where it starts. Items sharing a
`g:item_group_id` become the variants of one product (its handle is the slug of the group id;
a lone item's handle is the slug of its `g:id`); `color`, `size`, `material` and `pattern`
become the variant options. The product's title and description come from the group's first
item.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from shopweave.catalog.importers.assemble import ImageList, money, split_weight
from shopweave.catalog.importers.base import CsvImporter, Importer, Kind, RawRow, Record, Sample
from shopweave.catalog.importers.values import (
    BadValueError,
    Cells,
    Issues,
    RowError,
    explain,
    parse_decimal,
    slugify,
)
from shopweave.catalog.schemas import InventoryPolicy, Product, Variant
from shopweave.errors import ImportFormatError

G_NS = "http://base.google.com/ns/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
_OPTION_ATTRIBUTES = ("color", "size", "material", "pattern")
_PRODUCT_ATTRIBUTES = (
    "link",
    "condition",
    "gender",
    "age_group",
    "availability",
    "identifier_exists",
    "item_group_id",
    "adult",
    "is_bundle",
    "multipack",
    "size_type",
    "size_system",
)
_CHUNK = 256 * 1024


def _key(tag: str) -> str | None:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        if namespace == G_NS:
            return "g:" + local
        return local if namespace == ATOM_NS else None
    return tag


class _ItemCollector:
    """An ElementTree parser target that turns each item into a flat dict of texts."""

    def __init__(self) -> None:
        self.parser: Any = None
        self.root: str | None = None
        self.items: list[RawRow] = []
        self._item: dict[str, Any] | None = None
        self._line = 0
        self._depth = 0
        self._key: str | None = None
        self._text: list[str] = []
        self._nested: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        if self.root is None:
            self.root = tag
            return
        if self._item is None:
            if local in ("item", "entry"):
                self._item = {}
                self._line = self.parser.parser.CurrentLineNumber
                self._depth = 0
            return
        self._depth += 1
        if self._depth == 1:
            self._key = _key(tag)
            self._text = []
            self._nested = []
            if self._key == "link" and "href" in attrib and attrib.get("rel", "alternate") == "alternate":
                self._text.append(attrib["href"])
        else:
            self._text = [] if self._depth == 2 else self._text

    def data(self, text: str) -> None:
        if self._item is not None and self._depth >= 1:
            self._text.append(text)

    def end(self, tag: str) -> None:
        if self._item is None:
            return
        if self._depth == 0:
            self.items.append(RawRow(line=self._line, data=self._item))
            self._item = None
            return
        if self._depth == 2:
            self._nested.append(f"{tag.rsplit('}', 1)[-1]}={''.join(self._text).strip()}")
            self._text = []
        elif self._depth == 1 and self._key is not None:
            value = "; ".join(self._nested) if self._nested else "".join(self._text).strip()
            existing = self._item.get(self._key)
            if existing is None:
                self._item[self._key] = value
            elif isinstance(existing, list):
                existing.append(value)
            else:
                self._item[self._key] = [existing, value]
        self._depth -= 1

    def close(self) -> None:
        return None


def _value(data: dict[str, Any], name: str) -> str:
    value = data.get("g:" + name, data.get(name, ""))
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _values(data: dict[str, Any], name: str) -> list[str]:
    value = data.get("g:" + name, data.get(name))
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if str(v).strip()]


class GoogleFeed(Importer):
    """What RSS, Atom and TSV feeds share: grouping by item_group_id and building products."""

    format: ClassVar[str] = "google-feed"
    kind: ClassVar[Kind] = "products"

    def group_key(self, row: RawRow) -> str | None:
        return _value(row.data, "item_group_id") or None

    def build(self, rows: list[RawRow], issues: Issues) -> list[Record]:
        group = _value(rows[0].data, "item_group_id")
        present = [a for a in _OPTION_ATTRIBUTES if group and any(_value(r.data, a) for r in rows)]
        option_names = [a.capitalize() for a in present]
        images = ImageList()
        variants: list[Variant] = []
        head: Product | None = None
        for row in rows:
            names = {k.removeprefix("g:") for k in row.data}
            cells = Cells({k: _value(row.data, k) for k in names}, row.line, issues)
            try:
                ident = cells.required("id")
                variant = self._variant(row, cells, ident, present, option_names, len(variants) + 1)
                if head is None:
                    head = self._product(row, cells, slugify(group or ident), option_names)
            except (RowError, ValueError) as exc:
                issues.reject(row.line, *explain(exc))
                continue
            variants.append(variant)
            links = _values(row.data, "image_link")
            for index, src in enumerate(links + _values(row.data, "additional_image_link")):
                images.add(src, variant_sku=ident if group and index == 0 else None)
        if head is None:
            return []
        head.variants = variants
        head.images = images.images()
        return [head]

    def _product(self, row: RawRow, cells: Cells, handle: str, option_names: list[str]) -> Product:
        data = row.data
        title = cells.title("title")
        if title is None:
            raise RowError("title", "title is required")
        category = _value(data, "google_product_category") or None
        attributes = {a: v for a in _PRODUCT_ATTRIBUTES if (v := _value(data, a))}
        if category and category.isdigit():
            attributes["google_product_category"] = category
            category = None
        mpn = cells.identifier("mpn")
        if mpn:
            attributes["mpn"] = mpn
        return Product(
            handle=handle,
            title=title,
            description_html=cells.description("description") or cells.description("summary"),
            vendor=_value(data, "brand") or None,
            product_type=_value(data, "product_type") or None,
            category=category,
            option_names=option_names,
            attributes=attributes,
            source=self.format,
        )

    def _variant(
        self, row: RawRow, cells: Cells, sku: str, present: list[str], option_names: list[str], position: int
    ) -> Variant:
        data = row.data
        field = "price"
        price, currency = self._money(cells, field)
        if price is None:
            raise RowError(field, "price is required")
        sale_field = "sale_price"
        sale, sale_currency = self._money(cells, sale_field)
        weight, unit = None, None
        weight_text = _value(data, "shipping_weight")
        if weight_text:
            number, unit = split_weight(weight_text, "shipping_weight")
            try:
                weight, reason = parse_decimal(number)
            except BadValueError as exc:
                raise RowError("shipping_weight", str(exc)) from None
            if reason:
                cells.issues.repair(row.line, "shipping_weight", weight_text, str(weight), reason)
        availability = _value(data, "availability").lower().replace(" ", "_")
        return Variant(
            sku=sku,
            options={n: v for a, n in zip(present, option_names, strict=True) if (v := _value(data, a))},
            price=money(
                sale if sale is not None else price,
                sale_currency if sale is not None else currency,
                sale_field if sale else field,
            ),
            compare_at_price=money(price, currency, field) if sale is not None else None,
            barcode=cells.barcode("gtin"),
            weight=weight,
            weight_unit=unit if weight is not None else None,
            inventory_policy=InventoryPolicy.CONTINUE
            if availability in ("preorder", "backorder")
            else InventoryPolicy.DENY,
            position=position,
        )

    def _money(self, cells: Cells, field: str) -> tuple[Any, str]:
        """`15.00 USD` → (15.00, USD); a bare number takes the default currency."""
        text = cells.text(field)
        if text is None:
            return None, self.options.currency
        parts = text.split()
        currency = self.options.currency
        if len(parts) >= 2 and parts[-1].isalpha() and len(parts[-1]) == 3:
            currency = parts[-1].upper()
            text = " ".join(parts[:-1])
        try:
            amount, reason = parse_decimal(text)
        except BadValueError as exc:
            raise RowError(field, str(exc)) from None
        if reason:
            cells.issues.repair(cells.line, field, cells.text(field), f"{amount} {currency}", reason)
        return amount, currency


class GoogleFeedXml(GoogleFeed):
    """An RSS 2.0 or Atom feed with Google's `g:` namespace."""

    label: ClassVar[str] = "Google Merchant RSS/Atom feed"

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        head = sample.text.lstrip("\ufeff \r\n\t")
        return head.startswith("<") and G_NS in sample.text[:8192]

    def check(self, sample: Sample) -> None:
        if not self.sniff(sample):
            raise ImportFormatError(
                f"{self.name} is not a Google Merchant feed: expected RSS 2.0 or Atom XML using the "
                f"g: namespace ({G_NS})"
            )

    def rows(self) -> Iterator[RawRow]:
        assert self.source is not None
        collector = _ItemCollector()
        parser = DefusedXMLParser(target=collector, forbid_dtd=True)
        collector.parser = parser
        try:
            with self.source.path.open("rb") as raw:
                while chunk := raw.read(_CHUNK):
                    parser.feed(chunk)
                    self._check_root(collector.root)
                    yield from collector.items
                    collector.items.clear()
                parser.close()
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else "?"
            raise ImportFormatError(
                f"{self.name}, line {line}: not well-formed XML ({exc}); if the feed was cut short, "
                "download it again. Nothing was imported"
            ) from None
        except DefusedXmlException as exc:
            raise ImportFormatError(
                f"{self.name}: the feed declares a DTD or entities, which are refused for safety ({exc})"
            ) from None
        yield from collector.items

    def _check_root(self, root: str | None) -> None:
        if root is not None and root not in ("rss", f"{{{ATOM_NS}}}feed"):
            raise ImportFormatError(
                f"{self.name}: the root element is {root}, not an RSS <rss> or Atom <feed>"
            )


class GoogleFeedTsv(GoogleFeed, CsvImporter):
    """A tab-separated Merchant Center text feed with a header row (`id`, `title`, `price`, …)."""

    label: ClassVar[str] = "Google Merchant TSV feed"
    delimiter: ClassVar[str | None] = "\t"
    required_columns: ClassVar[tuple[str, ...]] = ("id", "title", "price")

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        if sample.delimiter != "\t":
            return False
        header = {c.lower().removeprefix("g:").replace(" ", "_") for c in sample.header}
        return {"id", "title", "price"} <= header

    def check(self, sample: Sample) -> None:
        header = {c.lower().removeprefix("g:").replace(" ", "_") for c in sample.header}
        missing = [c for c in self.required_columns if c not in header]
        if missing or sample.delimiter != "\t":
            raise ImportFormatError(
                f"{self.name} is not a Google Merchant TSV feed: it needs tab-separated columns id, title and price"
                + (f" (missing: {', '.join(missing)})" if missing else "")
            )

    def header_from(self, records: list[list[str]]) -> list[str]:
        return [c.strip().lstrip("\ufeff").lower().removeprefix("g:").replace(" ", "_") for c in records[0]]

    rows = CsvImporter.rows
