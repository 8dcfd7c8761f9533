"""Classical segmentation: background model from the border, and GrabCut.

`analyse_background` fits a smooth colour model (a quadratic surface per Lab channel, so studio
sweeps and vignetting fit too) to the image border and says whether the background is plain.
`plain_background_mask` separates the product from such a background by colour distance, with
hysteresis, shadow separation (darker pixels of the background's own chroma are shadow, not
product) and hole filling. `grabcut_mask` is the fallback for cluttered photos without a model.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shopweave.studio.refine import fill_holes, keep_components


@dataclass(frozen=True)
class BackgroundModel:
    """The background as seen on the image border."""

    lab: np.ndarray
    """H×W×3 float32 Lab of the fitted background surface, at the analysed size."""
    colour_rgb: tuple[float, float, float]
    """Median border colour, sRGB 0–255."""
    agreement: float
    """Share of border pixels within ΔE 10 of the fitted surface."""
    noise: float
    """Robust spread (ΔE) of the agreeing border pixels."""

    @property
    def plain(self) -> bool:
        """Whether the background is plain enough for the fast colour-distance path."""
        return self.agreement >= 0.85 and self.noise <= 6.0


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """Lab (L 0–100, a/b about −128–127) as float32."""
    lab: np.ndarray = cv2.cvtColor(
        np.multiply(rgb, np.float32(1.0 / 255.0), dtype=np.float32), cv2.COLOR_RGB2Lab
    )
    return lab


def colour_distance(values: np.ndarray) -> np.ndarray:
    """Euclidean length along the last axis of an H×W×3 float32 array (ΔE for Lab differences)."""
    squares = cv2.transform(values * values, np.ones((1, 3), np.float32))
    result: np.ndarray = cv2.sqrt(squares)
    return result


def _design(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return np.stack([np.ones_like(xs), xs, ys, xs * xs, ys * ys, xs * ys], axis=1)


def analyse_background(lab: np.ndarray) -> BackgroundModel:
    """Fit the background surface to the border of `lab` (H×W×3 float32)."""
    height, width = lab.shape[:2]
    strip = max(2, round(0.02 * min(height, width)))
    border = np.zeros((height, width), dtype=bool)
    border[:strip] = border[-strip:] = True
    border[:, :strip] = border[:, -strip:] = True
    ys, xs = np.nonzero(border)
    step = max(1, len(xs) // 4000)
    ys, xs = ys[::step], xs[::step]
    values = lab[ys, xs]
    xn, yn = xs / max(1, width - 1) - 0.5, ys / max(1, height - 1) - 0.5
    design = _design(xn.astype(np.float32), yn.astype(np.float32))
    median = np.median(values, axis=0)
    inliers = np.linalg.norm(values - median, axis=1) < 15.0
    coef = np.zeros((6, 3), dtype=np.float32)
    coef[0] = median
    for _ in range(2):
        if inliers.sum() < 12:
            break
        # Normal equations of a 6-term fit: a 6×6 solve, far cheaper than an SVD per call.
        a, v = design[inliers].astype(np.float64), values[inliers].astype(np.float64)
        coef = np.linalg.solve(a.T @ a + 1e-9 * np.eye(6), a.T @ v).astype(np.float32)
        residual = np.linalg.norm(values - design @ coef, axis=1)
        inliers = residual < 10.0
    residual = np.linalg.norm(values - design @ coef, axis=1)
    agreement = float((residual < 10.0).mean())
    noise = float(np.median(residual[residual < 10.0]) * 1.4826) if agreement > 0 else 99.0
    # The surface is smooth: evaluate it on a coarse grid and interpolate.
    gh, gw = max(2, height // 8), max(2, width // 8)
    gy, gx = np.mgrid[0:gh, 0:gw].astype(np.float32)
    gx, gy = gx / (gw - 1) - 0.5, gy / (gh - 1) - 0.5
    coarse = (_design(gx.ravel(), gy.ravel()) @ coef).reshape(gh, gw, 3).astype(np.float32)
    surface = np.asarray(
        cv2.resize(coarse, (width, height), interpolation=cv2.INTER_LINEAR), dtype=np.float32
    )
    median_lab = np.median(values[residual < 10.0], axis=0) if agreement > 0 else median
    rgb = cv2.cvtColor(median_lab.reshape(1, 1, 3).astype(np.float32), cv2.COLOR_Lab2RGB)[0, 0] * 255.0
    colour = (float(rgb[0]), float(rgb[1]), float(rgb[2]))
    return BackgroundModel(lab=surface, colour_rgb=colour, agreement=agreement, noise=noise)


@dataclass(frozen=True)
class PlainMask:
    """Result of the plain-background separation."""

    mask: np.ndarray
    ambiguity: float
    """Share of edge-band pixels whose distance is close to the threshold (0 = crisp)."""
    darker: np.ndarray | None = None
    """Pixels darker than the background with nearly its hue, kept as object or not: where a
    segmentation model sees only background, these are shadows the colour model kept."""
    stray_edges: float = 0.0
    """Share of the image's edges away from the mask. A plain background has none, so edges there
    are parts the colour model missed (folds of a white shirt on white, a grey stone taken for
    shadow)."""


def plain_background_mask(
    lab: np.ndarray, background: BackgroundModel, *, separate_shadows: bool = True
) -> PlainMask:
    """Foreground by colour distance to the background model, shadows separated, holes handled."""
    diff = lab - background.lab
    distance = colour_distance(diff)
    threshold = max(8.0, 4.0 * background.noise)
    low = distance > threshold
    shadow = np.zeros(low.shape, dtype=bool)
    lightness = lab[..., 0]
    # Chroma difference and relative lightness against the background: shadows have its hue, darker.
    chroma = cv2.magnitude(np.ascontiguousarray(diff[..., 1]), np.ascontiguousarray(diff[..., 2]))
    ratio = lightness / np.maximum(background.lab[..., 0], 1.0)
    if separate_shadows:
        # Texture = local spread of the high-pass lightness: a smooth shadow ramp has none.
        detail = lightness - cv2.GaussianBlur(lightness, (0, 0), 2.0)
        texture = np.sqrt(cv2.blur(detail * detail, (5, 5)))
        # Shadows: the background's own hue, darker, and smooth (a grey product has texture).
        shadow = (chroma < 6.0) & (ratio > 0.55) & (ratio < 1.0) & (distance < 40.0) & (texture < 3.0)
        shadow &= ~_enclosed_by(shadow & low, low & ~shadow)
        low &= ~shadow
    high = distance > 2.5 * threshold
    if separate_shadows:
        high &= low
    # Hysteresis: keep weak regions only where they touch a strong one.
    count, labels = cv2.connectedComponents(low.astype(np.uint8), connectivity=8)
    strong = np.bincount(labels[high], minlength=count) > 0
    strong[0] = False
    mask = strong[labels]
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0
    min_area = max(16, int(0.0005 * mask.size))
    # Edge pixels mix object and background: keep those at least half as far from the
    # background as the solid object next to them (alpha ≥ 0.5).
    local_max = cv2.dilate(distance, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    mask &= distance >= 0.5 * local_max
    mask = keep_components(mask, min_ratio=0.02, min_area=min_area)
    mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, kernel) > 0
    mask = fill_holes(mask, background_like=distance < threshold / 2)
    edge = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_GRADIENT, np.ones((5, 5), np.uint8)) > 0
    near = (distance > threshold / 2) & (distance < 2 * threshold)
    ambiguity = float(near[edge].mean()) if edge.any() else 1.0
    darker = (ratio < 0.97) & (chroma < 12.0)
    # Edges of the object and of the shadow it casts are explained; any others are not.
    stray = _stray_edges(lightness, mask | (shadow & (distance > threshold)))
    return PlainMask(mask=mask, ambiguity=ambiguity, darker=darker, stray_edges=stray)


def _enclosed_by(regions: np.ndarray, solid: np.ndarray, share: float = 0.5) -> np.ndarray:
    """The connected parts of `regions` whose outline mostly (> `share`) touches `solid`.

    A shadow lies on the floor beside the object, so most of its outline meets the background; a
    smooth grey part of the object (a stone face, a metal panel) is mostly surrounded by object.
    """
    count, labels = cv2.connectedComponents(regions.astype(np.uint8), connectivity=8)
    if count <= 1:
        return np.zeros(regions.shape, dtype=bool)
    # Each outline pixel takes the label of the region next to it (the largest label, if two).
    kind = np.uint16 if count < 65536 else np.float32  # OpenCV dilates 16-bit or float, not int32
    grown = cv2.dilate(labels.astype(kind), np.ones((3, 3), np.uint8)).astype(np.intp)
    outline = (grown > 0) & ~regions
    total = np.bincount(grown[outline], minlength=count)
    touching = np.bincount(grown[outline & solid], minlength=count)
    enclosed = touching > share * np.maximum(total, 1)
    enclosed[0] = False
    result: np.ndarray = enclosed[labels]
    return result


def _stray_edges(lightness: np.ndarray, explained: np.ndarray) -> float:
    """Share of the image's edges (Canny on lightness) lying more than 3 px away from `explained`."""
    grey = cv2.convertScaleAbs(lightness, alpha=2.55)  # L 0–100 to 0–255, saturating, one pass
    edges = cv2.Canny(grey, 20, 40) > 0
    total = int(edges.sum())
    if total == 0:
        return 0.0
    near = cv2.dilate(explained.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    return float((edges & ~near).sum() / total)


def grabcut_mask(
    bgr: np.ndarray,
    *,
    rect: tuple[int, int, int, int] | None = None,
    init: np.ndarray | None = None,
    iterations: int = 5,
) -> np.ndarray:
    """GrabCut from a rectangle (x, y, w, h) or an initial GC_* label mask; returns a bool mask."""
    cv2.setRNGSeed(0)  # GrabCut's k-means starts from OpenCV's global RNG: same input, same mask
    background = np.zeros((1, 65), np.float64)
    foreground = np.zeros((1, 65), np.float64)
    if init is not None:
        labels = init.copy()
        has_fg = bool(((labels == cv2.GC_FGD) | (labels == cv2.GC_PR_FGD)).any())
        has_bg = bool(((labels == cv2.GC_BGD) | (labels == cv2.GC_PR_BGD)).any())
        if not (has_fg and has_bg):
            fallback: np.ndarray = (labels == cv2.GC_FGD) | (labels == cv2.GC_PR_FGD)
            return fallback
        cv2.grabCut(bgr, labels, (0, 0, 0, 0), background, foreground, iterations, cv2.GC_INIT_WITH_MASK)
    else:
        assert rect is not None
        labels = np.zeros(bgr.shape[:2], np.uint8)
        cv2.grabCut(bgr, labels, rect, background, foreground, iterations, cv2.GC_INIT_WITH_RECT)
    result: np.ndarray = (labels == cv2.GC_FGD) | (labels == cv2.GC_PR_FGD)
    return result


def inset_rect(width: int, height: int, inset: float = 0.05) -> tuple[int, int, int, int]:
    """The rectangle `inset` of each side inside the image, as (x, y, w, h)."""
    dx, dy = max(1, int(width * inset)), max(1, int(height * inset))
    return dx, dy, width - 2 * dx, height - 2 * dy
