"""The sample store's return and shipping policies, as data (`policies` rows)."""

from __future__ import annotations

from decimal import Decimal

from shopweave.catalog.schemas import ReturnPolicy, ShippingPolicy, ShippingRate

__all__ = ["RETURN_POLICY", "SHIPPING_POLICY", "shipping_price"]

RETURN_POLICY = ReturnPolicy(
    window_days=30,
    final_sale_categories=["Health & Beauty > Personal Care > Cosmetics"],
    condition="unused, in the original packaging, with tags attached",
    restocking_fee_percent=Decimal(0),
    refund_days=7,
    cancellation_allowed_until="unfulfilled",
)

SHIPPING_POLICY = ShippingPolicy(
    handling_days=1,
    rates=[
        ShippingRate(name="Standard", countries=["US"], price=Decimal("4.99"), min_days=3, max_days=5,
                     free_over=Decimal("50.00")),
        ShippingRate(name="Express", countries=["US"], price=Decimal("14.99"), min_days=1, max_days=2),
        ShippingRate(name="International Standard", countries=["CA", "GB", "DE", "FR"], price=Decimal("9.99"),
                     min_days=5, max_days=10, free_over=Decimal("100.00")),
        ShippingRate(name="Worldwide", countries=["*"], price=Decimal("19.99"), min_days=7, max_days=15),
    ],
)  # fmt: skip


def shipping_price(country: str, subtotal: Decimal) -> Decimal:
    """What the cheapest matching rate charges for an order of `subtotal` to `country`."""
    for rate in SHIPPING_POLICY.rates:
        if country in rate.countries or "*" in rate.countries:
            if rate.free_over is not None and subtotal >= rate.free_over:
                return Decimal("0.00")
            return rate.price
    return Decimal("0.00")
