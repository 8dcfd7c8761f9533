"""InventoryLevel: stock of one SKU at one location."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class InventoryLevel(BaseModel):
    """How many units of a SKU are at a location, and how many are on the way."""

    model_config = ConfigDict(from_attributes=True)

    sku: str = Field(description="SKU counted.", examples=["TS-GRN-S"])
    location: str = Field(
        default="default", description="Warehouse or store name.", examples=["main-warehouse"]
    )
    on_hand: int = Field(
        description="Units physically there (may be negative after oversells).", examples=[14]
    )
    reserved: int = Field(default=0, ge=0, description="Units promised to open orders.", examples=[2])
    in_transit: int = Field(default=0, ge=0, description="Units moving to this location.", examples=[0])
    updated_at: datetime | None = Field(
        default=None, description="When it was counted.", examples=["2026-03-01T00:00:00Z"]
    )
