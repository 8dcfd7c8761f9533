"""Batch consistency: a collection comes out with one white point and one brightness.

Per-image finishing neutralises each photo against its own background. Photos of one collection
shot on different days still differ: one warmer, one darker. With a preset's `consistency` on, a
batch is looked at first (`measure`: each photo's white point and its product's brightness, from
a small decode), the batch's target is the median brightness over the collection with a neutral
white (`batch_target`), and every photo gets the per-channel gains that bring it there
(`gains_for`). The gains are declared colour corrections like white balance: the product
fidelity check compares the output with the source after them.
"""

from __future__ import annotations

import statistics

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from shopweave.studio.cutout import Cutout

MAX_EXPOSURE_STEP = 1.35
"""Largest brightening (and 1/this the largest darkening) consistency applies to one photo."""


class Look(BaseModel):
    """How a photo looks: its white point and its product's brightness."""

    model_config = ConfigDict(frozen=True)

    white: tuple[float, float, float] = Field(
        description="RGB of the photo's white: its plain background, else its brightest pixels.",
        examples=[(246.0, 240.0, 228.0)],
    )
    brightness: float = Field(
        description="Median luma (0–255) of the product once the white is neutral.", examples=[128.0]
    )


def measure(rgb: np.ndarray, cut: Cutout) -> Look | None:
    """The look of `rgb` (any size) with its cutout; None when no product was found."""
    if cut.box is None or not cut.mask.any():
        return None
    if cut.background_rgb is not None:
        white = np.asarray(cut.background_rgb, dtype=np.float64)
    else:
        # White patch: the mean of the brightest 2 % of pixels (by their darkest channel).
        flat = rgb.reshape(-1, 3).astype(np.float64)
        floor = flat.min(axis=1)
        white = flat[floor >= np.percentile(floor, 98)].mean(axis=0)
    white = np.maximum(white, 1.0)
    neutral = white.mean() / white
    product = rgb[cut.mask].astype(np.float64) * neutral
    luma = product @ np.asarray([0.299, 0.587, 0.114])
    return Look(
        white=(float(white[0]), float(white[1]), float(white[2])),
        brightness=float(np.median(np.clip(luma, 0.0, 255.0))),
    )


def batch_target(looks: list[Look]) -> float:
    """The collection's brightness: the median product brightness over the batch."""
    if not looks:
        raise ValueError("no photo of the batch could be measured")
    return float(statistics.median(look.brightness for look in looks))


def gains_for(look: Look, target: float) -> tuple[float, float, float]:
    """Per-channel gains: the photo's white made neutral, its product brought to `target`."""
    white = np.asarray(look.white, dtype=np.float64)
    neutral = white.mean() / white
    exposure = float(np.clip(target / max(look.brightness, 1.0), 1 / MAX_EXPOSURE_STEP, MAX_EXPOSURE_STEP))
    gains = np.clip(neutral * exposure, 0.5, 2.0)
    return (round(float(gains[0]), 4), round(float(gains[1]), 4), round(float(gains[2]), 4))
