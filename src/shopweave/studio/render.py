"""Finishing: placing a cut-out product on its preset canvas.

`render(rgb, cut, preset)` applies, in order: colour corrections measured on the background
(white balance, exposure: per-channel gains, the only change allowed to the product's pixels),
scaling to the preset's fill, sharpening after resizing, the background, a contact or drop
shadow, an optional floor reflection, and compositing. A fidelity check then compares the
product region of the output with the source after the declared gains, at a common small size,
and records the difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from pydantic import BaseModel, Field

from shopweave.studio.cutout import Cutout
from shopweave.studio.errors import PresetError
from shopweave.studio.presets import Preset
from shopweave.studio.refine import decontaminate
from shopweave.studio.resample import fit_within, shrink


class FidelityCheck(BaseModel):
    """How much the product's pixels differ from the source after the declared corrections."""

    mean_abs_diff: float = Field(description="Mean absolute difference, 0–255.", examples=[0.8])
    p99_abs_diff: float = Field(description="99th percentile of the difference, 0–255.", examples=[4.0])
    ok: bool = Field(description="p99 under 16: only resampling and sharpening noise.", examples=[True])


@dataclass(frozen=True)
class Rendered:
    """A finished image and what was done to make it."""

    image: np.ndarray
    """H×W×3 (or ×4 for transparent presets) `uint8` RGB(A)."""
    operations: tuple[str, ...]
    gains: tuple[float, float, float]
    product_box: tuple[int, int, int, int]
    fidelity: FidelityCheck
    alpha: np.ndarray
    """H×W `uint8` product alpha on the canvas (for the compliance gate)."""


def correction_gains(cut: Cutout, preset: Preset) -> tuple[tuple[float, float, float], tuple[str, ...]]:
    """Per-channel gains from the plain background's colour (neutral and bright after correction)."""
    if cut.background_rgb is None or not (preset.white_balance or preset.exposure):
        return (1.0, 1.0, 1.0), ()
    bg = np.maximum(np.asarray(cut.background_rgb, dtype=np.float64), 1.0)
    gains = np.ones(3)
    operations = []
    if preset.white_balance and bg.max() / bg.min() < 1.25:
        gains *= bg.mean() / bg
        operations.append("white-balance")
    if preset.exposure and bg.mean() > 140:
        gains *= float(np.clip(250.0 / bg.mean(), 0.85, 1.4))
        operations.append("exposure")
    gains = np.clip(gains, 0.7, 1.6)
    if np.allclose(gains, 1.0, atol=0.01):
        return (1.0, 1.0, 1.0), ()
    return (float(gains[0]), float(gains[1]), float(gains[2])), tuple(operations)


def apply_gains(rgb: np.ndarray, gains: tuple[float, float, float]) -> np.ndarray:
    """Multiply each channel by its gain (a lookup table per channel: fast on large images)."""
    if gains == (1.0, 1.0, 1.0):
        return rgb
    ramp = np.arange(256, dtype=np.float32)[:, None] * np.asarray(gains, dtype=np.float32)[None, :]
    table = np.clip(ramp + 0.5, 0, 255).astype(np.uint8).reshape(256, 1, 3)
    result: np.ndarray = cv2.LUT(np.ascontiguousarray(rgb), table)  # one pass, a table per channel
    return result


def render(
    rgb: np.ndarray, cut: Cutout, preset: Preset, *, gains: tuple[float, float, float] | None = None
) -> Rendered:
    """Place the product of `cut` (taken from `rgb`) on the preset's canvas."""
    if cut.box is None:
        raise PresetError("nothing to render: the cutout found no object.")
    declared, operations = correction_gains(cut, preset) if gains is None else (gains, ("batch-consistency",))
    ops = list(operations)
    x0, y0, x1, y1 = _soft_box(cut.alpha, cut.box)
    alpha = np.ascontiguousarray(cut.alpha[y0:y1, x0:x1])
    crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    if cut.background_rgb is not None:
        crop = decontaminate(crop, alpha, cut.background_rgb)
    source = apply_gains(crop, declared)
    width, height = _canvas_size(preset, x1 - x0, y1 - y0)
    avail_w, avail_h = width * (1 - 2 * preset.padding), height * (1 - 2 * preset.padding)
    scale = min(
        preset.fill * avail_w / (x1 - x0),
        preset.fill * avail_h / (y1 - y0),
        avail_w / (x1 - x0),
        avail_h / (y1 - y0),
    )
    pw, ph = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    product = cv2.resize(source, (pw, ph), interpolation=interpolation)
    product_alpha = cv2.resize(
        alpha, (pw, ph), interpolation=cv2.INTER_LINEAR if scale >= 1 else cv2.INTER_AREA
    )
    ops.append(f"resize x{scale:.3f}")
    if preset.sharpen > 0:
        product = cv2.filter2D(product, -1, _unsharp_kernel(preset.sharpen))
        ops.append(f"sharpen {preset.sharpen:g}")
    px = (width - pw) // 2
    py = (
        (height - ph) // 2
        if preset.alignment == "center"
        else int(height - height * preset.padding - ph - (height - ph) * 0.04)
    )
    canvas, transparent = _background(preset, width, height)
    ops.append(f"background {preset.background.kind}")
    if preset.shadow.kind != "none" and not transparent:
        _shadow(canvas, product_alpha, (px, py), preset)
        ops.append(f"{preset.shadow.kind}-shadow")
    if preset.reflection > 0 and not transparent:
        _reflection(canvas, product, product_alpha, (px, py), preset.reflection)
        ops.append("floor-reflection")
    region = canvas[py : py + ph, px : px + pw]
    if transparent:
        region[..., :3] = product
        region[..., 3] = product_alpha
    else:
        _composite(region, product, product_alpha)
    fidelity = _fidelity(source, alpha, canvas[py : py + ph, px : px + pw, :3])
    placed = np.zeros((height, width), np.uint8)
    placed[py : py + ph, px : px + pw] = product_alpha
    return Rendered(canvas, tuple(ops), declared, (px, py, px + pw, py + ph), fidelity, placed)


def _unsharp_kernel(amount: float) -> np.ndarray:
    """Unsharp mask as one 3×3 filter: (1 + amount)·identity − amount·Gaussian (σ ≈ 0.8)."""
    gauss = cv2.getGaussianKernel(3, 0)
    kernel = -amount * (gauss @ gauss.T)
    kernel[1, 1] += 1.0 + amount
    return kernel.astype(np.float32)


def _composite(region: np.ndarray, product: np.ndarray, alpha: np.ndarray, tile: int = 64) -> None:
    """Alpha-blend `product` onto `region` in place, tile by tile.

    Most tiles are solid product (a copy) or empty (nothing to do); only tiles on the soft edge
    are blended, so the cost follows the outline's length instead of the product's area.
    """
    height, width = alpha.shape
    rows, cols = -(-height // tile), -(-width // tile)
    padded = np.zeros((rows * tile, cols * tile), np.uint8)
    padded[:height, :width] = alpha
    # Per-tile min/max in two steps along contiguous axes (numpy is slow on strided reductions).
    band = padded.reshape(rows, tile, cols * tile)
    low = band.min(axis=1).reshape(rows, cols, tile).min(axis=2)
    high = band.max(axis=1).reshape(rows, cols, tile).max(axis=2)
    solid = (low == 255).astype(np.uint8)
    if solid.any():
        # Solid tiles in one masked copy (a tile-sized mask, scaled up by nearest neighbour).
        full = cv2.resize(solid, (cols * tile, rows * tile), interpolation=cv2.INTER_NEAREST)
        cv2.copyTo(product, full[:height, :width], region)
    for r, c in zip(*np.nonzero((high > 0) & (low < 255)), strict=True):
        y0, x0 = r * tile, c * tile
        y1, x1 = min(height, y0 + tile), min(width, x0 + tile)
        weight = alpha[y0:y1, x0:x1].astype(np.float32) * np.float32(1.0 / 255.0)
        region[y0:y1, x0:x1] = cv2.blendLinear(
            np.ascontiguousarray(product[y0:y1, x0:x1]),
            np.ascontiguousarray(region[y0:y1, x0:x1]),
            weight,
            1.0 - weight,
        )


def _soft_box(alpha: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    height, width = alpha.shape
    pad = 2
    return max(0, x0 - pad), max(0, y0 - pad), min(width, x1 + pad), min(height, y1 + pad)


def _canvas_size(preset: Preset, product_w: int, product_h: int) -> tuple[int, int]:
    if preset.canvas is not None:
        return preset.canvas.width, preset.canvas.height
    longest = preset.longest_side
    if product_w >= product_h:
        return longest, max(16, round(longest * product_h / product_w))
    return max(16, round(longest * product_w / product_h)), longest


def _background(preset: Preset, width: int, height: int) -> tuple[np.ndarray, bool]:
    spec = preset.background
    if spec.kind == "transparent":
        return np.zeros((height, width, 4), np.uint8), True
    if spec.kind == "gradient":
        top = np.asarray(spec.colour, np.float32)
        bottom = np.asarray(spec.colour2 or spec.colour, np.float32)
        t = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
        column = (top * (1 - t) + bottom * t + 0.5).astype(np.uint8)
        return np.ascontiguousarray(np.broadcast_to(column[:, None, :], (height, width, 3))), False
    if spec.kind == "image":
        if spec.image is None or not spec.image.is_file():
            raise PresetError(f"preset {preset.name}: background image {spec.image} not found.")
        bgr = cv2.imread(str(spec.image), cv2.IMREAD_COLOR)
        if bgr is None:
            raise PresetError(f"preset {preset.name}: background image {spec.image} cannot be decoded.")
        return np.ascontiguousarray(
            cv2.resize(bgr, (width, height), interpolation=cv2.INTER_AREA)[:, :, ::-1]
        ), False
    canvas = np.empty((height, width, 3), np.uint8)
    # Whole rows at a time: broadcasting a 3-vector over every pixel is ~10× slower.
    canvas.reshape(height, width * 3)[:] = np.tile(np.asarray(spec.colour, np.uint8), width)
    return canvas, False


def _shadow(canvas: np.ndarray, alpha: np.ndarray, origin: tuple[int, int], preset: Preset) -> None:
    """Darken the canvas under the product, computed on a coarse grid (a shadow is blurry anyway).

    The grid step is chosen so the blur still spans at least 2 grid cells (at most 8 px a cell).
    """
    spec = preset.shadow
    height, width = canvas.shape[:2]
    ph, pw = alpha.shape
    px, py = origin
    q = int(np.clip(spec.softness * ph / 2.0, 1, 8))
    small = np.zeros((height // q + 1, width // q + 1), np.float32)
    blur = max(1.0, spec.softness * ph / q)
    if spec.kind == "contact":
        bottom = _bottom_row(alpha)
        centre = ((px + pw // 2) // q, (py + bottom) // q)
        axes = (max(1, int(pw * 0.45 / q)), max(1, int(max(ph * 0.025, 3) / q)))
        cv2.ellipse(small, centre, axes, 0, 0, 360, 1.0, -1)
    else:
        dx = math.cos(math.radians(spec.direction)) * spec.distance * ph
        dy = math.sin(math.radians(spec.direction)) * spec.distance * ph
        shrunk = cv2.resize(alpha, (max(1, pw // q), max(1, ph // q)), interpolation=cv2.INTER_AREA)
        sx, sy = int((px + dx) // q), int((py + dy) // q)
        _paste_max(small, shrunk.astype(np.float32) / 255.0, sx, sy)
    small = np.asarray(cv2.GaussianBlur(small, (0, 0), blur), dtype=np.float32)
    if small.max() > 0:
        small = small / float(small.max())
    # Fade to nothing before the frame's edge: the border stays the pure background colour.
    sh, sw = small.shape
    margin = max(2.0, 0.03 * max(sh, sw))
    ramp_y = np.clip(np.minimum(np.arange(sh), np.arange(sh)[::-1]) / margin - 0.5, 0.0, 1.0)
    ramp_x = np.clip(np.minimum(np.arange(sw), np.arange(sw)[::-1]) / margin - 0.5, 0.0, 1.0)
    small = small * np.minimum(ramp_y[:, None], ramp_x[None, :]).astype(np.float32)
    rows, cols = np.nonzero(small > 1e-3)
    if rows.size == 0:
        return
    # Only the shadow's own box is touched: most of the canvas stays as it is.
    ry0, ry1 = int(rows.min()) * q, min(height, (int(rows.max()) + 1) * q)
    rx0, rx1 = int(cols.min()) * q, min(width, (int(cols.max()) + 1) * q)
    # Upsample only the shadow's box (with a one-cell margin so the interpolation matches).
    cy0, cx0 = max(0, ry0 // q - 1), max(0, rx0 // q - 1)
    cy1, cx1 = min(sh, ry1 // q + 2), min(sw, rx1 // q + 2)
    patch = cv2.resize(
        np.ascontiguousarray(small[cy0:cy1, cx0:cx1]),
        ((cx1 - cx0) * q, (cy1 - cy0) * q),
        interpolation=cv2.INTER_LINEAR,
    )
    oy, ox = ry0 - cy0 * q, rx0 - cx0 * q
    factor = 1.0 - spec.intensity * patch[oy : oy + ry1 - ry0, ox : ox + rx1 - rx0]
    # 8-bit multiply (factor in 1/255 steps): no float copy of the canvas region.
    shade = (factor * 255.0 + 0.5).astype(np.uint8)
    roi = canvas[ry0:ry1, rx0:rx1, :3]
    roi[:] = cv2.multiply(np.ascontiguousarray(roi), cv2.merge([shade, shade, shade]), scale=1.0 / 255.0)


def _bottom_row(alpha: np.ndarray) -> int:
    """The last row with alpha ≥ 128 (the product's foot); the last row when there is none."""
    _x, y, _w, h = cv2.boundingRect(cv2.threshold(alpha, 127, 1, cv2.THRESH_BINARY)[1])
    return y + h - 1 if h > 0 else alpha.shape[0] - 1


def _paste_max(target: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    height, width = target.shape
    ph, pw = patch.shape
    tx0, ty0, tx1, ty1 = max(0, x), max(0, y), min(width, x + pw), min(height, y + ph)
    if tx0 >= tx1 or ty0 >= ty1:
        return
    region = target[ty0:ty1, tx0:tx1]
    np.maximum(region, patch[ty0 - y : ty1 - y, tx0 - x : tx1 - x], out=region)


def _reflection(
    canvas: np.ndarray, product: np.ndarray, alpha: np.ndarray, origin: tuple[int, int], opacity: float
) -> None:
    height = canvas.shape[0]
    px, py = origin
    ph, pw = alpha.shape
    top = py + _bottom_row(alpha) + 1
    rows = min(height - top, ph // 3)
    if rows <= 0:
        return
    flipped = product[::-1][-(_bottom_row(alpha) + 1) :][:rows]
    flipped_alpha = alpha[::-1][-(_bottom_row(alpha) + 1) :][:rows].astype(np.float32) / 255.0
    fade = np.linspace(opacity, 0.0, rows, dtype=np.float32)[:, None]
    a = (flipped_alpha * fade)[..., None]
    region = canvas[top : top + rows, px : px + pw, :3]
    region[:] = (a * flipped.astype(np.float32) + (1 - a) * region.astype(np.float32) + 0.5).astype(np.uint8)


def _fidelity(source: np.ndarray, alpha: np.ndarray, output: np.ndarray) -> FidelityCheck:
    h, w = alpha.shape
    _scale, size = fit_within(w, h, 256)
    solid = cv2.erode((shrink(alpha, size) == 255).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    if not solid.any():
        return FidelityCheck(mean_abs_diff=0.0, p99_abs_diff=0.0, ok=True)
    # Whole levels on both sides: an exact histogram gives the mean and the 99th percentile.
    diff = cv2.absdiff(shrink(source, size), np.ascontiguousarray(shrink(output, size)))[solid]
    counts = np.bincount(diff.ravel(), minlength=256)
    p99 = float(np.searchsorted(np.cumsum(counts), 0.99 * diff.size))
    mean = float(counts @ np.arange(256)) / diff.size
    return FidelityCheck(mean_abs_diff=round(mean, 3), p99_abs_diff=p99, ok=p99 < 16.0)
