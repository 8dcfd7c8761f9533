import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from shopweave.catalog.images import ImageStore, InvalidImageError
from shopweave.catalog.store import Database
from shopweave.catalog.store.tables import BlobRow
from shopweave.errors import NotFoundError, ValidationError


def _picture(
    fmt: str, size: tuple[int, int] = (40, 30), colour: tuple[int, int, int] = (200, 10, 10)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "extension", "media_type"),
    [
        pytest.param("JPEG", "jpg", "image/jpeg", id="jpeg"),
        pytest.param("PNG", "png", "image/png", id="png"),
        pytest.param("WEBP", "webp", "image/webp", id="webp"),
    ],
)
def test_put_stores_the_file_under_its_hash_and_records_metadata(
    database: Database, tmp_path: Path, fmt: str, extension: str, media_type: str
) -> None:
    # given
    store = ImageStore(tmp_path / "images")
    data = _picture(fmt)
    digest = hashlib.sha256(data).hexdigest()
    # when
    with database.transaction() as session:
        stored = store.put(session, data)
    # then
    assert stored.content_hash == digest
    assert (stored.size, stored.media_type, stored.extension, stored.width, stored.height) == (
        len(data),
        media_type,
        extension,
        40,
        30,
    )
    assert (tmp_path / "images" / digest[:2] / f"{digest}.{extension}").read_bytes() == data
    assert store.get(digest) == data
    assert store.exists(digest) is True
    with database.transaction() as session:
        assert store.info(session, digest) == stored


def test_putting_the_same_bytes_twice_keeps_one_file_and_one_row(database: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    data = _picture("PNG")
    with database.transaction() as session:
        first = store.put(session, data)
    with database.transaction() as session:
        second = store.put(session, data)
        rows = session.scalar(select(func.count()).select_from(BlobRow))
    assert first == second
    assert rows == 1
    assert [p.name for p in (tmp_path / "images").rglob("*") if p.is_file()] == [f"{first.content_hash}.png"]


def test_different_bytes_get_different_files(database: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    with database.transaction() as session:
        red = store.put(session, _picture("PNG", colour=(255, 0, 0)))
        blue = store.put(session, _picture("PNG", colour=(0, 0, 255)))
        rows = session.scalar(select(func.count()).select_from(BlobRow))
    assert red.content_hash != blue.content_hash
    assert rows == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"hello, not a picture", "upload.txt is not a readable image", id="text"),
        pytest.param(b"", "upload.txt is not a readable image", id="empty"),
        pytest.param(_picture("PNG")[:60], "upload.txt is not a readable image", id="truncated-png"),
    ],
)
def test_put_rejects_bytes_that_are_not_an_image_and_stores_nothing(
    database: Database, tmp_path: Path, data: bytes, message: str
) -> None:
    store = ImageStore(tmp_path / "images")
    with database.transaction() as session, pytest.raises(InvalidImageError, match=message) as error:
        store.put(session, data, name="upload.txt")
    assert error.value.code == "image.invalid"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(BlobRow)) == 0
    assert not (tmp_path / "images").exists()


def test_put_rejects_an_image_format_the_store_does_not_accept(database: Database, tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="ICO")
    store = ImageStore(tmp_path / "images")
    with database.transaction() as session, pytest.raises(InvalidImageError, match="is a ICO image"):
        store.put(session, out.getvalue(), name="favicon.ico")


def test_put_file_names_the_file_in_its_error(database: Database, tmp_path: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not really a jpeg", encoding="utf-8")
    store = ImageStore(tmp_path / "images")
    with database.transaction() as session, pytest.raises(InvalidImageError, match=str(bad)):
        store.put_file(session, bad)


def test_reading_an_unknown_hash_is_not_found(database: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    missing = "0" * 64
    assert store.exists(missing) is False
    with pytest.raises(NotFoundError, match=missing):
        store.get(missing)
    with database.transaction() as session, pytest.raises(NotFoundError, match=missing):
        store.info(session, missing)


@pytest.mark.parametrize(
    "bad_hash", ["../../etc/passwd", "ABC", "g" * 64], ids=["traversal", "short", "not-hex"]
)
def test_a_malformed_hash_is_rejected_before_touching_the_disk(tmp_path: Path, bad_hash: str) -> None:
    store = ImageStore(tmp_path / "images")
    with pytest.raises(ValidationError, match="is not a SHA-256 content hash"):
        store.exists(bad_hash)


def test_the_write_leaves_no_temporary_file_behind(database: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    with database.transaction() as session:
        stored = store.put(session, _picture("JPEG"))
    files = sorted(p.name for p in (tmp_path / "images" / stored.content_hash[:2]).iterdir())
    assert files == [f"{stored.content_hash}.jpg"]
