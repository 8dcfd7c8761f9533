"""Helpers shared by the product importers: money, weights, option values and image lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from shopweave.catalog.importers.values import RowError
from shopweave.catalog.schemas import Image, Money, WeightUnit

GRAMS_PER_UNIT = {
    WeightUnit.G: Decimal(1),
    WeightUnit.KG: Decimal(1000),
    WeightUnit.LB: Decimal("453.59237"),
    WeightUnit.OZ: Decimal("28.349523125"),
}
_UNIT_NAMES = {
    "g": WeightUnit.G,
    "gram": WeightUnit.G,
    "grams": WeightUnit.G,
    "gr": WeightUnit.G,
    "kg": WeightUnit.KG,
    "kgs": WeightUnit.KG,
    "kilogram": WeightUnit.KG,
    "kilograms": WeightUnit.KG,
    "lb": WeightUnit.LB,
    "lbs": WeightUnit.LB,
    "pound": WeightUnit.LB,
    "pounds": WeightUnit.LB,
    "oz": WeightUnit.OZ,
    "ounce": WeightUnit.OZ,
    "ounces": WeightUnit.OZ,
}
MAX_OPTIONS = 3


@lru_cache(maxsize=16384)
def _money(amount: str, currency: str) -> Money:
    # Money is frozen, so equal amounts share one validated instance (prices repeat a lot).
    return Money(amount=Decimal(amount), currency=currency)


def money(amount: Decimal, currency: str, field_name: str) -> Money:
    """A Money, or a RowError naming the field when the currency is not ISO 4217."""
    try:
        return _money(str(amount), currency)
    except ValueError:
        raise RowError(field_name, f"{currency!r} is not an ISO 4217 currency code") from None


def weight_unit(text: str | None, field_name: str) -> WeightUnit | None:
    """g, kg, lb or oz from the usual spellings."""
    if text is None:
        return None
    unit = _UNIT_NAMES.get(text.strip().lower().rstrip("."))
    if unit is None:
        raise RowError(field_name, f"{text!r} is not a weight unit (g, kg, lb or oz)")
    return unit


def grams_in(unit: WeightUnit, grams: Decimal) -> tuple[Decimal, WeightUnit]:
    """`grams` expressed in `unit` when that is exact to 3 decimals, else kept in grams.

    Shopify exports weights in grams plus a display unit; 226.796185 g shown in oz is 8 oz, but
    200 g shown in lb is 0.44092… lb, which would not round-trip, so it stays 200 g.
    """
    if unit is WeightUnit.G:
        return grams, unit
    converted = grams / GRAMS_PER_UNIT[unit]
    rounded = converted.quantize(Decimal("0.001"))
    if abs(converted - rounded) <= Decimal("0.000001") * max(Decimal(1), abs(converted)):
        return rounded.normalize(), unit
    return grams, WeightUnit.G


def split_weight(text: str, field_name: str) -> tuple[str, WeightUnit | None]:
    """`2 kg` → ("2", kg); `2` → ("2", None)."""
    parts = text.strip().split()
    if len(parts) == 2:
        return parts[0], weight_unit(parts[1], field_name)
    if len(parts) == 1:
        return parts[0], None
    raise RowError(field_name, f"{text!r} is not a weight like '1.5 kg'")


@dataclass
class ImageList:
    """Images of one product in order, each source once."""

    entries: dict[str, tuple[Decimal, int, str | None, str | None]] = field(default_factory=dict)

    def add(
        self,
        src: str | None,
        alt: str | None = None,
        position: int | None = None,
        variant_sku: str | None = None,
    ) -> None:
        """Add an image; a repeated source only fills in what was missing."""
        if not src:
            return
        if src in self.entries:
            order, seen, old_alt, old_sku = self.entries[src]
            self.entries[src] = (order, seen, old_alt or alt, old_sku or variant_sku)
            return
        order = Decimal(position) if position is not None else Decimal(10**9)
        self.entries[src] = (order, len(self.entries), alt, variant_sku)

    def images(self) -> list[Image]:
        """The images numbered 1..n by their given position, then their order of appearance."""
        ordered = sorted(self.entries.items(), key=lambda item: (item[1][0], item[1][1]))
        return [
            Image(src=src, position=index, alt_text=alt, variant_sku=sku)
            for index, (src, (_, _, alt, sku)) in enumerate(ordered, start=1)
        ]
