"""Mask clean-up and edge refinement shared by every cutout path.

- `guided_filter`: He et al.'s edge-preserving filter, used to turn a hard mask into an alpha
  matte that follows the image's edges (soft hair, fur and fabric edges) at box-filter cost.
- `keep_components`: drop stray blobs, or keep only the main subject.
- `fill_holes`: close holes that are not background (a label on a bottle) while keeping real
  see-through holes (a mug handle) that show the background.
- `decontaminate`: recover the true foreground colour at soft edges when the background colour
  is known, so no halo of the old background shows on the new one.
"""

from __future__ import annotations

import cv2
import numpy as np


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Filter `src` (H×W float32) guided by the grey image `guide` (H×W float32 in [0, 1])."""
    size = (2 * radius + 1, 2 * radius + 1)
    mean_i = cv2.boxFilter(guide, -1, size)
    mean_p = cv2.boxFilter(src, -1, size)
    cov = cv2.boxFilter(guide * src, -1, size) - mean_i * mean_p
    var = cv2.boxFilter(guide * guide, -1, size) - mean_i * mean_i
    a = cov / (var + eps)
    b = mean_p - a * mean_i
    out: np.ndarray = cv2.boxFilter(a, -1, size) * guide + cv2.boxFilter(b, -1, size)
    return out


def soft_alpha(rgb: np.ndarray, mask: np.ndarray, *, max_side: int = 1024) -> np.ndarray:
    """An 8-bit alpha matte at `rgb`'s size from a hard `mask` of any size.

    The mask is brought to at most `max_side` pixels, refined there with a guided filter against
    the image, and resized to full size (bilinear); pixels far from the edge stay exactly 0 or 255.
    """
    height, width = rgb.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small_rgb = rgb if scale == 1.0 else cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    hard = cv2.resize(mask.astype(np.uint8) * 255, size, interpolation=cv2.INTER_LINEAR)
    hard_f = hard.astype(np.float32) / 255.0
    grey = cv2.cvtColor(small_rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    radius = max(2, round(max(size) / 300))
    refined = guided_filter(grey, hard_f, radius, 1e-3)
    # Only the edge band may change: far inside stays 1, far outside stays 0.
    band = cv2.dilate(hard, np.ones((2 * radius + 1,) * 2, np.uint8)) != cv2.erode(
        hard, np.ones((2 * radius + 1,) * 2, np.uint8)
    )
    alpha_f = np.where(band, np.clip(refined, 0.0, 1.0), (hard_f > 0.5).astype(np.float32))
    alpha = np.round(alpha_f * 255.0).astype(np.uint8)
    if scale != 1.0:
        return np.asarray(cv2.resize(alpha, (width, height), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)
    return alpha


def keep_components(mask: np.ndarray, *, min_ratio: float, min_area: int = 0) -> np.ndarray:
    """Keep connected regions at least `min_ratio` × the largest one (and ≥ `min_area` pixels).

    `min_ratio=1.0` keeps only the largest region: the main subject.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 2:
        return mask.astype(bool)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(count, dtype=bool)
    keep[1:] = (areas >= min_ratio * areas.max()) & (areas >= min_area)
    result: np.ndarray = keep[labels]
    return result


def component_at(mask: np.ndarray, point: tuple[int, int]) -> np.ndarray:
    """The connected region of `mask` containing (or nearest to) `point` = (x, y)."""
    count, labels, _stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if count <= 1:
        return mask.astype(bool)
    x, y = point
    label = int(labels[y, x])
    if label == 0:
        ys, xs = np.nonzero(labels)
        nearest = int(np.argmin((xs - x) ** 2 + (ys - y) ** 2))
        label = int(labels[ys[nearest], xs[nearest]])
    result: np.ndarray = labels == label
    return result


def fill_holes(
    mask: np.ndarray, background_like: np.ndarray | None = None, *, keep_ratio: float = 0.8
) -> np.ndarray:
    """Fill enclosed holes of `mask`, except those mostly (≥ `keep_ratio`) `background_like`."""
    inverse = (~mask.astype(bool)).astype(np.uint8)
    count, labels, _stats, _ = cv2.connectedComponentsWithStats(inverse, connectivity=4)
    if count <= 1:
        return mask.astype(bool)
    enclosed = np.ones(count, dtype=bool)
    enclosed[0] = False
    enclosed[np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))] = False
    if background_like is not None:
        areas = np.bincount(labels.ravel(), minlength=count)
        background = np.bincount(
            labels.ravel(), weights=background_like.ravel().astype(np.float64), minlength=count
        )
        enclosed &= background < keep_ratio * np.maximum(areas, 1)
    filled: np.ndarray = mask.astype(bool) | enclosed[labels]
    return filled


def decontaminate(rgb: np.ndarray, alpha: np.ndarray, background: tuple[float, float, float]) -> np.ndarray:
    """Foreground colour F from I = αF + (1 − α)B with a known plain background B (soft edges only)."""
    a = alpha.astype(np.float32)[..., None] / 255.0
    edge = (alpha > 0) & (alpha < 255)
    if not edge.any():
        return rgb
    bg = np.asarray(background, dtype=np.float32)
    out = rgb.copy()
    image = rgb[edge].astype(np.float32)
    weight = np.maximum(a[edge], 0.05)
    out[edge] = np.clip((image - (1.0 - weight) * bg) / weight, 0, 255).astype(np.uint8)
    return out
