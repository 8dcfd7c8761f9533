"""schema.org Product/Offer JSON-LD, one product per line (JSON Lines).

Each line is a complete JSON-LD document (`@context` included) with one `Offer` per variant,
ready to embed in a product page's `<script type="application/ld+json">`. `url` fields appear
only when a store URL is configured.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from shopweave.catalog.audit.barcodes import valid_gtin
from shopweave.catalog.audit.fields import attribute, availability, brand, plain_text
from shopweave.catalog.exporters.values import amount_text, product_link, public_image_url
from shopweave.catalog.schemas import Product, Variant

AVAILABILITY = {
    "in_stock": "https://schema.org/InStock",
    "out_of_stock": "https://schema.org/OutOfStock",
    "preorder": "https://schema.org/PreOrder",
    "backorder": "https://schema.org/BackOrder",
}
CONDITION = {
    "new": "https://schema.org/NewCondition",
    "used": "https://schema.org/UsedCondition",
    "refurbished": "https://schema.org/RefurbishedCondition",
}


def _offer(product: Product, variant: Variant, store_url: str | None) -> dict[str, Any]:
    offer: dict[str, Any] = {"@type": "Offer"}
    values = [v for v in variant.options.values() if v.strip()]
    if values:
        offer["name"] = " / ".join(values)
    if variant.sku:
        offer["sku"] = variant.sku
    gtin = valid_gtin(variant.barcode)
    if gtin:
        offer["gtin"] = gtin
    offer["price"] = amount_text(variant.price)
    offer["priceCurrency"] = variant.price.currency
    status = availability(product, variant).strip().lower().replace(" ", "_")
    if status in AVAILABILITY:
        offer["availability"] = AVAILABILITY[status]
    condition = (attribute(product, "condition") or "new").lower()
    if condition in CONDITION:
        offer["itemCondition"] = CONDITION[condition]
    if store_url:
        offer["url"] = product_link(store_url, product, variant if len(product.variants) > 1 else None)
    return offer


def product_document(product: Product, store_url: str | None) -> dict[str, Any]:
    """The JSON-LD document of one product."""
    doc: dict[str, Any] = {"@context": "https://schema.org", "@type": "Product", "name": product.title}
    description = plain_text(product.description_html)
    if description:
        doc["description"] = description
    if store_url:
        doc["url"] = product_link(store_url, product)
    images = [u for u in (public_image_url(i) for i in sorted(product.images, key=lambda i: i.position)) if u]
    if images:
        doc["image"] = images
    if len(product.variants) == 1 and product.variants[0].sku:
        doc["sku"] = product.variants[0].sku
    maker = brand(product)
    if maker:
        doc["brand"] = {"@type": "Brand", "name": maker}
    mpn = attribute(product, "mpn")
    if mpn:
        doc["mpn"] = mpn
    if product.category:
        doc["category"] = product.category
    doc["productID"] = product.handle
    doc["offers"] = [_offer(product, variant, store_url) for variant in product.variants]
    return doc


def write_jsonld(products: Iterable[Product], stream: TextIO, *, store_url: str | None) -> tuple[int, int]:
    """Write one JSON-LD document per line; returns (products, lines)."""
    count = 0
    for product in products:
        stream.write(json.dumps(product_document(product, store_url), ensure_ascii=False) + "\n")
        count += 1
    return count, count
