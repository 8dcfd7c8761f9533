import io

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select
from stdnum import ean

from shopweave.catalog.audit import audit_catalog
from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import ReturnPolicy, ShippingPolicy
from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import (
    BlobRow,
    CustomerRow,
    FulfillmentRow,
    ImageRow,
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    PolicyRow,
    ProductRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    ReturnRow,
    SupplierItemRow,
    SupplierRow,
    VariantRow,
)
from shopweave.demo import SeedCounts, Variety, ground_truth, seed_demo_store
from shopweave.demo.catalog import plan_catalog
from shopweave.errors import ValidationError
from shopweave.settings import Settings

SMALL_STORE = SeedCounts(
    products=20,
    variants=87,
    images=30,
    masks=30,
    customers=120,
    orders=1817,
    order_lines=2602,
    fulfillments=1757,
    returns=103,
    suppliers=9,
    supplier_items=108,
    inventory_levels=111,
    purchase_orders=24,
    purchase_order_lines=99,
    policies=2,
)
NOTHING = SeedCounts()

TABLES = {
    "products": ProductRow,
    "variants": VariantRow,
    "images": ImageRow,
    "customers": CustomerRow,
    "orders": OrderRow,
    "order_lines": OrderLineRow,
    "fulfillments": FulfillmentRow,
    "returns": ReturnRow,
    "suppliers": SupplierRow,
    "supplier_items": SupplierItemRow,
    "inventory_levels": InventoryLevelRow,
    "purchase_orders": PurchaseOrderRow,
    "purchase_order_lines": PurchaseOrderLineRow,
    "policies": PolicyRow,
}


def _stored(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        return {name: session.scalar(select(func.count()).select_from(t)) or 0 for name, t in TABLES.items()}


def test_seeding_a_small_store_writes_exact_counts_and_a_second_run_adds_nothing(
    database: Database, settings: Settings
) -> None:
    # given an empty store
    store = ImageStore(settings.images_dir)
    # when it is seeded twice
    first = seed_demo_store(database, store, products=20, seed=7)
    after_first = _stored(database)
    second = seed_demo_store(database, store, products=20, seed=7)
    # then the first run wrote exactly the planned rows and the second nothing
    assert first.planned == SMALL_STORE
    assert first.inserted == SMALL_STORE
    assert first.rendered_photos == 30
    expected = SMALL_STORE.model_dump(exclude={"masks"})
    assert after_first == expected
    assert second.planned == SMALL_STORE
    assert second.inserted == NOTHING
    assert second.rendered_photos == 0
    assert _stored(database) == expected
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(BlobRow)) == 60


def test_the_seed_stores_policies_as_their_schemas(database: Database, settings: Settings) -> None:
    seed_demo_store(database, ImageStore(settings.images_dir), products=1, seed=7)
    with database.transaction() as session:
        bodies = {row.kind: row.body for row in session.scalars(select(PolicyRow))}
    assert ReturnPolicy.model_validate(bodies["returns"]).window_days == 30
    assert [r.name for r in ShippingPolicy.model_validate(bodies["shipping"]).rates] == [
        "Standard",
        "Express",
        "International Standard",
        "Worldwide",
    ]


def test_ground_truth_masks_match_their_photos(database: Database, settings: Settings) -> None:
    # given a seeded store
    store = ImageStore(settings.images_dir)
    seed_demo_store(database, store, products=20, seed=7)
    with database.transaction() as session:
        photos = ground_truth(session)
        small = ground_truth(session, Variety.SMALL)
        image_rows = {row.content_hash: row for row in session.scalars(select(ImageRow))}
    # then every photo has a same-size binary mask whose coverage is recorded
    assert len(photos) == 30
    assert [p.handle for p in small] == ["brightwater-peach-oolong-organic-sparkling-tea"]
    for photo in photos:
        picture = Image.open(io.BytesIO(store.get(photo.image_hash)))
        mask = np.asarray(Image.open(io.BytesIO(store.get(photo.mask_hash))))
        assert picture.format == "JPEG"
        assert mask.shape == (picture.height, picture.width)
        assert set(np.unique(mask).tolist()) == {0, 255}
        assert round(float((mask == 255).mean()), 4) == photo.coverage
        assert image_rows[photo.image_hash].width == picture.width
    assert (small[0].coverage, Image.open(io.BytesIO(store.get(small[0].image_hash))).size) == (
        small[0].coverage,
        (300, 300),
    )


def test_the_planted_defects_are_what_the_audit_finds(database: Database, settings: Settings) -> None:
    # given the small store and its list of planted defects
    report = seed_demo_store(database, ImageStore(settings.images_dir), products=20, seed=7)
    # when the catalog is audited
    with database.transaction() as session:
        audit = audit_catalog(session, None, images_dir=settings.images_dir)
    found: dict[str, set[str]] = {}
    for product in audit.products:
        for problem in product.problems:
            found.setdefault(problem.code, set()).add(product.handle)
    handles_with_bad_gtin = {
        p.product.handle
        for p in plan_catalog(20, 7).products
        if any(v.sku in report.defects.bad_gtin for v in p.product.variants)
    }
    # then each planted defect is reported on exactly the planted products
    assert report.defects.missing_images == ["halcyon-home-tall-stoneware-vase"]
    assert found["image.missing"] == set(report.defects.missing_images)
    assert found["barcode.check_digit"] == handles_with_bad_gtin
    assert found["title.promotional"] == set(report.defects.promo_titles)


def test_the_audit_reads_stored_photos_and_flags_only_the_tiny_ones(
    database: Database, settings: Settings
) -> None:
    report = seed_demo_store(database, ImageStore(settings.images_dir), products=20, seed=7)
    with database.transaction() as session:
        audit = audit_catalog(session, ["amazon"], images_dir=settings.images_dir)
    codes = {problem.code for product in audit.products for problem in product.problems}
    too_small = {p.handle for p in audit.products if any(x.code == "image.too_small" for x in p.problems)}
    assert "image.unreadable" not in codes
    assert too_small == set(report.defects.tiny_images)


def test_every_barcode_is_a_valid_gtin_except_the_planted_ones() -> None:
    plan = plan_catalog(20, 7)
    invalid = sorted(
        str(v.sku) for p in plan.products for v in p.product.variants if not ean.is_valid(v.barcode or "")
    )
    assert invalid == sorted(plan.defects.bad_gtin)
    assert invalid == ["APP-0003-BLA-M", "APP-0013-NAV-M"]


def test_the_plan_is_deterministic_and_depends_on_the_seed() -> None:
    a, b, other = plan_catalog(20, 7), plan_catalog(20, 7), plan_catalog(20, 8)
    assert [p.product for p in a.products] == [p.product for p in b.products]
    assert [p.product.handle for p in a.products] != [p.product.handle for p in other.products]


@pytest.mark.parametrize("products", [0, 5001], ids=["zero", "too-many"])
def test_an_out_of_range_product_count_is_refused(
    database: Database, settings: Settings, products: int
) -> None:
    with pytest.raises(ValidationError, match=f"--products must be between 1 and 5000, got {products}"):
        seed_demo_store(database, ImageStore(settings.images_dir), products=products)
    assert _stored(database)["products"] == 0
