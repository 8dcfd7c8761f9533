"""Reading back which stored photo is which: product, position, variety and exact mask.

The studio scores its cutouts against these masks (255 = product, 0 = background).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.demo.photos import Variety
from shopweave.demo.tables import DemoPhotoRow

__all__ = ["GroundTruthPhoto", "ground_truth"]


class GroundTruthPhoto(BaseModel):
    """A sample photo in the image store and its ground-truth mask."""

    model_config = ConfigDict(from_attributes=True)

    handle: str = Field(
        description="Product the photo belongs to.", examples=["kiln-and-co-matte-stoneware-mug"]
    )
    position: int = Field(description="Position among the product's images (1 = main).", examples=[1])
    image_hash: str = Field(
        description="Content hash of the JPEG photo in the image store.", examples=["ab" * 32]
    )
    mask_hash: str = Field(description="Content hash of the PNG mask (255 = product).", examples=["cd" * 32])
    variety: Variety = Field(description="How the photo was shot.", examples=["cluttered"])
    shape: str = Field(description="Silhouette drawn.", examples=["mug"])
    coverage: float = Field(description="Share of the frame the product covers.", examples=[0.41])


def ground_truth(session: Session, variety: Variety | None = None) -> list[GroundTruthPhoto]:
    """Every stored sample photo (optionally of one variety), by handle and position."""
    query = select(DemoPhotoRow).order_by(DemoPhotoRow.handle, DemoPhotoRow.position)
    if variety is not None:
        query = query.where(DemoPhotoRow.variety == variety.value)
    return [GroundTruthPhoto.model_validate(row) for row in session.scalars(query)]
