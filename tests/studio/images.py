"""Synthetic product photos with known masks, and a helper that saves failing outputs."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np

FAILURES = Path(__file__).resolve().parents[1] / "_failures" / "studio"


def product_shot(
    background: tuple[int, int, int] = (255, 255, 255),
    size: tuple[int, int] = (360, 480),
    *,
    shadow: bool = True,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """A textured mug (with a see-through handle) on a plain background, and its true mask.

    `size` is (height, width). The shadow is soft, darker background colour under the mug.
    """
    rng = np.random.default_rng(seed)
    height, width = size
    canvas = np.empty((height, width, 3), np.float32)
    canvas[:] = background
    mask = np.zeros((height, width), np.uint8)
    cx, top, bottom = width // 2 - width // 12, height // 4, height * 3 // 4
    half = width // 7
    cv2.rectangle(mask, (cx - half, top), (cx + half, bottom), 255, -1)
    cv2.ellipse(
        mask, (cx + half, (top + bottom) // 2), (half // 2 + 8, (bottom - top) // 4), 0, -90, 90, 255, 14
    )
    if shadow:
        shade = np.zeros((height, width), np.float32)
        cv2.ellipse(
            shade, (cx + half // 2, bottom), (half + half // 2, max(4, height // 40)), 0, 0, 360, 1.0, -1
        )
        shade = cv2.GaussianBlur(shade, (0, 0), height / 60)
        canvas *= 1.0 - 0.3 * shade[..., None]
    body = np.empty((height, width, 3), np.float32)
    body[:] = (40, 90, 160)
    stripes = (np.sin(np.arange(width) / 5.0) * 25.0)[None, :, None]
    body += stripes + rng.normal(0, 6, (height, width, 3))
    alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (3, 3), 0)[..., None]
    out = alpha * body + (1 - alpha) * canvas + rng.normal(0, 1.2, (height, width, 3))
    return np.clip(out, 0, 255).astype(np.uint8), mask > 127


def cluttered_shot(size: tuple[int, int] = (240, 320), seed: int = 1) -> np.ndarray:
    """Many colourful blobs: nothing plain about it."""
    rng = np.random.default_rng(seed)
    height, width = size
    image = np.zeros((height, width, 3), np.uint8)
    for _ in range(60):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.circle(image, centre, int(rng.integers(8, 40)), colour, -1)
    return image


def iou(pred: np.ndarray, truth: np.ndarray) -> float:
    """Intersection over union of two bool masks."""
    union = (pred | truth).sum()
    return float((pred & truth).sum() / union) if union else 1.0


def save_failure(name: str, *images: np.ndarray) -> Path:
    """Write the images side by side to tests/_failures/studio/<name>.png for a person to look at."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    height = max(i.shape[0] for i in images)
    tiles = []
    for image in images:
        tile = image.astype(np.uint8) * 255 if image.dtype == bool else image
        if tile.ndim == 2:
            tile = cv2.cvtColor(tile, cv2.COLOR_GRAY2RGB)
        if tile.shape[2] == 4:
            tile = tile[..., :3]
        tiles.append(cv2.copyMakeBorder(tile, 0, height - tile.shape[0], 0, 4, cv2.BORDER_CONSTANT))
    target = FAILURES / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    cv2.imwrite(str(target), cv2.cvtColor(np.hstack(tiles), cv2.COLOR_RGB2BGR))
    return target


def jpeg_bytes(rgb: np.ndarray, quality: int = 92) -> bytes:
    """The image as JPEG bytes."""
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return data.tobytes()
