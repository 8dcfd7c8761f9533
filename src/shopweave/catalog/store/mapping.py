"""Conversions between the pydantic schemas and the table rows of the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store.tables import ProductRow


def variant_key(variant: Variant) -> str:
    """The import key of a variant within its product: its SKU, else its option values."""
    if variant.sku:
        return f"sku:{variant.sku}"
    if variant.options:
        return "opt:" + "/".join(f"{k}={v}" for k, v in variant.options.items())
    return f"pos:{variant.position}"


def _amount(money: Money | None) -> Decimal | None:
    return None if money is None else money.amount


def product_fields(product: Product) -> dict[str, Any]:
    """Column values of the product row itself."""
    return {
        "handle": product.handle,
        "title": product.title,
        "description_html": product.description_html,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "category": product.category,
        "tags": list(product.tags),
        "status": product.status.value,
        "option_names": list(product.option_names),
        "attributes": dict(product.attributes),
        "source": product.source,
    }


def variant_fields(variant: Variant) -> dict[str, Any]:
    """Column values of a variant row (without the product id)."""
    return {
        "key": variant_key(variant),
        "sku": variant.sku,
        "options": dict(variant.options),
        "price": variant.price.amount,
        "compare_at_price": _amount(variant.compare_at_price),
        "cost": _amount(variant.cost),
        "currency": variant.price.currency,
        "barcode": variant.barcode,
        "weight": variant.weight,
        "weight_unit": None if variant.weight_unit is None else variant.weight_unit.value,
        "inventory_policy": variant.inventory_policy.value,
        "inventory_quantity": variant.inventory_quantity,
        "position": variant.position,
    }


def image_fields(image: Image) -> dict[str, Any]:
    """Column values of an image row (without the product id)."""
    return {
        "src": image.src,
        "position": image.position,
        "alt_text": image.alt_text,
        "width": image.width,
        "height": image.height,
        "content_hash": image.content_hash,
        "variant_sku": image.variant_sku,
    }


def _money(amount: Decimal | None, currency: str) -> Money | None:
    # Stored at 4 decimal places; normalise so 25.0000 reads back as 25.00.
    return None if amount is None else Money(amount=amount.quantize(Decimal("0.01")), currency=currency)


def product_from_row(row: ProductRow) -> Product:
    """The schema view of a stored product with its variants and images."""
    return product_from_parts(row, row.variants, row.images)


def product_from_parts(row: Any, variant_rows: Iterable[Any], image_rows: Iterable[Any]) -> Product:
    """The schema view of a product from its row, variant rows and image rows.

    Rows may be ORM objects or plain result rows: only attribute access by column name is used.
    """
    variants = [
        Variant(
            id=v.id,
            sku=v.sku,
            options=v.options,
            price=Money(amount=v.price.quantize(Decimal("0.01")), currency=v.currency),
            compare_at_price=_money(v.compare_at_price, v.currency),
            cost=_money(v.cost, v.currency),
            barcode=v.barcode,
            weight=None if v.weight is None else v.weight.normalize(),
            weight_unit=v.weight_unit,
            inventory_policy=v.inventory_policy,
            inventory_quantity=v.inventory_quantity,
            position=v.position,
        )
        for v in variant_rows
    ]
    images = [
        Image(
            id=i.id,
            src=i.src,
            position=i.position,
            alt_text=i.alt_text,
            width=i.width,
            height=i.height,
            content_hash=i.content_hash,
            variant_sku=i.variant_sku,
        )
        for i in image_rows
    ]
    return Product(
        id=row.id,
        handle=row.handle,
        title=row.title,
        description_html=row.description_html,
        vendor=row.vendor,
        product_type=row.product_type,
        category=row.category,
        tags=row.tags,
        status=row.status,
        option_names=row.option_names,
        attributes=row.attributes,
        source=row.source,
        variants=variants,
        images=images,
    )
