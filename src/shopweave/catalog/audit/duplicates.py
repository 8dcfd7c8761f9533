"""Checks across the catalog: SKUs, handles and barcodes that more than one record uses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from shopweave.catalog.audit.barcodes import barcode_problem, compact
from shopweave.catalog.audit.codes import make_problem
from shopweave.catalog.audit.models import Problem
from shopweave.catalog.schemas import Product

_SHOWN = 3


@dataclass
class _Use:
    product: int  # index of the product in the audit
    field: str
    label: str  # how other records name this use: "handle" or "handle (sku)"


@dataclass
class DuplicateIndex:
    """Collects keys while products stream past; reports the shared ones at the end."""

    skus: dict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))
    handles: dict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))
    barcodes: dict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))

    def add(self, index: int, product: Product) -> None:
        """Remember the keys of the product at position `index`."""
        handle = product.handle.strip()
        self.handles[handle].append(_Use(index, "handle", handle))
        for position, variant in enumerate(product.variants):
            label = f"{handle} ({variant.sku})" if variant.sku else f"{handle} (variant {position + 1})"
            if variant.sku and variant.sku.strip():
                self.skus[variant.sku.strip()].append(_Use(index, f"variants[{position}].sku", label))
            barcode = (variant.barcode or "").strip()
            # A barcode mangled into scientific notation is reported as such; its lost digits
            # would make unrelated products look like duplicates.
            if barcode and barcode_problem(barcode) != "barcode.scientific_notation":
                self.barcodes[compact(barcode)].append(_Use(index, f"variants[{position}].barcode", label))

    def problems(self) -> dict[int, list[Problem]]:
        """Product index to its duplicate problems."""
        found: dict[int, list[Problem]] = defaultdict(list)
        for code, table in (
            ("handle.duplicate", self.handles),
            ("sku.duplicate", self.skus),
            ("barcode.duplicate", self.barcodes),
        ):
            for value, uses in table.items():
                if len(uses) < 2:
                    continue
                for use in uses:
                    others = [u.label for u in uses if u is not use]
                    text = ", ".join(others[:_SHOWN])
                    if len(others) > _SHOWN:
                        text += f" and {len(others) - _SHOWN} more"
                    found[use.product].append(make_problem(code, use.field, value=value, others=text))
        return found
