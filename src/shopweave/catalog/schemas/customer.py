"""Customer and Address."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Address(BaseModel):
    """A postal address."""

    model_config = ConfigDict(from_attributes=True)

    name: str | None = Field(default=None, description="Recipient name.", examples=["Ada Lovelace"])
    line1: str = Field(description="Street and number.", examples=["12 Baker Street"])
    line2: str | None = Field(default=None, description="Flat, suite, floor.", examples=["Flat 3"])
    city: str = Field(description="City or town.", examples=["London"])
    region: str | None = Field(
        default=None, description="State, county or province.", examples=["Greater London"]
    )
    postal_code: str | None = Field(default=None, description="Postal or ZIP code.", examples=["NW1 6XE"])
    country: str = Field(description="ISO 3166-1 alpha-2 country code.", examples=["GB"])
    phone: str | None = Field(default=None, description="Phone number.", examples=["+44 20 7946 0000"])


class Customer(BaseModel):
    """A shopper known to the store."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[5])
    email: str = Field(description="Email address; the customer's key.", examples=["ada@example.com"])
    first_name: str | None = Field(default=None, description="Given name.", examples=["Ada"])
    last_name: str | None = Field(default=None, description="Family name.", examples=["Lovelace"])
    phone: str | None = Field(default=None, description="Phone number.", examples=["+44 20 7946 0000"])
    accepts_marketing: bool = Field(
        default=False, description="Consent to marketing messages.", examples=[True]
    )
    default_address: Address | None = Field(
        default=None, description="Default shipping address.", examples=[None]
    )
    tags: list[str] = Field(default_factory=list, description="Free-form tags.", examples=[["vip"]])
