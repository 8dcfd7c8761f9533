"""What an import did: counts, every repair made to the data, and every rejected row.

A `Repair` is a change Shopweave made to a value because it was safe (a byte-order mark, a
decimal comma, a leading apostrophe on a barcode) or a value it dropped because it could not be
repaired (a barcode turned into scientific notation: its digits are gone). A `Rejection` is a row
that was not imported; it is also kept in the quarantine so it can be retried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


class Repair(BaseModel):
    """A value changed or dropped during import, with why."""

    file: str = Field(description="File the value came from.", examples=["products.csv"])
    line: int | None = Field(description="Line of the row (1 is the first line).", examples=[2])
    field: str | None = Field(description="Column or element name.", examples=["Variant Barcode"])
    original: str | None = Field(description="The value as found in the file.", examples=["3.65275E+11"])
    value: str | None = Field(description="The value stored; null when it was dropped.", examples=[None])
    reason: str = Field(
        description="What was wrong and what to do.", examples=["barcode in scientific notation"]
    )


class Rejection(BaseModel):
    """A row that was not imported."""

    file: str = Field(description="File the row came from.", examples=["products.csv"])
    line: int | None = Field(description="Line of the row.", examples=[7])
    field: str | None = Field(description="Column or element at fault.", examples=["Variant Price"])
    reason: str = Field(description="Why the row was rejected.", examples=["'abc' is not a number"])


@dataclass
class KindCounts:
    """Records of one kind written by an import, and what the store did with them."""

    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of `import_files` (and of a quarantine retry)."""

    products: int = 0
    variants: int = 0
    images: int = 0
    orders: int = 0
    customers: int = 0
    inventory_levels: int = 0
    rows: int = 0
    store: dict[str, KindCounts] = field(default_factory=dict)
    repaired: list[Repair] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    files: list[tuple[str, str, str]] = field(default_factory=list)
    """(file, format, kind) for every file imported."""

    def count(self, kind: str) -> KindCounts:
        """The store counts of one record kind, created on first use."""
        return self.store.setdefault(kind, KindCounts())

    def to_json(self) -> dict[str, Any]:
        """The `--json` document: products/variants/images, repairs and rejections.

        Orders, customers and inventory levels appear only when the import contained some.
        """
        doc: dict[str, Any] = {"products": self.products, "variants": self.variants, "images": self.images}
        for name in ("orders", "customers", "inventory_levels"):
            if getattr(self, name):
                doc[name] = getattr(self, name)
        doc["repaired"] = [r.model_dump() for r in self.repaired]
        doc["rejected"] = [r.model_dump() for r in self.rejected]
        return doc
