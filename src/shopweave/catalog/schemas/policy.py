"""Store policies as data, so the support and demand subsystems can reason over them."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class ShippingRate(BaseModel):
    """One shipping option to a set of countries."""

    name: str = Field(description="Option name shown to shoppers.", examples=["Standard"])
    countries: list[str] = Field(
        description="ISO 3166-1 alpha-2 codes; `*` is everywhere else.", examples=[["US"]]
    )
    price: Decimal = Field(ge=0, description="Price in the store currency.", examples=["4.99"])
    min_days: int = Field(ge=0, description="Fastest delivery, business days.", examples=[3])
    max_days: int = Field(ge=0, description="Slowest delivery, business days.", examples=[5])
    free_over: Decimal | None = Field(
        default=None, description="Free above this order total.", examples=["50.00"]
    )


class ReturnPolicy(BaseModel):
    """When and how items may be returned."""

    model_config = ConfigDict(from_attributes=True)

    window_days: int = Field(
        ge=0, description="Days after delivery a return may be requested.", examples=[30]
    )
    final_sale_categories: list[str] = Field(
        default_factory=list,
        description="Category prefixes that cannot be returned.",
        examples=[["Cosmetics"]],
    )
    condition: str = Field(description="Required state of returned items.", examples=["unworn, with tags"])
    restocking_fee_percent: Decimal = Field(
        default=Decimal(0), ge=0, description="Fee kept on refunds.", examples=["0"]
    )
    refund_days: int = Field(
        default=7, ge=0, description="Days to refund after the item is received.", examples=[7]
    )
    cancellation_allowed_until: str = Field(
        default="unfulfilled",
        description="Latest fulfillment state at which an order can still be cancelled.",
        examples=["unfulfilled"],
    )


class ShippingPolicy(BaseModel):
    """Shipping options by destination."""

    model_config = ConfigDict(from_attributes=True)

    handling_days: int = Field(default=1, ge=0, description="Days to pack before shipping.", examples=[1])
    rates: list[ShippingRate] = Field(
        default_factory=list, description="Options per destination.", examples=[[]]
    )


class Policy(BaseModel):
    """A named store policy document."""

    model_config = ConfigDict(from_attributes=True)

    kind: str = Field(description="`returns` or `shipping`.", examples=["returns"])
    body: ReturnPolicy | ShippingPolicy = Field(
        description="The policy itself.", examples=[{"window_days": 30, "condition": "unworn"}]
    )
