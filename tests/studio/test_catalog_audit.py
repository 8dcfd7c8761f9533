"""The scheduled catalog image audit: new pictures only, stale products reported once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np

from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image, Money, Product, Variant
from shopweave.catalog.store import Database, upsert_products
from shopweave.settings import Settings
from shopweave.studio import cutout_with
from shopweave.studio.catalog_audit import AuditCatalogInput, audit_catalog, verdicts_path
from shopweave.studio.plugin import subsystem
from shopweave.studio.presets import load_preset
from shopweave.studio.render import render
from tests.studio.images import jpeg_bytes, product_shot


def _product(handle: str, image: Image) -> Product:
    return Product(
        handle=handle,
        title=handle.title(),
        category="Kitchen > Mugs",
        variants=[Variant(sku=handle.upper(), price=Money(amount=Decimal("9.00"), currency="USD"))],
        images=[image],
    )


def _clean_render() -> np.ndarray:
    rgb, _ = product_shot((255, 255, 255), size=(1200, 1600))
    return render(rgb, cutout_with(rgb, segmenter=None), load_preset("amazon-main")).image


def _grey_photo(seed: int) -> bytes:
    rgb, _ = product_shot((150, 150, 150), size=(600, 800), seed=seed)
    return jpeg_bytes(rgb)


def _store_catalog(settings: Settings, database: Database, tmp_path: Path) -> Path:
    grey = tmp_path / "grey.jpg"
    grey.write_bytes(_grey_photo(seed=1))
    with database.transaction() as session:
        stored = ImageStore(settings.images_dir).put(session, jpeg_bytes(_clean_render()))
        upsert_products(
            session,
            [
                _product("mug-white", Image(src="white.jpg", content_hash=stored.content_hash)),
                _product("mug-grey", Image(src=str(grey))),
                _product("mug-remote", Image(src="https://cdn.example.com/mug.jpg")),
            ],
            emit_events=False,
        )
    return grey


def test_new_pictures_are_audited_once_and_a_failing_product_is_reported_once(
    tmp_path: Path, database: Database
) -> None:
    settings = Settings(home=tmp_path / "home")
    grey = _store_catalog(settings, database, tmp_path)
    # when the catalog is audited for Amazon
    first = audit_catalog(AuditCatalogInput(channel="amazon"), settings=settings, database=database)
    # then the two local pictures are audited, the grey one fails, the remote one is not fetched
    assert (first.audited, first.already_audited, first.stale_products, first.complete) == (
        2,
        0,
        ["mug-grey"],
        True,
    )
    assert [(e.handle, e.channel, e.category) for e in first.events] == [
        ("mug-grey", "amazon", "Kitchen > Mugs")
    ]
    assert first.events[0].reasons == ["background.not_white", "product.fill_low"]
    assert [(u.handle, u.reason) for u in first.unreadable] == [
        ("mug-remote", "not stored locally (nothing is downloaded)")
    ]
    assert verdicts_path(settings).exists()
    # when it runs again with nothing changed: nothing is audited and nothing reported again
    second = audit_catalog(AuditCatalogInput(channel="amazon"), settings=settings, database=database)
    assert (second.audited, second.already_audited, second.stale_products, second.events) == (
        0,
        2,
        ["mug-grey"],
        [],
    )
    # when the grey photo is replaced by another one, only that one is audited and reported
    grey.write_bytes(_grey_photo(seed=2))
    third = audit_catalog(AuditCatalogInput(channel="amazon"), settings=settings, database=database)
    assert (third.audited, third.already_audited, [e.handle for e in third.events]) == (1, 1, ["mug-grey"])


def test_max_images_stops_a_run_early_and_the_next_run_goes_on(tmp_path: Path, database: Database) -> None:
    settings = Settings(home=tmp_path / "home")
    _store_catalog(settings, database, tmp_path)
    first = audit_catalog(
        AuditCatalogInput(channel="amazon", max_images=1), settings=settings, database=database
    )
    second = audit_catalog(
        AuditCatalogInput(channel="amazon", max_images=1), settings=settings, database=database
    )
    assert [(r.audited, r.complete) for r in (first, second)] == [(1, False), (1, True)]


def test_the_plugin_action_emits_one_event_per_newly_stale_product(
    tmp_path: Path, database: Database
) -> None:
    from shopweave.events import CloudEvent
    from shopweave.plugins.spec import ActionContext

    settings = Settings(home=tmp_path / "home")
    _store_catalog(settings, database, tmp_path)
    action = next(a for a in subsystem().actions if a.name == "audit_catalog")
    emitted: list[CloudEvent] = []
    ctx = ActionContext(settings=settings, database=database, emit=emitted.append, idempotency_key="run-1")
    action.handler(ctx, action.input_model.model_validate({"channel": "amazon"}))
    assert [(e.id, e.type, e.subject) for e in emitted] == [
        ("run-1:0", "product.images_stale", "product/mug-grey")
    ]
