"""Google Merchant RSS 2.0 feed: valid XML in the g: namespace, exact values per variant."""

import io
from decimal import Decimal

from defusedxml import ElementTree

from shopweave.catalog.exporters import write_google_feed
from shopweave.catalog.schemas import Money, Product, Variant

G = "{http://base.google.com/ns/1.0}"


def items_of(products: list[Product]) -> list[list[tuple[str, str]]]:
    stream = io.StringIO()
    write_google_feed(products, stream, store_url="https://shop.example.com/")
    root = ElementTree.fromstring(stream.getvalue().encode("utf-8"))
    assert (root.tag, root.attrib) == ("rss", {"version": "2.0"})
    channel = root.find("channel")
    assert channel is not None
    assert [channel.findtext(t) for t in ("title", "link")] == [
        "Shopweave catalog",
        "https://shop.example.com/",
    ]
    return [
        [(child.tag.replace(G, "g:"), child.text or "") for child in item] for item in channel.iter("item")
    ]


def test_one_item_per_variant_with_google_values(shirt: Product) -> None:
    assert items_of([shirt]) == [
        [
            ("g:id", "TEE-GRN-S"),
            ("g:item_group_id", "organic-tee"),
            ("title", "Organic Tee - Green / S"),
            ("description", "Soft & organic."),
            ("link", "https://shop.example.com/products/organic-tee?variant=TEE-GRN-S"),
            ("g:image_link", "https://cdn.example.com/tee.jpg"),
            ("g:additional_image_link", "https://cdn.example.com/tee-blue.jpg"),
            ("g:additional_image_link", "https://cdn.example.com/tee-back.jpg"),
            ("g:availability", "in_stock"),
            ("g:price", "30.00 USD"),
            ("g:sale_price", "25.00 USD"),
            ("g:brand", "Acme"),
            ("g:gtin", "4006381333931"),
            ("g:mpn", "ACME-1"),
            ("g:condition", "new"),
            ("g:product_type", "Apparel & Accessories > Clothing > Shirts & Tops"),
            ("g:age_group", "adult"),
            ("g:gender", "unisex"),
            ("g:color", "Green"),
            ("g:size", "S"),
            ("g:shipping_weight", "0.145 kg"),
        ],
        [
            ("g:id", "TEE-BLU-S"),
            ("g:item_group_id", "organic-tee"),
            ("title", "Organic Tee - Blue / S"),
            ("description", "Soft & organic."),
            ("link", "https://shop.example.com/products/organic-tee?variant=TEE-BLU-S"),
            ("g:image_link", "https://cdn.example.com/tee-blue.jpg"),
            ("g:additional_image_link", "https://cdn.example.com/tee.jpg"),
            ("g:additional_image_link", "https://cdn.example.com/tee-back.jpg"),
            ("g:availability", "backorder"),
            ("g:price", "25.00 USD"),
            ("g:brand", "Acme"),
            ("g:mpn", "ACME-1"),
            ("g:condition", "new"),
            ("g:product_type", "Apparel & Accessories > Clothing > Shirts & Tops"),
            ("g:age_group", "adult"),
            ("g:gender", "unisex"),
            ("g:color", "Blue"),
            ("g:size", "S"),
            ("g:shipping_weight", "5 oz"),
        ],
    ]


def test_availability_values_are_the_ones_google_accepts() -> None:
    def one(quantity: int | None, **attributes: str) -> str:
        product = Product(
            handle="p",
            title="P",
            attributes=attributes,
            variants=[Variant(price=Money(amount=Decimal("1"), currency="EUR"), inventory_quantity=quantity)],
        )
        return dict(items_of([product])[0])["g:availability"]

    assert [
        one(3),
        one(0),
        one(None),
        one(0, availability="preorder"),
        one(1, availability="Out of stock"),
    ] == [
        "in_stock",
        "out_of_stock",
        "in_stock",
        "preorder",
        "out_of_stock",
    ]


def test_markup_and_control_characters_cannot_break_the_xml() -> None:
    product = Product(
        handle="a&b",
        title="Fish & Chips <deluxe>\x0b",
        description_html="<p>Crispy ]]> & hot</p>",
        attributes={"identifier_exists": "no"},
        variants=[Variant(sku="F&C", price=Money(amount=Decimal("9.5"), currency="GBP"))],
    )
    item = dict(items_of([product])[0])
    assert (
        item["title"],
        item["description"],
        item["link"],
        item["g:price"],
        item["g:identifier_exists"],
    ) == (
        "Fish & Chips <deluxe>",
        "Crispy ]]> & hot",
        "https://shop.example.com/products/a%26b",
        "9.50 GBP",
        "no",
    )
