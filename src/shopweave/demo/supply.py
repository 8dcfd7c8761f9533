"""Suppliers, what each sells (cost, lead time, MOQ, case pack), stock per location and
purchase orders (received ones in the past, open ones on the way).

Stock is derived from the order history so the numbers tell a story: most SKUs have a few weeks
of cover, some are out of stock, slow movers sit on a handful of units, and units promised to
unshipped orders are reserved.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from shopweave.demo.catalog import CURRENCY, PlannedProduct
from shopweave.demo.orders import OrderPlan

__all__ = ["SUPPLIERS", "StockPlan", "plan_stock"]

# code, name, contact, lead time (days), MOQ, departments (kinds: "home:candle" narrows by shape)
SUPPLIERS: tuple[tuple[str, str, str, int, int, tuple[str, ...]], ...] = (
    ("LTW", "Lisbon Textile Works", "Inês Carvalho", 35, 50, ("apparel",)),
    ("HLG", "Harbour Leather Goods", "Tom Reyes", 28, 20, ("accessories",)),
    ("MCS", "Marigold Casting Studio", "Priya Raman", 21, 10, ("jewelry",)),
    ("KCC", "Kiln Ceramics Co-op", "Hanna Berg", 42, 24, ("home:mug", "home:vase")),
    ("FCH", "Fernhill Chandlery", "Owen Price", 14, 24, ("home:candle",)),
    ("CBB", "Coastal Beverage Bottlers", "Maria Santos", 10, 96, ("beverages",)),
    ("VLM", "Voltline Manufacturing", "Li Wei", 56, 100, ("electronics",)),
    ("PCL", "Provence Cosmetics Lab", "Camille Roux", 30, 48, ("cosmetics",)),
    ("MWH", "Meridian Wholesale", "Sam Okoye", 7, 6, ()),
)
_CASE_PACK = {"apparel": 10, "accessories": 5, "jewelry": 1, "home": 6, "beverages": 24, "electronics": 20,
              "cosmetics": 12}  # fmt: skip
WAREHOUSE = "main-warehouse"
STORE = "retail-store"


@dataclass
class StockPlan:
    """Rows for suppliers, supplier items, inventory levels and purchase orders."""

    suppliers: list[dict[str, Any]] = field(default_factory=list)
    supplier_items: list[dict[str, Any]] = field(default_factory=list)  # with "supplier_code"
    inventory: list[dict[str, Any]] = field(default_factory=list)
    purchase_orders: list[dict[str, Any]] = field(default_factory=list)  # with "supplier_code"
    purchase_order_lines: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    on_hand: dict[str, int] = field(default_factory=dict)


def _supplier_for(product: PlannedProduct) -> str:
    for code, *_rest, departments in SUPPLIERS:
        for entry in departments:
            department, _, shape = entry.partition(":")
            if department == product.department.key and (not shape or shape == product.kind.shape):
                return code
    return "MWH"


def _round_up(quantity: int, case_pack: int, moq: int) -> int:
    return max(moq, math.ceil(quantity / case_pack) * case_pack)


def plan_stock(products: list[PlannedProduct], orders: OrderPlan, *, end: date, seed: int) -> StockPlan:
    """Suppliers, supplier items, stock per location and purchase orders as of `end`."""
    rnd = random.Random(seed + 4)
    plan = StockPlan()
    counted = datetime.combine(end, time(18, 0), tzinfo=UTC)
    for code, name, contact, lead, moq, _departments in SUPPLIERS:
        slug = name.lower().replace(" ", "")
        plan.suppliers.append(
            {"code": code, "name": name, "email": f"orders@{slug}.example", "contact_name": contact,
             "lead_time_days": lead, "min_order_quantity": moq, "currency": CURRENCY}
        )  # fmt: skip
    leads = {code: lead for code, _n, _c, lead, _m, _d in SUPPLIERS}
    by_supplier: dict[str, list[tuple[str, Decimal, int, int, float]]] = {}
    for product in products:
        code = _supplier_for(product)
        case_pack = _CASE_PACK[product.department.key]
        for variant in product.product.variants:
            sku = str(variant.sku)
            cost = variant.cost.amount if variant.cost else variant.price.amount / 2
            item_lead: int | None = leads[code] + rnd.choice((-7, 0, 7)) if rnd.random() < 0.2 else None
            moq = _round_up(max(case_pack, 12), case_pack, case_pack)
            plan.supplier_items.append(
                {"supplier_code": code, "sku": sku, "unit_cost": cost, "lead_time_days": item_lead,
                 "min_order_quantity": moq, "case_pack": case_pack, "preferred": True}
            )  # fmt: skip
            if rnd.random() < 0.2:
                plan.supplier_items.append(
                    {"supplier_code": "MWH", "sku": sku, "unit_cost": (cost * Decimal("1.15")).quantize(Decimal("0.01")),
                     "lead_time_days": None, "min_order_quantity": 6, "case_pack": 1, "preferred": False}
                )  # fmt: skip
            daily = orders.sold_last_90_days.get(sku, 0) / 90
            reserved = orders.reserved.get(sku, 0)
            roll = rnd.random()
            if roll < 0.05:
                on_hand = 0
            elif product.slow_mover:
                on_hand = rnd.randrange(0, 9)
            else:
                on_hand = round(daily * rnd.uniform(5, 80)) + rnd.randrange(0, 4)
            on_hand = max(on_hand, reserved)
            plan.inventory.append({"sku": sku, "location": WAREHOUSE, "on_hand": on_hand, "reserved": reserved,
                                   "in_transit": 0, "updated_at": counted})  # fmt: skip
            total = on_hand
            if rnd.random() < 0.25:
                shelf = rnd.randrange(0, 7)
                transit = rnd.randrange(2, 7) if rnd.random() < 0.3 else 0
                plan.inventory.append({"sku": sku, "location": STORE, "on_hand": shelf, "reserved": 0,
                                       "in_transit": transit, "updated_at": counted})  # fmt: skip
                total += shelf
            plan.on_hand[sku] = total
            cover = on_hand / daily if daily else math.inf
            by_supplier.setdefault(code, []).append((sku, cost, case_pack, moq, cover))

    po_number = 0
    for code, _name, _contact, lead, _moq, _departments in SUPPLIERS:
        items = sorted(by_supplier.get(code, []), key=lambda item: (item[4], item[0]))
        if not items:
            continue
        for ordered_days_ago, status in ((150, "received"), (75, "received"), (max(2, lead // 2), "sent")):
            po_number += 1
            ordered = end - timedelta(days=ordered_days_ago)
            number = f"PO-{ordered.year}-{po_number:04d}"
            plan.purchase_orders.append(
                {"number": number, "supplier_code": code, "status": status, "currency": CURRENCY,
                 "ordered_on": ordered, "expected_on": ordered + timedelta(days=lead),
                 "created_at": datetime.combine(ordered, time(9, 0), tzinfo=UTC)}
            )  # fmt: skip
            chosen = (
                items[: rnd.randrange(3, 8)] if status == "sent" else rnd.sample(items, min(len(items), 6))
            )
            lines = []
            for sku, cost, case_pack, moq, _cover in chosen:
                daily = orders.sold_last_90_days.get(sku, 0) / 90
                quantity = _round_up(round(daily * 45) + 1, case_pack, moq)
                lines.append({"sku": sku, "quantity": quantity,
                              "received_quantity": quantity if status == "received" else 0, "unit_cost": cost})  # fmt: skip
            plan.purchase_order_lines[number] = lines
    return plan
