"""Fast downscaling: OpenCV's area filter is quick only when halving.

`cv2.resize(..., INTER_AREA)` by exactly 2 runs a vectorised 2×2 average (about 1 ms for a
2,000 px image); by 3.125 it takes the general path, 10–20× slower. `shrink` halves while the
image is at least twice the target, then finishes with a bilinear step of less than 2× (alias-free
enough for segmentation, thumbnails and checks). Under 2× overall it is the plain area filter.
"""

from __future__ import annotations

import cv2
import numpy as np


def shrink(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`image` resized to `size` = (width, height), quickly; enlarging falls back to bilinear."""
    height, width = image.shape[:2]
    target_w, target_h = size
    if (target_w, target_h) == (width, height):
        return image
    if target_w > width or target_h > height:
        return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_LINEAR))
    if width < 2 * target_w or height < 2 * target_h:
        # Under 2×: the general area filter reads at most 4× the target's pixels; keep it.
        return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))
    while image.shape[1] >= 2 * target_w and image.shape[0] >= 2 * target_h:
        rows, cols = image.shape[0] // 2, image.shape[1] // 2
        # Whole 2×2 blocks only: an odd last row or column is dropped.
        image = cv2.resize(image[: 2 * rows, : 2 * cols], (cols, rows), interpolation=cv2.INTER_AREA)
    if image.shape[1] == target_w and image.shape[0] == target_h:
        return image
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_LINEAR))


def fit_within(width: int, height: int, longest: int) -> tuple[float, tuple[int, int]]:
    """Scale (≤ 1) and size that bring (width, height) to at most `longest` on the longer side."""
    scale = min(1.0, longest / max(width, height))
    return scale, (max(1, round(width * scale)), max(1, round(height * scale)))
