"""Automatic cutout: which path runs, and the result record.

Path choice, at a working size of at most 640 px:

1. the border says the background is plain → colour distance to the fitted background
   (`classical.plain_background_mask`): fast, exact on studio shots, shadows separated. The
   model is asked as well when the result is unsure or leaves edges of the image unexplained
   (a white shirt on white): its object is added, and shadows it calls background are dropped;
2. otherwise, with a segmentation model → its saliency map thresholded at 0.5 (looked at again
   on the object's box when the object is small), the main subject kept (the largest salient
   region, or the one under a point hint), non-background holes filled;
3. when the model is unsure (low peak, or a washed-out map: textured backgrounds) or missing →
   GrabCut from a 5 % inset rectangle (or the hint box), flagged for review.

The hard mask is then refined to an alpha matte at full size with a guided filter. Every result
carries a confidence; below `CutoutOptions.review_below` it is marked `needs_review`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from shopweave.studio.classical import (
    analyse_background,
    grabcut_mask,
    inset_rect,
    plain_background_mask,
    to_lab,
)
from shopweave.studio.errors import HintError
from shopweave.studio.refine import component_at, decontaminate, fill_holes, keep_components, soft_alpha
from shopweave.studio.resample import fit_within, shrink
from shopweave.studio.segment import SegmentationBackend

Method = Literal["plain-background", "saliency", "grabcut", "empty"]


class BoxHint(BaseModel):
    """The object lies inside this box (pixels, x1/y1 exclusive)."""

    model_config = ConfigDict(frozen=True)

    x0: int = Field(ge=0, description="Left edge.", examples=[120])
    y0: int = Field(ge=0, description="Top edge.", examples=[80])
    x1: int = Field(gt=0, description="Right edge (exclusive).", examples=[900])
    y1: int = Field(gt=0, description="Bottom edge (exclusive).", examples=[1000])


class PointHint(BaseModel):
    """A pixel on the object."""

    model_config = ConfigDict(frozen=True)

    x: int = Field(ge=0, description="Column.", examples=[500])
    y: int = Field(ge=0, description="Row.", examples=[400])


Hint = BoxHint | PointHint


class CutoutOptions(BaseModel):
    """Knobs of the cutout; the defaults are what the benchmarks report."""

    model_config = ConfigDict(frozen=True)

    work_side: int = Field(
        default=640, ge=64, description="Longest side segmentation runs at.", examples=[640]
    )
    refine_side: int = Field(
        default=1024, ge=64, description="Longest side the edge refinement runs at.", examples=[1024]
    )
    review_below: float = Field(
        default=0.6, ge=0, le=1, description="Confidence under which a result needs review.", examples=[0.6]
    )
    main_subject_only: bool = Field(
        default=True,
        description="On cluttered photos keep only the main salient region (plain backgrounds keep all).",
        examples=[True],
    )
    model_assist_below: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description=(
            "Plain backgrounds: under this confidence the model adds the parts the colour model "
            "cannot see (white on white); above it the fast classical result stands."
        ),
        examples=[0.75],
    )
    model_assist_stray_edges: float = Field(
        default=0.01,
        ge=0,
        le=1,
        description=(
            "Plain backgrounds: when at least this share of the image's edges lies away from the "
            "colour model's object (parts it missed), the model is asked too, whatever the confidence."
        ),
        examples=[0.01],
    )
    zoom_below: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description=(
            "Cluttered photos: when the object's box (plus a 20 % margin) covers at most this share "
            "of the frame, the model looks again at that box for finer detail (0 = never)."
        ),
        examples=[0.5],
    )
    separate_shadows: bool = Field(
        default=True,
        description="Treat darker pixels of the background's own hue as shadow.",
        examples=[True],
    )


@dataclass(frozen=True)
class Cutout:
    """A cutout: alpha matte at the input's size, the object's box and how sure we are."""

    alpha: np.ndarray
    """H×W `uint8`, 255 = object."""
    box: tuple[int, int, int, int] | None
    """(x0, y0, x1, y1) of alpha ≥ 128, x1/y1 exclusive; None when nothing was found."""
    confidence: float
    method: Method
    needs_review: bool
    background_rgb: tuple[float, float, float] | None = None
    """The plain background's colour when one was found (used to remove colour halos)."""
    notes: tuple[str, ...] = field(default=())

    @property
    def mask(self) -> np.ndarray:
        """Boolean object mask (alpha ≥ 128)."""
        result: np.ndarray = self.alpha >= 128
        return result

    def rgba(self, rgb: np.ndarray) -> np.ndarray:
        """H×W×4 `uint8`: the object's colours (edge halos removed when possible) and the alpha."""
        colours = rgb if self.background_rgb is None else decontaminate(rgb, self.alpha, self.background_rgb)
        return np.dstack([colours, self.alpha])


@dataclass(frozen=True)
class _Mask:
    mask: np.ndarray
    confidence: float
    method: Method
    background_rgb: tuple[float, float, float] | None
    notes: tuple[str, ...]


def cutout(
    image: np.ndarray,
    hint: Hint | None = None,
    *,
    segmenter: SegmentationBackend | None,
    options: CutoutOptions | None = None,
) -> Cutout:
    """Cut the product out of `image` (H×W×3 RGB `uint8`).

    `segmenter` is the model used for cluttered photos (None: classical methods only; the result
    notes it). `shopweave.studio.cutout` fills it in from the settings.
    """
    opts = options or CutoutOptions()
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise HintError(f"expected an H×W×3 uint8 RGB image, got {image.shape} {image.dtype}.")
    height, width = image.shape[:2]
    scale, work_size = fit_within(width, height, opts.work_side)
    work = shrink(image, work_size)

    if isinstance(hint, BoxHint):
        box = _scaled_box(hint, width, height, scale)
        result = _segment_box(work, box, segmenter, opts)
    else:
        point = None
        if isinstance(hint, PointHint):
            if hint.x >= width or hint.y >= height:
                raise HintError(f"point hint ({hint.x}, {hint.y}) is outside the {width} × {height} image.")
            point = (min(work_size[0] - 1, int(hint.x * scale)), min(work_size[1] - 1, int(hint.y * scale)))
        result = _segment(work, segmenter, opts, point=point)

    mask = result.mask
    area = float(mask.mean())
    confidence = result.confidence
    notes = list(result.notes)
    if area < 0.002 or area > 0.97:
        confidence *= 0.3
        notes.append(f"object covers {area:.1%} of the image: suspicious")
    if not mask.any():
        alpha = np.zeros((height, width), np.uint8)
        return Cutout(alpha, None, 0.0, "empty", True, result.background_rgb, (*notes, "no object found"))
    alpha = soft_alpha(image, mask, max_side=opts.refine_side)
    confidence = round(float(np.clip(confidence, 0.0, 1.0)), 3)
    return Cutout(
        alpha=alpha,
        box=_bbox(cv2.threshold(alpha, 127, 1, cv2.THRESH_BINARY)[1]),  # alpha ≥ 128, in one pass
        confidence=confidence,
        method=result.method,
        needs_review=confidence < opts.review_below,
        background_rgb=result.background_rgb,
        notes=tuple(notes),
    )


def _segment(
    rgb: np.ndarray,
    segmenter: SegmentationBackend | None,
    opts: CutoutOptions,
    *,
    point: tuple[int, int] | None = None,
    box_rect: tuple[int, int, int, int] | None = None,
) -> _Mask:
    height, width = rgb.shape[:2]
    lab = to_lab(rgb)
    background = analyse_background(lab)
    plain_result: _Mask | None = None
    if background.plain:
        plain = plain_background_mask(lab, background, separate_shadows=opts.separate_shadows)
        mask = plain.mask if point is None else component_at(plain.mask, point)
        confidence = min(1.0, background.agreement / 0.95) * (1.0 - plain.ambiguity)
        plain_result = _Mask(mask, confidence, "plain-background", background.colour_rgb, ())
        # A crisp separation that explains every edge of the image is trusted; a blurry one (a
        # plain-looking border around a busy photo) is handed to the model when there is one.
        missed_edges = plain.stray_edges >= opts.model_assist_stray_edges
        if segmenter is None or (confidence >= opts.model_assist_below and not missed_edges):
            return plain_result
        if confidence >= opts.review_below:
            # Parts as light as the background (a white shirt on white) are invisible to the
            # colour model: add what the model sees as the same object.
            saliency = segmenter.saliency(rgb)
            probability = cv2.resize(saliency.probability, (width, height), interpolation=cv2.INTER_LINEAR)
            if saliency.peak >= 0.95:
                # Dark pixels of the background's hue that the model calls background: shadows.
                colour = mask if plain.darker is None else mask & ~(plain.darker & (probability < 0.1))
                union = colour | (probability > 0.5)
                union = fill_holes(keep_components(union, min_ratio=0.02), background_like=probability < 0.2)
                notes = (f"model: {segmenter.name} added light parts",)
                return _Mask(union, confidence, "plain-background", background.colour_rgb, notes)
            return plain_result
    rect = box_rect or inset_rect(width, height)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    if segmenter is None:
        note = (
            "no segmentation model installed: classical GrabCut used (run `shopweave studio models install`)"
        )
        return _Mask(grabcut_mask(bgr, rect=rect), 0.45, "grabcut", None, (note,))
    saliency = segmenter.saliency(rgb)
    probability = cv2.resize(saliency.probability, (width, height), interpolation=cv2.INTER_LINEAR)
    washed_out = float(((probability > 0.2) & (probability < 0.8)).mean())
    if saliency.peak < 0.95 or washed_out > 0.15:
        if plain_result is not None:
            return plain_result
        note = (
            f"{segmenter.name} unsure (peak {saliency.peak:.2f}, washed-out {washed_out:.0%}): GrabCut used"
        )
        return _Mask(grabcut_mask(bgr, rect=rect), 0.45, "grabcut", None, (note,))
    found = [f"model: {segmenter.name}"]
    if opts.zoom_below > 0:
        zoomed = _zoomed(rgb, probability, segmenter, opts.zoom_below)
        if zoomed is not None:
            probability = zoomed
            found.append("second look at the object's box")
    mask = probability > 0.5
    if point is not None:
        mask = component_at(mask, point)
    elif opts.main_subject_only:
        mask = keep_components(mask, min_ratio=1.0)
    mask = fill_holes(mask, background_like=probability < 0.2)
    confidence = min(1.0, saliency.peak) * max(0.0, 1.0 - 4.0 * washed_out)
    return _Mask(mask, confidence, "saliency", None, tuple(found))


def _zoomed(
    rgb: np.ndarray, probability: np.ndarray, segmenter: SegmentationBackend, max_share: float
) -> np.ndarray | None:
    """Coarse to fine: the model's map redone on the object's box when the object is small.

    At 320 px a small object gets few of the model's pixels (thin legs and stems vanish); run on
    the box (plus a 20 % margin) it gets all of them. None when the box is too large to gain, or
    the second look is unsure.
    """
    height, width = probability.shape
    box = _bbox(probability > 0.5)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    mx, my = max(8, (x1 - x0) // 5), max(8, (y1 - y0) // 5)
    x0, y0, x1, y1 = max(0, x0 - mx), max(0, y0 - my), min(width, x1 + mx), min(height, y1 + my)
    if (x1 - x0) * (y1 - y0) > max_share * width * height:
        return None
    zoom = segmenter.saliency(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    if zoom.peak < 0.95:
        return None
    out = probability.copy()
    out[y0:y1, x0:x1] = cv2.resize(zoom.probability, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)
    return out


def _segment_box(
    rgb: np.ndarray,
    box: tuple[int, int, int, int],
    segmenter: SegmentationBackend | None,
    opts: CutoutOptions,
) -> _Mask:
    height, width = rgb.shape[:2]
    x0, y0, x1, y1 = box
    margin_x, margin_y = max(2, (x1 - x0) // 10), max(2, (y1 - y0) // 10)
    cx0, cy0 = max(0, x0 - margin_x), max(0, y0 - margin_y)
    cx1, cy1 = min(width, x1 + margin_x), min(height, y1 + margin_y)
    crop = np.ascontiguousarray(rgb[cy0:cy1, cx0:cx1])
    inner = (x0 - cx0, y0 - cy0, x1 - x0, y1 - y0)
    result = _segment(crop, segmenter, opts, box_rect=inner)
    mask = np.zeros((height, width), dtype=bool)
    mask[cy0:cy1, cx0:cx1] = result.mask
    outside = np.ones_like(mask)
    outside[y0:y1, x0:x1] = False
    mask &= ~outside
    return _Mask(mask, result.confidence, result.method, result.background_rgb, result.notes)


def _scaled_box(hint: BoxHint, width: int, height: int, scale: float) -> tuple[int, int, int, int]:
    if hint.x1 <= hint.x0 or hint.y1 <= hint.y0:
        raise HintError(f"box hint ({hint.x0}, {hint.y0}, {hint.x1}, {hint.y1}) is empty.")
    if hint.x0 >= width or hint.y0 >= height:
        raise HintError(f"box hint starts outside the {width} × {height} image.")
    x1, y1 = min(hint.x1, width), min(hint.y1, height)
    return (int(hint.x0 * scale), int(hint.y0 * scale), max(1, round(x1 * scale)), max(1, round(y1 * scale)))


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) of the non-zero pixels, x1/y1 exclusive; None when there are none."""
    x, y, w, h = cv2.boundingRect(mask if mask.dtype == np.uint8 else mask.astype(np.uint8))
    if w == 0 or h == 0:
        return None
    return x, y, x + w, y + h
