"""The demo's own table: which stored photo is which, and its ground-truth mask."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopweave.db.base import Base

__all__ = ["DemoPhotoRow"]


class DemoPhotoRow(Base):
    """A rendered sample photo: the product and position it belongs to, how it was shot, and the
    content hash of its exact mask (255 = product) in the image store."""

    __tablename__ = "demo_photos"
    __table_args__ = (UniqueConstraint("handle", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(255))
    position: Mapped[int]
    image_hash: Mapped[str] = mapped_column(ForeignKey("blobs.content_hash"), index=True)
    mask_hash: Mapped[str] = mapped_column(ForeignKey("blobs.content_hash"))
    variety: Mapped[str] = mapped_column(String(30))
    shape: Mapped[str] = mapped_column(String(30))
    coverage: Mapped[float]
