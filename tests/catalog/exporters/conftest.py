"""Products the exporter tests share."""

from decimal import Decimal

import pytest

from shopweave.catalog.schemas import (
    Image,
    InventoryPolicy,
    Money,
    Product,
    ProductStatus,
    Variant,
    WeightUnit,
)


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


@pytest.fixture
def shirt() -> Product:
    """Two colours × one size, three images, one of them a variant's own."""
    return Product(
        handle="organic-tee",
        title="Organic Tee",
        description_html="<p>Soft &amp; organic.</p>",
        vendor="Acme",
        product_type="Shirts",
        category="Apparel & Accessories > Clothing > Shirts & Tops",
        tags=["cotton", "summer"],
        option_names=["Color", "Size"],
        attributes={"gender": "unisex", "age_group": "adult", "condition": "new", "mpn": "ACME-1"},
        variants=[
            Variant(
                sku="TEE-GRN-S", options={"Color": "Green", "Size": "S"}, price=usd("25.00"),
                compare_at_price=usd("30.00"), cost=usd("9.50"), barcode="4006381333931",
                weight=Decimal("0.145"), weight_unit=WeightUnit.KG, inventory_quantity=4,
            ),
            Variant(
                sku="TEE-BLU-S", options={"Color": "Blue", "Size": "S"}, price=usd("25.00"),
                barcode="4.00638E+12", weight=Decimal("5"), weight_unit=WeightUnit.OZ,
                inventory_quantity=-2, inventory_policy=InventoryPolicy.CONTINUE, position=2,
            ),
        ],
        images=[
            Image(src="https://cdn.example.com/tee.jpg", position=1, alt_text="Tee"),
            Image(src="https://cdn.example.com/tee-blue.jpg", position=2, variant_sku="TEE-BLU-S"),
            Image(src="https://cdn.example.com/tee-back.jpg", position=3),
        ],
        status=ProductStatus.ACTIVE,
    )  # fmt: skip


@pytest.fixture
def hostile() -> Product:
    """A single-variant product whose text would run as formulas in a spreadsheet."""
    return Product(
        handle="=cmd",
        title='=HYPERLINK("http://evil.example","click")',
        description_html="@SUM(1+1)",
        vendor="+Vendor",
        tags=["-tag"],
        status=ProductStatus.DRAFT,
        variants=[Variant(sku="-SKU", price=usd("5.00"), inventory_quantity=-3)],
    )
