"""Where studio actions read and write: catalog pictures by their store URL, outputs in the home folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.settings import Settings
from shopweave.studio.actions import AuditInput, ProcessInput, audit_images, process_images
from shopweave.studio.sources import local_path
from tests.studio.images import jpeg_bytes, product_shot


def _stored(settings: Settings, database: Database) -> tuple[str, Path]:
    with database.transaction() as session:
        info = ImageStore(settings.images_dir).put(session, jpeg_bytes(product_shot(size=(300, 400))[0]))
    path = ImageStore(settings.images_dir).find(info.content_hash)
    assert path is not None
    return info.content_hash, path


@pytest.mark.parametrize("prefix", ["", "https://shop.example.com"], ids=["api-path", "absolute-url"])
def test_a_store_url_resolves_to_the_stored_file(tmp_path: Path, database: Database, prefix: str) -> None:
    settings = Settings(home=tmp_path / "home")
    content_hash, path = _stored(settings, database)
    assert local_path(f"{prefix}/images/{content_hash}.jpg", settings) == path


def test_other_names_are_paths(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    missing = "/images/" + "0" * 64 + ".jpg"
    assert local_path(missing, settings) == Path(missing)
    assert local_path("photos/mug.jpg", settings) == Path("photos/mug.jpg")


def test_the_audit_action_reads_a_catalog_picture_by_its_store_url(
    tmp_path: Path, database: Database
) -> None:
    settings = Settings(home=tmp_path / "home")
    content_hash, _ = _stored(settings, database)
    name = f"/images/{content_hash}.jpg"
    output = audit_images(AuditInput(paths=[name], channel="amazon", handle="mug"), settings=settings)
    assert output.errors == []
    assert [r.image for r in output.results] == [name]


def test_a_relative_output_folder_of_an_action_is_inside_the_home_folder(
    tmp_path: Path, database: Database
) -> None:
    settings = Settings(home=tmp_path / "home")
    content_hash, _ = _stored(settings, database)
    output = process_images(
        ProcessInput(
            paths=[f"/images/{content_hash}.jpg"], preset="ebay", out_dir="studio/mug", handle="mug"
        ),
        settings=settings,
    )
    assert [item.outputs for item in output.report.images] == [
        [str(settings.home / "studio" / "mug" / f"{content_hash}.jpg")]
    ]
