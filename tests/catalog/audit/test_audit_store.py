"""`audit_catalog` over the store, on SQLite and PostgreSQL."""

import io
from decimal import Decimal

import PIL.Image

from shopweave.catalog.audit import audit_catalog
from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store import Database, upsert_products
from shopweave.settings import Settings


def mug(handle: str, sku: str, price: str, barcode: str) -> Product:
    return Product(
        handle=handle,
        title=f"Stoneware mug {handle}",
        description_html="<p>Holds 350 ml.</p>",
        vendor="Acme",
        category="Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs",
        attributes={"condition": "new"},
        variants=[Variant(sku=sku, price=Money(amount=Decimal(price), currency="USD"), barcode=barcode)],
        images=[Image(src=f"https://cdn.example.com/{handle}.jpg", width=1200, height=1200)],
    )


def test_audit_catalog_reads_every_stored_product_with_its_id(database: Database) -> None:
    # Given three stored mugs: one clean, one free of charge with a bad check digit, one sharing its SKU
    with database.transaction() as session:
        upsert_products(
            session,
            [
                mug("mug-a", "MUG-A", "12.00", "4006381333931"),
                mug("mug-b", "MUG-B", "0.00", "4006381333932"),
                mug("mug-c", "MUG-A", "12.00", "036000291452"),
            ],
        )
    # When the catalog is audited for Google
    with database.transaction() as session:
        report = audit_catalog(session, ["google"])
    # Then each product's problems and scores are exact, and ids come from the store
    assert [
        (p.id, p.handle, p.sku, p.score, [(x.code, x.field) for x in p.problems]) for p in report.products
    ] == [
        (1, "mug-a", "MUG-A", 80.0, [("sku.duplicate", "variants[0].sku")]),
        (
            2,
            "mug-b",
            "MUG-B",
            60.0,
            [("price.not_positive", "variants[0].price"), ("barcode.check_digit", "variants[0].barcode")],
        ),
        (3, "mug-c", "MUG-A", 80.0, [("sku.duplicate", "variants[0].sku")]),
    ]
    assert report.score == 73.3
    assert list(report.channels) == ["google"]
    assert (report.channels["google"].errors, report.channels["google"].complete) == (3, 3)


def test_audit_catalog_opens_pictures_in_the_image_store(database: Database, settings: Settings) -> None:
    # Given a mug whose photos are a 300×200 PNG put in the image store, and a hash not stored
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (300, 200), (255, 255, 255)).save(buffer, format="PNG")
    store = ImageStore(settings.images_dir)
    product = mug("mug-a", "MUG-A", "12.00", "4006381333931")
    with database.transaction() as session:
        stored = store.put(session, buffer.getvalue())
        product.images = [
            Image(src="mug.png", content_hash=stored.content_hash),
            Image(src="lost.png", position=2, content_hash="0" * 64),
        ]
        upsert_products(session, [product])
    # When the catalog is audited for Amazon with the image store
    with database.transaction() as session:
        report = audit_catalog(session, ["amazon"], images_dir=settings.images_dir)
    # Then the stored picture's size comes from its file and the missing one is unreadable
    assert [(p.code, p.field, p.channel) for p in report.products[0].problems] == [
        ("image.unreadable", "images[1]", None),
        ("required.missing", "quantity", "amazon"),
        ("image.too_small", "images[0]", "amazon"),
    ]
