"""Exact problem codes for crafted products, one defect at a time (no database needed)."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from shopweave.catalog.audit import audit_products
from shopweave.catalog.schemas import Image, Money, Product, Variant, WeightUnit


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def clean_shirt() -> Product:
    """A product that satisfies every channel's rules."""
    return Product(
        handle="green-tee",
        title="Organic Cotton Tee",
        description_html="<p>Soft organic cotton tee, cut for an easy fit.</p>",
        vendor="Acme",
        product_type="Shirts",
        category="Apparel & Accessories > Clothing > Shirts & Tops",
        option_names=["Color", "Size"],
        attributes={
            "gender": "unisex",
            "age_group": "adult",
            "condition": "new",
            "mpn": "ACME-TEE-1",
            "who_made": "i_did",
            "when_made": "made_to_order",
        },
        variants=[
            Variant(
                sku="TEE-GRN-S", options={"Color": "Green", "Size": "S"}, price=usd("25.00"),
                barcode="4006381333931", weight=Decimal("145"), weight_unit=WeightUnit.G,
                inventory_quantity=4,
            ),
            Variant(
                sku="TEE-GRN-M", options={"Color": "Green", "Size": "M"}, price=usd("25.00"),
                barcode="036000291452", weight=Decimal("150"), weight_unit=WeightUnit.G,
                inventory_quantity=0, position=2,
            ),
        ],
        images=[Image(src="https://cdn.example.com/tee.jpg", width=2048, height=2048)],
    )  # fmt: skip


def codes(product: Product) -> list[tuple[str, str, str | None]]:
    report = audit_products([product])
    return [(p.code, p.field, p.channel) for p in report.products[0].problems]


def test_a_clean_product_has_no_problem_and_scores_100_everywhere() -> None:
    report = audit_products([clean_shirt()])
    assert report.products[0].problems == []
    assert report.score == 100.0
    assert {name: c.score for name, c in report.channels.items()} == {
        "google": 100.0, "amazon": 100.0, "shopify": 100.0, "ebay": 100.0, "etsy": 100.0,
    }  # fmt: skip


def _variant(index: int, **changes: object) -> Callable[[Product], None]:
    def apply(product: Product) -> None:
        for name, value in changes.items():
            setattr(product.variants[index], name, value)

    return apply


def _product(**changes: object) -> Callable[[Product], None]:
    def apply(product: Product) -> None:
        for name, value in changes.items():
            setattr(product, name, value)

    return apply


def _attributes(**changes: str | None) -> Callable[[Product], None]:
    def apply(product: Product) -> None:
        for name, value in changes.items():
            if value is None:
                product.attributes.pop(name, None)
            else:
                product.attributes[name] = value

    return apply


ALL = ["google", "amazon", "shopify", "ebay", "etsy"]

CASES = [
    pytest.param(
        _variant(0, price=usd("0")), [("price.not_positive", "variants[0].price", None)], id="price-zero"
    ),
    pytest.param(
        _variant(1, price=usd("-1.00")),
        [("price.not_positive", "variants[1].price", None)],
        id="price-negative",
    ),
    pytest.param(
        _variant(0, compare_at_price=usd("20.00")),
        [("price.compare_at_below_price", "variants[0].compare_at_price", None)],
        id="compare-at-below-price",
    ),
    pytest.param(
        _variant(0, price=Money(amount=Decimal("25"), currency="EUR")),
        [("price.mixed_currencies", "variants.price", None)],
        id="mixed-currencies",
    ),
    pytest.param(
        _variant(0, barcode="4006381333932"),
        [("barcode.check_digit", "variants[0].barcode", None)],
        id="gtin-check-digit",
    ),
    pytest.param(
        _variant(0, barcode="0-306-40615-3"),
        [("barcode.check_digit", "variants[0].barcode", None)],
        id="isbn10-check-digit",
    ),
    pytest.param(_variant(0, barcode="0-306-40615-2"), [], id="isbn10-valid"),
    pytest.param(
        _variant(0, barcode="4.00638E+12"),
        [("barcode.scientific_notation", "variants[0].barcode", None)],
        id="barcode-scientific-notation",
    ),
    pytest.param(
        _variant(0, barcode="3,65275E+11"),
        [("barcode.scientific_notation", "variants[0].barcode", None)],
        id="barcode-scientific-decimal-comma",
    ),
    pytest.param(
        _variant(0, barcode="12345"),
        [("barcode.format", "variants[0].barcode", None)],
        id="barcode-too-short",
    ),
    pytest.param(
        _variant(1, barcode="4006381333931"),
        [
            ("barcode.duplicate", "variants[0].barcode", None),
            ("barcode.duplicate", "variants[1].barcode", None),
        ],
        id="barcode-shared-by-two-variants",
    ),
    pytest.param(
        _variant(1, sku="TEE-GRN-S"),
        [("sku.duplicate", "variants[0].sku", None), ("sku.duplicate", "variants[1].sku", None)],
        id="sku-shared-by-two-variants",
    ),
    pytest.param(
        _product(title="<b>Organic</b> Cotton Tee"), [("title.html", "title", None)], id="title-html"
    ),
    pytest.param(
        _product(title="Organic Cotton Tee &amp; Cap"), [("title.html", "title", None)], id="title-entity"
    ),
    pytest.param(
        _product(title="Organic Cotton Tee - Free Shipping"),
        [("title.promotional", "title", None)],
        id="title-free-shipping",
    ),
    pytest.param(
        _product(title="Organic Cotton Tee 20% off"),
        [("title.promotional", "title", None)],
        id="title-percent-off",
    ),
    pytest.param(_product(title="Wholesale Cotton Tee"), [], id="wholesale-is-not-sale"),
    pytest.param(
        _product(title="ORGANIC COTTON TEE"), [("title.all_caps", "title", None)], id="title-all-caps"
    ),
    pytest.param(
        _product(title="Organic cotton tee " + "x" * 140),
        [
            ("title.too_long", "title", "google"),
            ("title.too_long", "title", "ebay"),
            ("title.too_long", "title", "etsy"),
        ],
        id="title-159-characters",
    ),
    pytest.param(
        _product(description_html="<p>" + "word " * 1100 + "</p>"),
        [
            ("description.too_long", "description", "google"),
            ("description.too_long", "description", "amazon"),
        ],
        id="description-too-long",
    ),
    pytest.param(
        _product(description_html="<p> </p>"),
        [("required.missing", "description", channel) for channel in ALL],
        id="description-only-markup",
    ),
    pytest.param(_product(images=[]), [("image.missing", "images", None)], id="no-image"),
    pytest.param(
        _product(images=[Image(src="https://cdn.example.com/t.jpg", width=240, height=600)]),
        [
            ("image.too_small", "images[0]", "google"),
            ("image.below_recommended", "images[0]", "amazon"),
            ("image.below_recommended", "images[0]", "shopify"),
            ("image.below_recommended", "images[0]", "ebay"),
            ("image.below_recommended", "images[0]", "etsy"),
        ],
        id="image-below-apparel-minimum",
    ),
    pytest.param(
        _product(images=[Image(src="https://cdn.example.com/t.jpg", width=90, height=90)]),
        [
            ("image.too_small", "images[0]", "google"),
            ("image.too_small", "images[0]", "amazon"),
            ("image.below_recommended", "images[0]", "shopify"),
            ("image.too_small", "images[0]", "ebay"),
            ("image.below_recommended", "images[0]", "etsy"),
        ],
        id="image-tiny",
    ),
    pytest.param(
        _product(images=[Image(src="https://cdn.example.com/t.jpg", width=12000, height=3000)]),
        [("image.too_large", "images[0]", "amazon"), ("image.too_large", "images[0]", "shopify")],
        id="image-too-large",
    ),
    pytest.param(
        _product(
            images=[Image(src=f"https://cdn.example.com/{n}.jpg", width=2048, height=2048) for n in range(12)]
        ),
        [
            ("image.too_many", "images", "google"),
            ("image.too_many", "images", "amazon"),
            ("image.too_many", "images", "etsy"),
        ],
        id="twelve-images",
    ),
    pytest.param(
        _product(images=[Image(src="https://cdn.example.com/t.jpg")]),
        [("image.size_unknown", "images", None)],
        id="image-size-unknown",
    ),
    pytest.param(_product(category=None), [("category.missing", "category", None)], id="no-category"),
    pytest.param(
        _variant(1, weight_unit=WeightUnit.OZ, weight=Decimal("5")),
        [("weight.mixed_units", "variants.weight_unit", None)],
        id="weight-units-mixed",
    ),
    pytest.param(
        _variant(1, options={}),
        [
            ("variant.missing_options", "variants[1].options", None),
            ("required.missing", "color", "google"),
            ("required.missing", "size", "google"),
        ],
        id="variant-without-options",
    ),
    pytest.param(
        _variant(1, options={"Color": "Green", "Size": "S"}),
        [
            ("variant.duplicate_options", "variants[0].options", None),
            ("variant.duplicate_options", "variants[1].options", None),
        ],
        id="variants-with-the-same-options",
    ),
    pytest.param(
        _product(variants=[]),
        [
            ("variant.none", "variants", None),
            ("required.missing", "availability", "google"),
            ("required.missing", "price", "google"),
            ("required.missing", "color", "google"),
            ("required.missing", "size", "google"),
            ("required.missing", "sku", "amazon"),
            ("required.missing", "gtin", "amazon"),
            ("required.missing", "price", "amazon"),
            ("required.missing", "quantity", "amazon"),
            ("required.missing", "price", "shopify"),
            ("required.missing", "sku", "shopify"),
            ("required.missing", "price", "ebay"),
            ("required.missing", "quantity", "ebay"),
            ("required.missing", "price", "etsy"),
            ("required.missing", "quantity", "etsy"),
        ],
        id="no-variant",
    ),
    pytest.param(
        _attributes(gender="men"),
        [("attribute.invalid_value", "gender", "google")],
        id="gender-not-a-google-value",
    ),
    pytest.param(_attributes(availability="in stock"), [], id="availability-with-a-space-is-accepted"),
    pytest.param(
        _attributes(availability="sold"),
        [("attribute.invalid_value", "availability", "google")],
        id="availability-unknown",
    ),
    pytest.param(
        _attributes(gender=None, age_group=None),
        [("required.missing", "age_group", "google"), ("required.missing", "gender", "google")],
        id="apparel-without-gender-and-age-group",
    ),
    pytest.param(
        _attributes(mpn=None, condition=None),
        [("required.missing", "condition", "ebay")],
        id="no-mpn-but-gtins-and-no-condition",
    ),
    pytest.param(
        _attributes(who_made=None, when_made=None),
        [("required.missing", "who_made", "etsy"), ("required.missing", "when_made", "etsy")],
        id="etsy-needs-who-and-when-made",
    ),
]


@pytest.mark.parametrize(("defect", "expected"), CASES)
def test_one_defect_gives_exactly_its_problems(
    defect: Callable[[Product], None], expected: list[tuple[str, str, str | None]]
) -> None:
    # Given a clean product with one defect
    product = clean_shirt()
    defect(product)
    # When it is audited on every channel
    found = codes(product)
    # Then exactly the expected problems are reported
    assert sorted(found, key=str) == sorted(expected, key=str)


def test_brand_and_identifiers_are_not_required_when_identifier_exists_is_no() -> None:
    product = clean_shirt()
    product.vendor = None
    product.attributes.pop("mpn")
    product.attributes["identifier_exists"] = "no"
    for variant in product.variants:
        variant.barcode = None
    assert sorted(codes(product), key=str) == sorted(
        [
            ("required.missing", "brand", "amazon"),
            ("required.missing", "gtin", "amazon"),
            ("required.missing", "brand", "ebay"),
            ("required.missing", "gtin|mpn", "ebay"),
        ],
        key=str,
    )


def test_branded_product_without_gtin_or_mpn_misses_the_identifier_on_google() -> None:
    product = clean_shirt()
    product.attributes.pop("mpn")
    for variant in product.variants:
        variant.barcode = None
    found = [c for c in codes(product) if c[2] == "google"]
    assert found == [("required.missing", "gtin|mpn", "google")]


def test_colour_and_size_may_come_from_attributes_for_a_single_variant_product() -> None:
    product = clean_shirt()
    product.variants = product.variants[:1]
    product.variants[0].options = {}
    product.option_names = []
    product.attributes.update({"color": "Green", "size": "S"})
    assert codes(product) == []


def test_the_fix_message_names_the_value_and_the_channel() -> None:
    product = clean_shirt()
    product.variants[0].barcode = "4006381333932"
    product.images = [Image(src="https://cdn.example.com/t.jpg", width=90, height=90)]
    report = audit_products([product], ["google"])
    assert [p.message for p in report.products[0].problems] == [
        "Barcode 4006381333932 fails its check digit: copy it again from the packaging or the GS1 record.",
        "Image 'https://cdn.example.com/t.jpg' is 90×90 px; Google Merchant Center needs at least "
        "250×250 px for apparel: use a larger photo.",
    ]
