"""Google Merchant Center RSS 2.0 feed with the `g:` namespace, one `<item>` per variant.

Variants of one product share `g:item_group_id` (the handle) and their title gets the option
values. Prices read `25.00 USD`; when a compare-at price is above the price, `g:price` carries
the compare-at price and `g:sale_price` the price (Google's convention). Only valid GTINs are
published; images without a public http(s) URL are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO
from xml.sax.saxutils import escape

from shopweave.catalog.audit.barcodes import valid_gtin
from shopweave.catalog.audit.fields import (
    COLOR_OPTIONS,
    SIZE_OPTIONS,
    attribute,
    availability,
    brand,
    identifier_exists_no,
    option_value,
    plain_text,
)
from shopweave.catalog.exporters.values import (
    amount_text,
    decimal_text,
    images_for,
    product_link,
    public_image_url,
)
from shopweave.catalog.schemas import Money, Product, Variant

NAMESPACE = "http://base.google.com/ns/1.0"
MAX_ADDITIONAL_IMAGES = 10
TITLE_MAX = 150
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("", value))


def _price(money: Money) -> str:
    return f"{amount_text(money)} {money.currency}"


def item_fields(product: Product, variant: Variant, store_url: str) -> list[tuple[str, str]]:
    """(element, text) pairs of one variant's `<item>`, in feed order."""
    several = len(product.variants) > 1
    fields: list[tuple[str, str]] = [("g:id", variant.sku or f"{product.handle}-{variant.position}")]
    if several:
        fields.append(("g:item_group_id", product.handle))
    title = product.title
    values = [v for v in variant.options.values() if v.strip()]
    if several and values:
        title = f"{title} - {' / '.join(values)}"
    fields.append(("title", title[:TITLE_MAX]))
    fields.append(("description", plain_text(product.description_html)))
    fields.append(("link", product_link(store_url, product, variant if several else None)))
    urls = [u for u in (public_image_url(i) for i in images_for(product, variant)) if u]
    if urls:
        fields.append(("g:image_link", urls[0]))
        fields.extend(("g:additional_image_link", u) for u in urls[1 : 1 + MAX_ADDITIONAL_IMAGES])
    fields.append(("g:availability", availability(product, variant).lower().replace(" ", "_")))
    compare = variant.compare_at_price
    if (
        compare is not None
        and compare.amount > variant.price.amount
        and compare.currency == variant.price.currency
    ):
        fields += [("g:price", _price(compare)), ("g:sale_price", _price(variant.price))]
    else:
        fields.append(("g:price", _price(variant.price)))
    maker = brand(product)
    if maker:
        fields.append(("g:brand", maker))
    gtin = valid_gtin(variant.barcode)
    if gtin:
        fields.append(("g:gtin", gtin))
    mpn = attribute(product, "mpn")
    if mpn:
        fields.append(("g:mpn", mpn))
    if identifier_exists_no(product):
        fields.append(("g:identifier_exists", "no"))
    fields.append(("g:condition", (attribute(product, "condition") or "new").lower()))
    google_category = attribute(product, "google_product_category")
    if google_category:
        fields.append(("g:google_product_category", google_category))
    kind = product.category or product.product_type
    if kind:
        fields.append(("g:product_type", kind))
    for name in ("age_group", "gender"):
        value = attribute(product, name)
        if value:
            fields.append((f"g:{name}", value.lower()))
    color = option_value(product, variant, COLOR_OPTIONS)
    if color:
        fields.append(("g:color", color))
    size = option_value(product, variant, SIZE_OPTIONS)
    if size:
        fields.append(("g:size", size))
    if variant.weight is not None and variant.weight_unit is not None:
        fields.append(("g:shipping_weight", f"{decimal_text(variant.weight)} {variant.weight_unit.value}"))
    return fields


def write_google_feed(
    products: Iterable[Product], stream: TextIO, *, store_url: str, title: str = "Shopweave catalog"
) -> tuple[int, int]:
    """Write the whole feed; returns (products, items). Streams: one product in memory at a time."""
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<rss version="2.0" xmlns:g="{NAMESPACE}">\n<channel>\n')
    stream.write(f"<title>{_text(title)}</title>\n<link>{_text(store_url)}</link>\n")
    stream.write("<description>Product feed exported by Shopweave</description>\n")
    products_written = items = 0
    for product in products:
        for variant in product.variants:
            stream.write("<item>\n")
            for name, value in item_fields(product, variant, store_url):
                stream.write(f"<{name}>{_text(value)}</{name}>\n")
            stream.write("</item>\n")
            items += 1
        products_written += 1
    stream.write("</channel>\n</rss>\n")
    return products_written, items
