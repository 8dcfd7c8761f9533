"""Customers and two years of orders with weekly and yearly seasonality, promotions, slow movers,
cancellations, shipments with tracking numbers and returns.

Everything here is planned as plain row dictionaries (the seed inserts them in bulk); order
children are keyed by order number until the orders have database ids.

Demand model, per day d: expected orders = base × weekday factor × trend × sitewide promotion
uplift; each order line picks a variant with probability ∝ product popularity × the department's
month factor × the variant's share × any flash promotion on that product. About 15% of products
are slow movers (popularity × 0.04), which gives intermittent daily series.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from shopweave.demo.catalog import CURRENCY, PlannedProduct
from shopweave.demo.policies import RETURN_POLICY, shipping_price
from shopweave.demo.vocabulary import CITIES, FIRST_NAMES, LAST_NAMES, RETURN_REASONS, STREETS

__all__ = ["OrderPlan", "Promotion", "plan_customers", "plan_orders", "promotions_between"]

DAYS = 730
_WEEKDAY = (0.92, 0.9, 0.94, 0.98, 1.08, 1.2, 1.1)  # Monday first
_HOURS = np.array([1, 1, 1, 1, 1, 2, 3, 5, 6, 7, 8, 9, 10, 9, 8, 8, 8, 9, 10, 11, 11, 9, 6, 3], dtype=float)
_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


class Promotion(BaseModel):
    """A price promotion: sitewide (no handle) or on one product."""

    name: str = Field(description="Promotion name.", examples=["Black Friday"])
    starts_on: date = Field(description="First day.", examples=["2025-11-28"])
    ends_on: date = Field(description="Last day.", examples=["2025-12-01"])
    discount_percent: int = Field(description="Price reduction.", examples=[25])
    uplift: float = Field(description="Demand multiplier while it runs.", examples=[2.2])
    handle: str | None = Field(
        default=None, description="Product it applies to; null = sitewide.", examples=[None]
    )


@dataclass
class OrderPlan:
    """Rows for orders and their children, plus per-SKU figures the stock plan needs."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    lines: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fulfillments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    returns: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reserved: dict[str, int] = field(default_factory=dict)
    sold_last_90_days: dict[str, int] = field(default_factory=dict)
    promotions: list[Promotion] = field(default_factory=list)


def _tracking(carrier: str, rnd: random.Random) -> str:
    digits = f"{rnd.randrange(10**16):016d}"
    if carrier == "UPS":
        return "1Z" + "".join(rnd.choices(_ALNUM, k=6)) + "03" + digits[:8]
    if carrier == "Royal Mail":
        return "".join(rnd.choices(_ALNUM[:24], k=2)) + digits[:9] + "GB"
    if carrier == "DHL":
        return digits[:10]
    return digits


def plan_customers(n_customers: int, seed: int) -> list[dict[str, Any]]:
    """Customer rows with a default address each; emails are unique and under example.com."""
    rng = np.random.default_rng(seed + 1)
    countries = list(CITIES)
    shares = np.array([CITIES[c][0] for c in countries])
    rows = []
    for i in range(n_customers):
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        country = countries[int(rng.choice(len(countries), p=shares / shares.sum()))]
        places = CITIES[country][1]
        region, city, postal = places[int(rng.integers(len(places)))]
        rows.append(
            {
                "email": f"{first.lower()}.{last.lower()}.{i + 1}@example.com",
                "first_name": first,
                "last_name": last,
                "phone": f"+1 555 01{i % 100:02d}",
                "accepts_marketing": bool(rng.random() < 0.55),
                "default_address": {
                    "name": f"{first} {last}",
                    "line1": f"{int(rng.integers(1, 240))} {STREETS[int(rng.integers(len(STREETS)))]}",
                    "line2": None,
                    "city": city,
                    "region": region,
                    "postal_code": postal,
                    "country": country,
                    "phone": None,
                },
                "tags": ["vip"] if rng.random() < 0.05 else [],
            }
        )
    return rows


def _black_friday(year: int) -> date:
    november = date(year, 11, 1)
    first_thursday = november + timedelta(days=(3 - november.weekday()) % 7)
    return first_thursday + timedelta(days=22)


def promotions_between(start: date, end: date, products: list[PlannedProduct], seed: int) -> list[Promotion]:
    """Sitewide sales every year plus a flash sale on a few products each quarter."""
    rng = np.random.default_rng(seed + 2)
    promos: list[Promotion] = []
    for year in range(start.year, end.year + 1):
        friday = _black_friday(year)
        promos += [
            Promotion(name="Spring Sale", starts_on=date(year, 3, 15), ends_on=date(year, 3, 21),
                      discount_percent=15, uplift=1.35),
            Promotion(name="Summer Sale", starts_on=date(year, 7, 10), ends_on=date(year, 7, 16),
                      discount_percent=20, uplift=1.3),
            Promotion(name="Black Friday", starts_on=friday, ends_on=friday + timedelta(days=3),
                      discount_percent=25, uplift=2.2),
        ]  # fmt: skip
    day = start
    while day <= end and products:
        for _ in range(2):
            chosen = products[int(rng.integers(len(products)))]
            starts = day + timedelta(days=int(rng.integers(0, 80)))
            promos.append(
                Promotion(name="Flash Sale", starts_on=starts, ends_on=starts + timedelta(days=6),
                          discount_percent=30, uplift=3.0, handle=chosen.product.handle)
            )  # fmt: skip
        day += timedelta(days=91)
    return sorted(
        (p for p in promos if p.ends_on >= start and p.starts_on <= end),
        key=lambda p: (p.starts_on, p.name, p.handle or ""),
    )


def plan_orders(
    products: list[PlannedProduct], customers: list[dict[str, Any]], *, end: date, seed: int
) -> OrderPlan:
    """Two years of daily orders ending on `end` (inclusive)."""
    rng = np.random.default_rng(seed + 3)
    rnd = random.Random(seed + 3)
    start = end - timedelta(days=DAYS - 1)
    plan = OrderPlan(promotions=promotions_between(start, end, products, seed))
    end_of_day = datetime.combine(end, datetime.max.time(), tzinfo=UTC)

    variants = [(p, i, v) for p in products for i, v in enumerate(p.product.variants)]
    if not variants or not customers:
        return plan
    base_weight = np.array([p.popularity * p.variant_weights[i] for p, i, _v in variants])
    month_factor = np.array([[p.department.season[m] for p, _i, _v in variants] for m in range(12)])
    handle_index: dict[str, list[int]] = {}
    for k, (p, _i, _v) in enumerate(variants):
        handle_index.setdefault(p.product.handle, []).append(k)
    customer_weight = 1.0 / (np.arange(len(customers)) + 5.0) ** 0.9
    customer_order = rng.permutation(len(customers))
    customer_p = customer_weight / customer_weight.sum()
    hour_p = _HOURS / _HOURS.sum()
    base_orders = max(1.0, len(products) * 0.11)

    number = 1000
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        trend = 0.85 + 0.3 * offset / DAYS
        sitewide = [p for p in plan.promotions if p.handle is None and p.starts_on <= day <= p.ends_on]
        flash = [p for p in plan.promotions if p.handle is not None and p.starts_on <= day <= p.ends_on]
        uplift = max((p.uplift for p in sitewide), default=1.0)
        expected = (
            base_orders
            * _WEEKDAY[day.weekday()]
            * trend
            * uplift
            * float(np.mean(month_factor[day.month - 1]))
        )
        weights = base_weight * month_factor[day.month - 1]
        discount: dict[int, int] = {}
        for promo in flash:
            for k in handle_index.get(promo.handle or "", []):
                weights[k] *= promo.uplift
                discount[k] = promo.discount_percent
        sitewide_discount = max((p.discount_percent for p in sitewide), default=0)
        probabilities = weights / weights.sum()
        n_orders = int(rng.poisson(expected))
        if n_orders == 0:
            continue
        seconds = np.sort(rng.choice(24, size=n_orders, p=hour_p) * 3600 + rng.integers(0, 3600, n_orders))
        line_counts = 1 + np.minimum(rng.poisson(0.45, n_orders), 3)
        picks = rng.choice(len(variants), size=int(line_counts.sum()), p=probabilities)
        quantities = rng.choice([1, 2, 3], size=len(picks), p=[0.82, 0.13, 0.05])
        buyers = customer_order[rng.choice(len(customers), size=n_orders, p=customer_p)]
        cursor = 0
        for j in range(n_orders):
            number += 1
            order_number = f"#{number}"
            created = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
                seconds=int(seconds[j])
            )
            customer = customers[int(buyers[j])]
            lines: list[dict[str, Any]] = []
            seen: set[int] = set()
            for k in picks[cursor : cursor + int(line_counts[j])].tolist():
                if k in seen:
                    continue
                seen.add(k)
                product, _i, variant = variants[k]
                off = max(discount.get(k, 0), sitewide_discount)
                unit = (variant.price.amount * (100 - off) / 100).quantize(Decimal("0.01"))
                qty = int(quantities[cursor + len(lines)]) if cursor + len(lines) < len(quantities) else 1
                label = " / ".join(variant.options.values())
                lines.append(
                    {
                        "line_no": len(lines) + 1,
                        "sku": variant.sku,
                        "title": f"{product.product.title} - {label}" if label else product.product.title,
                        "quantity": qty,
                        "unit_price": unit,
                        "_department": product.department,
                        "_category": product.product.category or "",
                    }
                )
            cursor += int(line_counts[j])
            address = customer["default_address"]
            subtotal = sum((line["unit_price"] * line["quantity"] for line in lines), Decimal(0))
            total = subtotal + shipping_price(address["country"], subtotal)
            order = {
                "number": order_number,
                "email": customer["email"],
                "created_at": created,
                "currency": CURRENCY,
                "total": total,
                "financial_status": "paid",
                "fulfillment_status": "unfulfilled",
                "cancelled_at": None,
                "shipping_address": address,
            }
            _settle(order, lines, plan, rnd, end_of_day)
            for line in lines:
                line.pop("_department")
                line.pop("_category")
            plan.orders.append(order)
            plan.lines[order_number] = lines
            if created >= end_of_day - timedelta(days=90) and order["cancelled_at"] is None:
                for line in lines:
                    plan.sold_last_90_days[line["sku"]] = (
                        plan.sold_last_90_days.get(line["sku"], 0) + line["quantity"]
                    )
    return plan


def _settle(
    order: dict[str, Any], lines: list[dict[str, Any]], plan: OrderPlan, rnd: random.Random, now: datetime
) -> None:
    """Cancel, ship, deliver and return an order as far as its age allows."""
    created: datetime = order["created_at"]
    number = order["number"]
    if rnd.random() < 0.025:
        order["cancelled_at"] = created + timedelta(hours=rnd.randrange(1, 20))
        order["financial_status"] = "voided"
        return
    country = order["shipping_address"]["country"]
    carrier = CITIES[country][2]
    shipped = created + timedelta(hours=rnd.randrange(18, 52))
    transit = rnd.randrange(2, 6) if country == "US" else rnd.randrange(4, 11)
    delivered = shipped + timedelta(days=transit, hours=rnd.randrange(0, 10))
    if shipped > now:
        for line in lines:
            plan.reserved[line["sku"]] = plan.reserved.get(line["sku"], 0) + line["quantity"]
        return
    is_delivered = delivered <= now
    order["fulfillment_status"] = "delivered" if is_delivered else "fulfilled"
    plan.fulfillments[number] = [
        {
            "status": order["fulfillment_status"],
            "carrier": carrier,
            "tracking_number": _tracking(carrier, rnd),
            "shipped_at": shipped,
            "delivered_at": delivered if is_delivered else None,
        }
    ]
    if not is_delivered:
        return
    returns = []
    refunded_units = 0
    for line in lines:
        final_sale = any(line["_category"].startswith(c) for c in RETURN_POLICY.final_sale_categories)
        if final_sale or rnd.random() >= line["_department"].return_rate:
            continue
        requested = delivered + timedelta(days=rnd.randrange(1, 26), hours=rnd.randrange(0, 12))
        if requested > now:
            continue
        age = (now - requested).days
        if age < 3:
            status = "requested"
        elif age < 8:
            status = "received"
        else:
            status = "refunded" if rnd.random() < 0.9 else "rejected"
        if status == "refunded":
            refunded_units += line["quantity"]
        returns.append(
            {
                "sku": line["sku"],
                "quantity": line["quantity"],
                "reason": rnd.choice(RETURN_REASONS),
                "status": status,
                "requested_at": requested,
            }
        )
    if returns:
        plan.returns[number] = returns
        if refunded_units:
            all_units = sum(line["quantity"] for line in lines)
            order["financial_status"] = "refunded" if refunded_units == all_units else "partially_refunded"
