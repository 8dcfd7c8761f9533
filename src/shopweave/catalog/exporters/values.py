"""Value formatting shared by the exporters: money, weights, links and the images to publish."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from shopweave.catalog.schemas import Image, Money, Product, Variant, WeightUnit

_CENT = Decimal("0.01")
GRAMS_PER = {
    WeightUnit.G: Decimal(1),
    WeightUnit.KG: Decimal(1000),
    WeightUnit.LB: Decimal("453.59237"),
    WeightUnit.OZ: Decimal("28.349523125"),
}


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits (never scientific notation), without trailing zeros."""
    return format(value.normalize(), "f")


def amount_text(money: Money) -> str:
    """The amount with exactly two decimals: `25.00`."""
    return str(money.amount.quantize(_CENT))


def grams(variant: Variant) -> Decimal | None:
    """The variant's weight in grams, exactly (so importers can recover the unit), or None."""
    if variant.weight is None:
        return None
    unit = variant.weight_unit or WeightUnit.KG
    return variant.weight * GRAMS_PER[unit]


def product_link(store_url: str, product: Product, variant: Variant | None = None) -> str:
    """`<store_url>/products/<handle>`, with `?variant=<sku>` to preselect a variant."""
    link = f"{store_url.rstrip('/')}/products/{quote(product.handle, safe='')}"
    if variant is not None and variant.sku:
        link += f"?variant={quote(variant.sku, safe='')}"
    return link


def public_image_url(image: Image) -> str | None:
    """The image's public URL (an http(s) source), or None for local files and relative paths,
    which a feed cannot point to."""
    src = image.src.strip()
    if src.startswith(("http://", "https://")):
        return src
    if src.startswith("//"):
        return "https:" + src
    return None


def images_for(product: Product, variant: Variant | None) -> list[Image]:
    """The product's images by position, the variant's own image first."""
    ordered = sorted(product.images, key=lambda i: i.position)
    if variant is not None and variant.sku:
        own = [i for i in ordered if i.variant_sku == variant.sku]
        if own:
            return own[:1] + [i for i in ordered if i is not own[0]]
    return ordered
