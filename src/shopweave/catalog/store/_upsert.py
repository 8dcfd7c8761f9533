"""Comparison helpers shared by the idempotent upserts: write only what changed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def same(a: Any, b: Any) -> bool:
    """Equal, comparing Decimals by value (25 == 25.0000)."""
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.compare(b) == 0
    return bool(a == b)


def assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the attributes of `row` that differ from `values`; whether anything changed."""
    changed = False
    for name, value in values.items():
        if not same(getattr(row, name), value):
            setattr(row, name, value)
            changed = True
    return changed
