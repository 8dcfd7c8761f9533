"""What each attribute named in the channel rules means for a Product, and when it counts as
filled. The exporters use the same helpers, so the audit checks exactly what a feed will carry.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shopweave.catalog.schemas import InventoryPolicy, Product, Variant

if TYPE_CHECKING:
    from shopweave.catalog.audit.rules import ApparelRules

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")

COLOR_OPTIONS = ("color", "colour")
SIZE_OPTIONS = ("size",)


def plain_text(markup: str | None) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    if not markup:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def attribute(product: Product, name: str) -> str | None:
    """A channel attribute's value, stripped; None when blank or absent."""
    raw = product.attributes.get(name)
    if raw is None:
        return None
    value = str(raw).strip()
    return value or None


def brand(product: Product) -> str | None:
    """The brand: the `brand` attribute, else the vendor."""
    return attribute(product, "brand") or ((product.vendor or "").strip() or None)


def option_value(product: Product, variant: Variant | None, names: tuple[str, ...]) -> str | None:
    """A variant's value for the option called one of `names` (any case), else the attribute."""
    if variant is not None:
        for option, value in variant.options.items():
            if option.strip().lower() in names and value.strip():
                return value.strip()
    for name in names:
        found = attribute(product, name)
        if found:
            return found
    return None


def variant_availability(variant: Variant) -> str:
    """Google/schema availability of a variant from its stock: untracked stock counts as in stock."""
    if variant.inventory_quantity is None or variant.inventory_quantity > 0:
        return "in_stock"
    return "backorder" if variant.inventory_policy is InventoryPolicy.CONTINUE else "out_of_stock"


def availability(product: Product, variant: Variant | None = None) -> str:
    """The `availability` attribute when set, else what the variant's (or first variant's) stock says."""
    explicit = attribute(product, "availability")
    if explicit:
        return explicit
    chosen = variant if variant is not None else (product.variants[0] if product.variants else None)
    return "out_of_stock" if chosen is None else variant_availability(chosen)


def identifier_exists_no(product: Product) -> bool:
    """The seller declared the product has no GTIN/MPN (`identifier_exists` = no/false)."""
    return (attribute(product, "identifier_exists") or "").lower() in {"no", "false"}


def is_apparel(product: Product, rules: ApparelRules) -> bool:
    """Whether the product is clothing by its category path or product type."""
    category = (product.category or "").strip().lower()
    if any(category.startswith(prefix.lower()) for prefix in rules.category_prefixes):
        return True
    kind = (product.product_type or "").strip().lower()
    return kind in {t.lower() for t in rules.product_types}


@dataclass
class Facts:
    """Values derived once per product and shared by every field and check."""

    product: Product
    description_text: str
    apparel: bool
    conditions: dict[str, bool] = field(default_factory=dict)
    filled: frozenset[str] = frozenset()

    def fill(self, names: Iterable[str]) -> None:
        """Work out once which of the fields `names` are filled; every channel reads the set."""
        self.filled = frozenset(name for name in names if FIELDS[name].filled(self))


def _variants_or_none(product: Product) -> list[Variant | None]:
    return list(product.variants) or [None]


def _all_variants(test: Callable[[Variant], bool]) -> Callable[[Facts], bool]:
    return lambda f: bool(f.product.variants) and all(test(v) for v in f.product.variants)


def _attr(name: str) -> Callable[[Facts], bool]:
    return lambda f: attribute(f.product, name) is not None


@dataclass(frozen=True)
class FieldSpec:
    """A field the rules may require: what it maps to and its filled test."""

    source: str
    filled: Callable[[Facts], bool]


FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec("the product handle (variant SKU in feeds)", lambda f: bool(f.product.handle.strip())),
    "title": FieldSpec("`title`", lambda f: bool(f.product.title.strip())),
    "description": FieldSpec("`description_html` as plain text", lambda f: bool(f.description_text)),
    "link": FieldSpec("`store_url` + `/products/<handle>`", lambda f: bool(f.product.handle.strip())),
    "image_link": FieldSpec("the first image", lambda f: bool(f.product.images)),
    "availability": FieldSpec(
        "`attributes.availability`, else derived from stock and inventory policy",
        lambda f: bool(f.product.variants) or attribute(f.product, "availability") is not None,
    ),
    "price": FieldSpec(
        "every variant's `price` (with its ISO 4217 currency)", lambda f: bool(f.product.variants)
    ),
    "brand": FieldSpec("`attributes.brand`, else `vendor`", lambda f: brand(f.product) is not None),
    "gtin": FieldSpec("every variant's `barcode`", _all_variants(lambda v: bool((v.barcode or "").strip()))),
    "mpn": FieldSpec("`attributes.mpn`", _attr("mpn")),
    "sku": FieldSpec("every variant's `sku`", _all_variants(lambda v: bool((v.sku or "").strip()))),
    "quantity": FieldSpec(
        "every variant's `inventory_quantity`", _all_variants(lambda v: v.inventory_quantity is not None)
    ),
    "condition": FieldSpec("`attributes.condition`", _attr("condition")),
    "age_group": FieldSpec("`attributes.age_group`", _attr("age_group")),
    "gender": FieldSpec("`attributes.gender`", _attr("gender")),
    "color": FieldSpec(
        "a `Color`/`Colour` option on every variant, else `attributes.color`",
        lambda f: all(option_value(f.product, v, COLOR_OPTIONS) for v in _variants_or_none(f.product)),
    ),
    "size": FieldSpec(
        "a `Size` option on every variant, else `attributes.size`",
        lambda f: all(option_value(f.product, v, SIZE_OPTIONS) for v in _variants_or_none(f.product)),
    ),
    "category": FieldSpec("`category`", lambda f: bool((f.product.category or "").strip())),
    "who_made": FieldSpec("`attributes.who_made`", _attr("who_made")),
    "when_made": FieldSpec("`attributes.when_made`", _attr("when_made")),
}

CONDITIONS: dict[str, str] = {
    "apparel": "the category starts with an apparel prefix or the product type is an apparel type",
    "identifier_exists_no": "`attributes.identifier_exists` is `no` (the product has no GTIN/MPN)",
}
