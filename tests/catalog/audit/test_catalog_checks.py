"""Checks across products, image files in the store, scoring, rules files and the report API."""

from decimal import Decimal
from pathlib import Path

import PIL.Image
import pytest

from shopweave.catalog.audit import (
    AuditRulesError,
    UnknownChannelError,
    audit_products,
    load_rules,
)
from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image, Money, Product, Variant


def simple(handle: str, sku: str, barcode: str | None = None, **fields: object) -> Product:
    product = Product(
        handle=handle,
        title=f"Mug {handle}",
        description_html="<p>A mug.</p>",
        vendor="Acme",
        category="Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs",
        attributes={"condition": "new", "who_made": "someone_else", "when_made": "2020_2025"},
        variants=[
            Variant(
                sku=sku,
                price=Money(amount=Decimal("12.00"), currency="USD"),
                barcode=barcode,
                inventory_quantity=3,
            )
        ],
        images=[Image(src=f"https://cdn.example.com/{handle}.jpg", width=2000, height=2000)],
    )
    for name, value in fields.items():
        setattr(product, name, value)
    return product


def test_duplicates_across_products_are_reported_on_each_product() -> None:
    # Given three products: two share a SKU, two share a barcode, two share a handle
    products = [
        simple("mug-a", "MUG-1", "4006381333931"),
        simple("mug-b", "MUG-1", "4006381333931"),
        simple("mug-a", "MUG-3", "036000291452"),
    ]
    # When the catalog is audited
    report = audit_products(products, ["shopify"])
    # Then each product lists the keys it shares, naming the others
    found = [[(p.code, p.field, p.message) for p in audit.problems] for audit in report.products]
    assert found == [
        [
            (
                "handle.duplicate",
                "handle",
                "Handle 'mug-a' is also used by mug-a: make each product's handle unique.",
            ),
            (
                "sku.duplicate",
                "variants[0].sku",
                "SKU 'MUG-1' is also used by mug-b (MUG-1): give every variant a unique SKU.",
            ),
            (
                "barcode.duplicate",
                "variants[0].barcode",
                "Barcode 4006381333931 is also used by mug-b (MUG-1): each variant needs its own GTIN.",
            ),
        ],
        [
            (
                "sku.duplicate",
                "variants[0].sku",
                "SKU 'MUG-1' is also used by mug-a (MUG-1): give every variant a unique SKU.",
            ),
            (
                "barcode.duplicate",
                "variants[0].barcode",
                "Barcode 4006381333931 is also used by mug-a (MUG-1): each variant needs its own GTIN.",
            ),
        ],
        [
            (
                "handle.duplicate",
                "handle",
                "Handle 'mug-a' is also used by mug-a: make each product's handle unique.",
            )
        ],
    ]


def test_mangled_barcodes_are_not_reported_as_duplicates_of_each_other() -> None:
    products = [simple("mug-a", "MUG-1", "3.65275E+11"), simple("mug-b", "MUG-2", "3.65275E+11")]
    report = audit_products(products, ["shopify"])
    assert [[p.code for p in a.problems] for a in report.products] == [
        ["barcode.scientific_notation"],
        ["barcode.scientific_notation"],
    ]


def _store(images_dir: Path, content_hash: str, extension: str, data: bytes) -> None:
    # Written where the image store keeps files, without its checks, so that a corrupt file can
    # be planted too.
    path = ImageStore(images_dir).path_for(content_hash, extension)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _picture(size: tuple[int, int], fmt: str) -> bytes:
    import io

    buffer = io.BytesIO()
    PIL.Image.new("RGB", size, (255, 255, 255)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_stored_images_are_opened_for_their_size_format_and_readability(tmp_path: Path) -> None:
    # Given an image store with a small PNG, a WebP, a corrupt file, and a hash with no file
    images_dir = tmp_path / "images"
    _store(images_dir, "aa" + "1" * 62, "png", _picture((60, 40), "PNG"))
    _store(images_dir, "bb" + "2" * 62, "webp", _picture((1200, 1200), "WEBP"))
    _store(images_dir, "cc" + "3" * 62, "jpg", b"not an image at all")
    product = simple("mug-a", "MUG-1", "4006381333931")
    product.images = [
        Image(src="small.png", position=1, content_hash="aa" + "1" * 62),
        Image(src="photo.webp", position=2, content_hash="bb" + "2" * 62),
        Image(src="broken.jpg", position=3, content_hash="cc" + "3" * 62),
        Image(src="gone.jpg", position=4, content_hash="dd" + "4" * 62),
    ]
    # When it is audited for Amazon and Google with the store
    report = audit_products([product], ["amazon", "google"], images_dir=images_dir)
    # Then sizes and formats come from the files, and unreadable files are reported
    found = [(p.code, p.field, p.channel) for p in report.products[0].problems]
    assert found == [
        ("image.unreadable", "images[2]", None),
        ("image.unreadable", "images[3]", None),
        ("image.too_small", "images[0]", "amazon"),
        ("image.format", "images[1]", "amazon"),
        ("image.too_small", "images[0]", "google"),
    ]
    messages = {p.field: p.message for p in report.products[0].problems if p.code == "image.unreadable"}
    assert messages == {
        "images[2]": "Image 'broken.jpg' cannot be read (not an image Pillow can decode): upload the photo again.",
        "images[3]": "Image 'gone.jpg' cannot be read (it is not in the image store): upload the photo again.",
    }


def test_local_file_sources_are_checked_without_an_image_store(tmp_path: Path) -> None:
    picture = tmp_path / "p.jpg"
    picture.write_bytes(_picture((300, 200), "JPEG"))
    product = simple("mug-a", "MUG-1", "4006381333931")
    product.images = [Image(src=str(picture)), Image(src=f"file://{tmp_path}/missing.jpg", position=2)]
    report = audit_products([product], ["ebay"])
    assert [(p.code, p.field, p.channel) for p in report.products[0].problems] == [
        ("image.unreadable", "images[1]", None),
        ("image.too_small", "images[0]", "ebay"),
    ]


def test_scores_follow_completeness_and_penalties() -> None:
    # Given a product missing its description (1 of Shopify's 5 required) with a warning and an info
    product = simple("mug-a", "MUG-1")
    product.description_html = None
    product.variants[0].compare_at_price = Money(amount=Decimal("10.00"), currency="USD")
    product.title = "MUG WITH A HANDLE"
    # And a clean product
    clean = simple("mug-b", "MUG-2")
    # When both are audited for Shopify
    report = audit_products([product, clean], ["shopify"])
    # Then 100 × 4/5 − 5 (warning) − 1 (info) = 74, and the catalog averages the two
    assert [
        (a.score, a.channels["shopify"].completeness, a.channels["shopify"].missing) for a in report.products
    ] == [
        (74.0, 0.8, ["description"]),
        (100.0, 1.0, []),
    ]
    assert report.score == 87.0
    summary = report.channels["shopify"]
    assert (summary.score, summary.completeness, summary.complete, summary.errors, summary.missing) == (
        87.0,
        0.9,
        1,
        1,
        {"description": 1},
    )


def test_product_score_is_the_mean_of_its_channel_scores() -> None:
    product = simple("mug-a", "MUG-1")
    product.attributes.pop("who_made")  # Etsy: 6 of 7 required
    report = audit_products([product], ["shopify", "etsy"])
    assert {n: c.score for n, c in report.products[0].channels.items()} == {"shopify": 100.0, "etsy": 85.7}
    assert report.products[0].score == 92.9


def test_a_score_never_goes_below_zero() -> None:
    product = simple("mug-a", "MUG-1", "4.00638E+12")
    product.variants[0].price = Money(amount=Decimal("0"), currency="USD")
    product.title = "<b>CHEAP MUG SALE!!</b>"
    product.description_html = None
    product.vendor = None
    product.attributes["gender"] = "men"
    product.images = []
    report = audit_products([product], ["google"])
    assert report.products[0].score == 0.0


def test_worst_problems_ranks_codes_by_products_affected() -> None:
    products = [simple("a", "A", category=None), simple("b", "B", category=None), simple("c", "C", "123")]
    report = audit_products(products, ["shopify"])
    assert [(c.code, c.products, c.severity.value) for c in report.worst_problems(5)] == [
        ("category.missing", 2, "warning"),
        ("barcode.format", 1, "error"),
    ]
    assert [c.code for c in report.worst_problems(1)] == ["category.missing"]


def test_an_empty_catalog_scores_100() -> None:
    report = audit_products([], ["google"])
    assert (report.score, report.products, report.channels["google"].products) == (100.0, [], 0)


def test_unknown_channel_is_a_clear_error() -> None:
    with pytest.raises(UnknownChannelError, match="unknown channel 'walmart'; choose from: google, amazon"):
        audit_products([], ["walmart"])


def test_a_rules_file_replaces_the_built_in_rules(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(
        "channels:\n  shop:\n    label: My shop\n    required: [{field: mpn}]\n    title_max: 5\n",
        encoding="utf-8",
    )
    report = audit_products([simple("mug-a", "MUG-1")], rules=load_rules(rules_file))
    assert [(p.code, p.field, p.channel, p.message) for p in report.products[0].problems] == [
        ("required.missing", "mpn", "shop", "Fill `mpn`: My shop requires it."),
        ("title.too_long", "title", "shop", "Title is 9 characters; My shop allows 5: shorten it."),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("channels: [", "not valid YAML", id="not-yaml"),
        pytest.param(
            "channels:\n  x:\n    label: X\n    required: [{field: colour}]\n",
            "channels.x.required[0]: unknown field 'colour'",
            id="unknown-field",
        ),
        pytest.param(
            "channels:\n  x:\n    label: X\n    required: [{field: mpn, when: shoes}]\n",
            "channels.x.required[0]: unknown condition 'shoes'",
            id="unknown-condition",
        ),
        pytest.param(
            "channels:\n  x:\n    label: X\n    title_max: many\n", "channels.x.title_max", id="bad-number"
        ),
        pytest.param(
            "channels:\n  x:\n    label: X\n    colour: red\n", "channels.x.colour", id="unknown-key"
        ),
    ],
)
def test_a_bad_rules_file_names_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(text, encoding="utf-8")
    with pytest.raises(AuditRulesError) as caught:
        load_rules(rules_file)
    assert caught.value.message.startswith(f"{rules_file}: ")
    assert message in caught.value.message
