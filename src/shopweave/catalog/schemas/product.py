"""Product, Variant, Image and Category: the catalog's core records."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shopweave.catalog.schemas.money import Money


class WeightUnit(StrEnum):
    """Units a variant's weight can be given in."""

    G = "g"
    KG = "kg"
    LB = "lb"
    OZ = "oz"


class InventoryPolicy(StrEnum):
    """What happens when a variant is out of stock."""

    DENY = "deny"
    CONTINUE = "continue"


class ProductStatus(StrEnum):
    """Whether a product is visible to shoppers."""

    ACTIVE = "active"
    DRAFT = "draft"
    ARCHIVED = "archived"


class Category(BaseModel):
    """A node of the store's category tree (a path like `Apparel > Tops > T-Shirts`)."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[3])
    path: str = Field(
        description="Full path with ` > ` between levels.",
        examples=["Apparel & Accessories > Clothing > Shirts & Tops"],
    )
    name: str = Field(description="The last level of the path.", examples=["Shirts & Tops"])


class Image(BaseModel):
    """A product photo: where it came from and what is known about it."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[12])
    src: str = Field(
        description="Where the image came from: a URL or a local path.",
        examples=["https://cdn.example.com/tshirt-green.jpg"],
    )
    position: int = Field(default=1, ge=1, description="1 is the main image.", examples=[1])
    alt_text: str | None = Field(
        default=None, description="Alternative text for accessibility.", examples=["Green T-shirt"]
    )
    width: int | None = Field(default=None, ge=1, description="Width in pixels.", examples=[2048])
    height: int | None = Field(default=None, ge=1, description="Height in pixels.", examples=[2048])
    content_hash: str | None = Field(
        default=None,
        description="SHA-256 of the image bytes when stored locally (its key in the image store).",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    variant_sku: str | None = Field(
        default=None, description="SKU of the variant this image shows, if any.", examples=["TS-GRN-S"]
    )


class Variant(BaseModel):
    """A purchasable version of a product (one size/colour combination)."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[7])
    sku: str | None = Field(default=None, description="Stock keeping unit.", examples=["TS-GRN-S"])
    options: dict[str, str] = Field(
        default_factory=dict,
        description="Option name to value, in the product's option order.",
        examples=[{"Color": "Green", "Size": "S"}],
    )
    price: Money = Field(description="Selling price.", examples=[{"amount": "25.00", "currency": "USD"}])
    compare_at_price: Money | None = Field(
        default=None,
        description="Former price shown struck through; should be above `price`.",
        examples=[{"amount": "30.00", "currency": "USD"}],
    )
    cost: Money | None = Field(
        default=None,
        description="Unit cost from the supplier.",
        examples=[{"amount": "9.50", "currency": "USD"}],
    )
    barcode: str | None = Field(
        default=None, description="GTIN/EAN/UPC/ISBN as digits.", examples=["4006381333931"]
    )
    weight: Decimal | None = Field(default=None, ge=0, description="Shipping weight.", examples=["0.145"])
    weight_unit: WeightUnit | None = Field(default=None, description="Unit of `weight`.", examples=["kg"])
    inventory_policy: InventoryPolicy = Field(
        default=InventoryPolicy.DENY,
        description="`deny` stops sales at zero stock; `continue` allows backorders.",
        examples=["deny"],
    )
    inventory_quantity: int | None = Field(
        default=None, description="Total on hand over all locations, when known.", examples=[12]
    )
    position: int = Field(default=1, ge=1, description="Order among the product's variants.", examples=[1])


class Product(BaseModel):
    """A product with its variants and images."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = Field(default=None, description="Database id.", examples=[1])
    handle: str = Field(
        description="Stable, URL-safe identifier; the import key.", examples=["example-t-shirt"]
    )
    title: str = Field(description="Product title shown to shoppers.", examples=["Example T-Shirt"])
    description_html: str | None = Field(
        default=None, description="Description as HTML.", examples=["<p>Soft cotton tee.</p>"]
    )
    vendor: str | None = Field(default=None, description="Brand or maker.", examples=["Acme"])
    product_type: str | None = Field(default=None, description="Free-form type.", examples=["Shirts"])
    category: str | None = Field(
        default=None,
        description="Category path (Google product taxonomy where known).",
        examples=["Apparel & Accessories > Clothing > Shirts & Tops"],
    )
    tags: list[str] = Field(
        default_factory=list, description="Free-form tags.", examples=[["cotton", "summer"]]
    )
    status: ProductStatus = Field(
        default=ProductStatus.ACTIVE, description="Visibility.", examples=["active"]
    )
    option_names: list[str] = Field(
        default_factory=list,
        description="Names of the options variants differ by.",
        examples=[["Color", "Size"]],
    )
    attributes: dict[str, str] = Field(
        default_factory=dict,
        description="Channel attributes (gender, age_group, condition, mpn, material, …).",
        examples=[{"gender": "male", "age_group": "adult", "condition": "new"}],
    )
    source: str | None = Field(
        default=None, description="Import format it came from.", examples=["shopify-csv"]
    )
    variants: list[Variant] = Field(default_factory=list, description="The variants.", examples=[[]])
    images: list[Image] = Field(default_factory=list, description="The images.", examples=[[]])
