"""Checks across the catalog: SKUs, handles and barcodes that more than one record uses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from shopweave.catalog.audit.barcodes import SCIENTIFIC, compact
from shopweave.catalog.audit.codes import ProblemData, make_problem
from shopweave.catalog.schemas import Product

_SHOWN = 3

# One use of a key: (product index in the audit, variant position or -1 for the handle,
# handle, variant SKU). Plain tuples: the index holds one per variant of the whole catalog.
_Use = tuple[int, int, str, str | None]


def _label(use: _Use) -> str:
    _, position, handle, sku = use
    if position < 0:
        return handle
    return f"{handle} ({sku})" if sku else f"{handle} (variant {position + 1})"


@dataclass
class DuplicateIndex:
    """Collects keys while products stream past; reports the shared ones at the end."""

    skus: defaultdict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))
    handles: defaultdict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))
    barcodes: defaultdict[str, list[_Use]] = field(default_factory=lambda: defaultdict(list))

    def add(self, index: int, product: Product) -> None:
        """Remember the keys of the product at position `index`."""
        handle = product.handle.strip()
        self.handles[handle].append((index, -1, handle, None))
        for position, variant in enumerate(product.variants):
            sku = variant.sku.strip() if variant.sku else None
            if sku:
                self.skus[sku].append((index, position, handle, sku))
            barcode = variant.barcode.strip() if variant.barcode else None
            # A barcode mangled into scientific notation is reported as such; its lost digits
            # would make unrelated products look like duplicates.
            if barcode and not SCIENTIFIC.match(barcode):
                self.barcodes[compact(barcode)].append((index, position, handle, sku))

    def problems(self) -> dict[int, list[ProblemData]]:
        """Product index to its duplicate problems."""
        found: dict[int, list[ProblemData]] = defaultdict(list)
        for code, table, attribute in (
            ("handle.duplicate", self.handles, None),
            ("sku.duplicate", self.skus, "sku"),
            ("barcode.duplicate", self.barcodes, "barcode"),
        ):
            for value, uses in table.items():
                if len(uses) < 2:
                    continue
                for use in uses:
                    others = [_label(u) for u in uses if u is not use]
                    text = ", ".join(others[:_SHOWN])
                    if len(others) > _SHOWN:
                        text += f" and {len(others) - _SHOWN} more"
                    where = "handle" if attribute is None else f"variants[{use[1]}].{attribute}"
                    found[use[0]].append(make_problem(code, where, value=value, others=text))
        return found
