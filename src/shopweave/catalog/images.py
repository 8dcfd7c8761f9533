"""The content-addressed image store: files named by the SHA-256 of their bytes.

A picture lives at `<images_dir>/<hash[:2]>/<hash>.<ext>`, written atomically (a temporary file
in the same folder, then a rename), so a reader never sees half a file and storing the same bytes
twice keeps one copy. What is known about each file (size, media type, width, height) is kept in
the `blobs` table; the file system alone is enough to read a picture back.

    store = ImageStore(settings.images_dir)
    blob = store.put(session, jpeg_bytes)        # -> StoredImage(content_hash=..., width=...)
    store.open(blob.content_hash).read() == jpeg_bytes

Errors: `InvalidImageError` (code `image.invalid`, 422) for bytes that are not a picture Pillow
can read, and `NotFoundError` for a hash that is not stored.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from shopweave.catalog.store.tables import BlobRow
from shopweave.errors import NotFoundError, ValidationError

__all__ = ["EXTENSIONS", "ImageStore", "InvalidImageError", "StoredImage", "inspect_image"]

# Pillow format name -> (file extension, media type) for the formats the store accepts.
EXTENSIONS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
    "TIFF": ("tiff", "image/tiff"),
    "BMP": ("bmp", "image/bmp"),
}
_HASH = re.compile(r"^[0-9a-f]{64}$")


class InvalidImageError(ValidationError):
    """The bytes given to the image store are not an image it accepts."""

    code = "image.invalid"


class StoredImage(BaseModel):
    """What the store knows about one stored picture."""

    content_hash: str = Field(
        description="SHA-256 of the bytes, lower-case hex.", examples=["9f86d0" + "0" * 58]
    )
    size: int = Field(ge=0, description="Size of the file in bytes.", examples=[183204])
    media_type: str = Field(description="IANA media type.", examples=["image/jpeg"])
    extension: str = Field(description="File extension used in the store, without the dot.", examples=["jpg"])
    width: int = Field(ge=1, description="Width in pixels.", examples=[1200])
    height: int = Field(ge=1, description="Height in pixels.", examples=[1200])


def inspect_image(data: bytes, *, name: str = "image") -> StoredImage:
    """Hash and measure `data`; InvalidImageError (naming `name`) when it is not an image."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
            image_format = picture.format
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidImageError(
            f"{name} is not a readable image ({exc}); store JPEG, PNG, WebP, GIF, TIFF or BMP files"
        ) from None
    if image_format not in EXTENSIONS:
        accepted = ", ".join(EXTENSIONS)
        raise InvalidImageError(f"{name} is a {image_format} image; the store accepts {accepted}")
    extension, media_type = EXTENSIONS[image_format]
    return StoredImage(
        content_hash=hashlib.sha256(data).hexdigest(),
        size=len(data),
        media_type=media_type,
        extension=extension,
        width=width,
        height=height,
    )


def _check_hash(content_hash: str) -> str:
    if not _HASH.match(content_hash):
        raise ValidationError(f"{content_hash!r} is not a SHA-256 content hash (64 lower-case hex digits)")
    return content_hash


class ImageStore:
    """Pictures in a folder, keyed by content hash, with their metadata in the `blobs` table."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, content_hash: str, extension: str) -> Path:
        """Where the file for `content_hash` with `extension` lives (whether or not it exists)."""
        return self.root / _check_hash(content_hash)[:2] / f"{content_hash}.{extension}"

    def find(self, content_hash: str) -> Path | None:
        """The stored file for `content_hash`, or None."""
        folder = self.root / _check_hash(content_hash)[:2]
        for extension, _media_type in EXTENSIONS.values():
            candidate = folder / f"{content_hash}.{extension}"
            if candidate.is_file():
                return candidate
        return None

    def exists(self, content_hash: str) -> bool:
        """Whether a file for `content_hash` is stored."""
        return self.find(content_hash) is not None

    def put(self, session: Session, data: bytes, *, name: str = "image") -> StoredImage:
        """Store `data` once and record its metadata; storing the same bytes again is a no-op."""
        info = inspect_image(data, name=name)
        self._write(info, data)
        if session.get(BlobRow, info.content_hash) is None:
            session.add(
                BlobRow(
                    content_hash=info.content_hash,
                    size=info.size,
                    media_type=info.media_type,
                    width=info.width,
                    height=info.height,
                )
            )
            session.flush()
        return info

    def put_file(self, session: Session, path: Path) -> StoredImage:
        """Store the picture at `path` (errors name the file)."""
        return self.put(session, Path(path).read_bytes(), name=str(path))

    def _write(self, info: StoredImage, data: bytes) -> None:
        target = self.path_for(info.content_hash, info.extension)
        if target.is_file() and target.stat().st_size == info.size:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=f".{info.extension}")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def open(self, content_hash: str) -> BinaryIO:
        """The stored file, opened for binary reading; NotFoundError when it is not stored."""
        path = self.find(content_hash)
        if path is None:
            raise NotFoundError(f"no image with content hash {content_hash} in the store at {self.root}")
        return path.open("rb")

    def get(self, content_hash: str) -> bytes:
        """The stored bytes of `content_hash`."""
        with self.open(content_hash) as stream:
            return stream.read()

    def info(self, session: Session, content_hash: str) -> StoredImage:
        """The recorded metadata of `content_hash`; NotFoundError when it is not recorded."""
        row = session.get(BlobRow, _check_hash(content_hash))
        if row is None or row.width is None or row.height is None or row.media_type is None:
            raise NotFoundError(f"no image with content hash {content_hash} is recorded in the database")
        extension = next(ext for ext, media in EXTENSIONS.values() if media == row.media_type)
        return StoredImage(
            content_hash=row.content_hash,
            size=row.size,
            media_type=row.media_type,
            extension=extension,
            width=row.width,
            height=row.height,
        )
