"""Image audit and channel compliance: per image, the problems found, each with a stable code.

    code                     severity   what
    image.too_small          error/warn under the channel's minimum / zoom size
    image.too_large          error      over the channel's maximum side or pixel count
    image.not_square         warning    where the channel wants square images
    background.not_white     error      main images whose border is not pure white (255,255,255)
    product.not_found        error      no product could be separated from the background
    product.fill_low         error/warn product smaller than the channel's fill threshold
    product.off_centre       warning    product centre more than 10 % from the frame's centre
    image.blurry             warning    little high-frequency detail on the product
    image.overexposed        warning    a large share of the product clipped to white
    image.underexposed       warning    the product is very dark
    image.colour_cast        warning    the (plain) background or the whole image is tinted
    image.border             error      a uniform frame line along three or more sides
    image.overlay            error      text/logo-like marks on the background (watermarks)
    image.near_duplicate     warning    perceptual hash within 5 bits of another image

`audit_image` needs the image and, for product checks, a `Cutout`. `near_duplicates` compares the
perceptual hashes of a set of audited images.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from shopweave.studio.classical import BackgroundModel, analyse_background, colour_distance, to_lab
from shopweave.studio.cutout import Cutout
from shopweave.studio.refine import keep_components
from shopweave.studio.resample import fit_within, shrink

Channel = Literal["amazon", "shopify", "etsy", "ebay", "google", "none"]
Severity = Literal["error", "warning"]


class ChannelRules(BaseModel):
    """What a channel requires of an image (see docs/studio.md for the sources)."""

    model_config = ConfigDict(frozen=True)

    min_side: int = Field(description="Longest side under this is an error.", examples=[500])
    zoom_side: int = Field(description="Longest side under this is a warning.", examples=[1000])
    max_side: int = Field(description="Longest side over this is an error.", examples=[10000])
    max_pixels: int = Field(
        default=64_000_000, description="Pixel count over this is an error.", examples=[64_000_000]
    )
    square: bool = Field(default=False, description="Square images expected.", examples=[True])
    white_background: bool = Field(default=False, description="Main images need pure white.", examples=[True])
    min_fill: float = Field(default=0.0, description="Product fill under this is a problem.", examples=[0.85])
    no_overlays: bool = Field(default=True, description="No text, watermarks or borders.", examples=[True])


CHANNEL_RULES: dict[str, ChannelRules] = {
    "amazon": ChannelRules(
        min_side=500, zoom_side=1000, max_side=10_000, white_background=True, min_fill=0.85
    ),
    "shopify": ChannelRules(min_side=100, zoom_side=800, max_side=4472, max_pixels=20_000_000, square=True),
    "etsy": ChannelRules(min_side=500, zoom_side=2000, max_side=10_000),
    "ebay": ChannelRules(min_side=500, zoom_side=1000, max_side=10_000),
    "google": ChannelRules(min_side=100, zoom_side=800, max_side=10_000),
    "none": ChannelRules(min_side=1, zoom_side=1, max_side=100_000, max_pixels=10**10, no_overlays=False),
}


class Problem(BaseModel):
    """One finding of the audit."""

    code: str = Field(description="Stable problem code.", examples=["product.fill_low"])
    severity: Severity = Field(description="`error` fails the channel's rules.", examples=["error"])
    message: str = Field(
        description="What is wrong and what to do.", examples=["product fills 62% of the frame"]
    )
    value: float | None = Field(default=None, description="The measured value.", examples=[0.62])


class AuditResult(BaseModel):
    """The audit of one image."""

    image: str = Field(description="Name of the image.", examples=["mug.jpg"])
    channel: Channel = Field(description="Channel whose rules were applied.", examples=["amazon"])
    width: int = Field(description="Width in pixels.", examples=[2000])
    height: int = Field(description="Height in pixels.", examples=[2000])
    fill: float | None = Field(
        default=None, description="Product size / frame on its limiting axis.", examples=[0.88]
    )
    phash: str = Field(description="64-bit difference hash, hex.", examples=["f0e0c0c0e0f0f8fc"])
    problems: list[Problem] = Field(default_factory=list, description="Findings.", examples=[[]])

    @property
    def passed(self) -> bool:
        """No error-level problem."""
        return not any(p.severity == "error" for p in self.problems)

    @property
    def codes(self) -> list[str]:
        """The problem codes, sorted."""
        return sorted(p.code for p in self.problems)


def dhash(rgb: np.ndarray) -> str:
    """64-bit difference hash (9×8 grey thumbnail, left-right gradients) as 16 hex digits."""
    grey = cv2.cvtColor(rgb[..., :3], cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (9, 8), interpolation=cv2.INTER_AREA).astype(np.int16)
    bits = (small[:, 1:] > small[:, :-1]).ravel()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def hamming(a: str, b: str) -> int:
    """Number of differing bits of two hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def audit_image(
    rgb: np.ndarray,
    *,
    name: str,
    channel: Channel = "none",
    cut: Cutout | None = None,
    main_image: bool = True,
    side: int = 640,
) -> AuditResult:
    """Check one RGB image (and its cutout, if given) against `channel`'s rules.

    The pixel checks run on a thumbnail whose longest side is at most `side` (sizes and fill are
    measured on the full image).
    """
    rules = CHANNEL_RULES[channel]
    height, width = rgb.shape[:2]
    _scale, size = fit_within(width, height, side)
    small = shrink(rgb, size)
    problems: list[Problem] = []
    problems += _size_problems(width, height, rules)
    fill = None
    if cut is not None:
        mask_small = shrink(cut.alpha, size) >= 128
        fill, product_problems = _product_problems(cut, width, height, rules)
        problems += product_problems
        problems += _quality_problems(small, mask_small if mask_small.any() else None)
    else:
        mask_small = None
        problems += _quality_problems(small, None)
    lab = to_lab(small)
    if rules.white_background and main_image:
        problems += _white_problems(small)
    background = analyse_background(lab)
    problems += _cast_problems(lab, background)
    if rules.no_overlays:
        problems += _border_problems(lab)
        problems += _overlay_problems(lab, background, mask_small)
    return AuditResult(
        image=name,
        channel=channel,
        width=width,
        height=height,
        fill=fill,
        phash=dhash(small),
        problems=problems,
    )


def near_duplicates(results: list[AuditResult], *, max_bits: int = 5) -> None:
    """Add `image.near_duplicate` to every result whose hash is within `max_bits` of another's."""
    for i, first in enumerate(results):
        for second in results[i + 1 :]:
            distance = hamming(first.phash, second.phash)
            if distance <= max_bits:
                for one, other in ((first, second), (second, first)):
                    one.problems.append(
                        Problem(
                            code="image.near_duplicate",
                            severity="warning",
                            message=f"looks like {other.image} ({distance} of 64 hash bits differ)",
                            value=float(distance),
                        )
                    )


def _size_problems(width: int, height: int, rules: ChannelRules) -> list[Problem]:
    longest = max(width, height)
    problems = []
    if longest < rules.min_side:
        problems.append(
            Problem(
                code="image.too_small",
                severity="error",
                value=float(longest),
                message=f"longest side {longest} px is under the minimum {rules.min_side} px",
            )
        )
    elif longest < rules.zoom_side:
        problems.append(
            Problem(
                code="image.too_small",
                severity="warning",
                value=float(longest),
                message=f"longest side {longest} px is under {rules.zoom_side} px (no zoom)",
            )
        )
    if longest > rules.max_side or width * height > rules.max_pixels:
        problems.append(
            Problem(
                code="image.too_large",
                severity="error",
                value=float(longest),
                message=f"{width} × {height} is over the channel's maximum",
            )
        )
    if rules.square and width != height:
        problems.append(
            Problem(
                code="image.not_square",
                severity="warning",
                value=round(width / height, 3),
                message=f"{width} × {height} is not square; the channel recommends square images",
            )
        )
    return problems


def _product_problems(
    cut: Cutout, width: int, height: int, rules: ChannelRules
) -> tuple[float | None, list[Problem]]:
    if cut.box is None:
        return None, [
            Problem(code="product.not_found", severity="error", message="no product found in the image")
        ]
    x0, y0, x1, y1 = cut.box
    fill = round(max((x1 - x0) / width, (y1 - y0) / height), 3)
    problems = []
    if fill < rules.min_fill:
        problems.append(
            Problem(
                code="product.fill_low",
                severity="error",
                value=fill,
                message=f"product fills {fill:.0%} of the frame; the channel asks ≥ {rules.min_fill:.0%}",
            )
        )
    off = max(abs((x0 + x1) / 2 / width - 0.5), abs((y0 + y1) / 2 / height - 0.5))
    if off > 0.1:
        problems.append(
            Problem(
                code="product.off_centre",
                severity="warning",
                value=round(off, 3),
                message=f"product centre is {off:.0%} of the frame away from the centre",
            )
        )
    return fill, problems


def _quality_problems(rgb: np.ndarray, mask: np.ndarray | None) -> list[Problem]:
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    region = mask if mask is not None else np.ones(grey.shape, dtype=bool)
    problems = []
    inner = cv2.erode(region.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if inner.sum() > 400:
        sharpness = float(cv2.Laplacian(grey, cv2.CV_32F)[inner].var())
        if sharpness < 20.0:
            problems.append(
                Problem(
                    code="image.blurry",
                    severity="warning",
                    value=round(sharpness, 1),
                    message=f"little fine detail on the product (Laplacian variance {sharpness:.0f}); reshoot in focus",
                )
            )
    values = grey[region]
    if values.size:
        clipped = float((values >= 250).mean())
        if mask is not None and clipped > 0.25:
            problems.append(
                Problem(
                    code="image.overexposed",
                    severity="warning",
                    value=round(clipped, 3),
                    message=f"{clipped:.0%} of the product is clipped to white",
                )
            )
        median = float(np.median(values))
        if median < 40:
            problems.append(
                Problem(
                    code="image.underexposed",
                    severity="warning",
                    value=median,
                    message=f"the product is very dark (median brightness {median:.0f}/255)",
                )
            )
    return problems


def _white_problems(rgb: np.ndarray) -> list[Problem]:
    height, width = rgb.shape[:2]
    strip = max(2, round(0.02 * min(height, width)))
    border = np.concatenate(
        [
            rgb[:strip].reshape(-1, 3),
            rgb[-strip:].reshape(-1, 3),
            rgb[:, :strip].reshape(-1, 3),
            rgb[:, -strip:].reshape(-1, 3),
        ]
    )
    white = float((border.min(axis=1) >= 250).mean())
    if white < 0.97:
        return [
            Problem(
                code="background.not_white",
                severity="error",
                value=round(white, 3),
                message=f"only {white:.0%} of the border is pure white; main images need RGB 255,255,255",
            )
        ]
    return []


def _cast_problems(lab: np.ndarray, background: BackgroundModel) -> list[Problem]:
    if background.plain:
        bg_lab = cv2.cvtColor(
            np.asarray(background.colour_rgb, np.float32).reshape(1, 1, 3) / 255.0, cv2.COLOR_RGB2Lab
        )[0, 0]
        if bg_lab[0] > 60:
            chroma = float(np.hypot(bg_lab[1], bg_lab[2]))
            if chroma > 6.0:
                return [
                    Problem(
                        code="image.colour_cast",
                        severity="warning",
                        value=round(chroma, 1),
                        message=f"the light background is tinted (chroma {chroma:.1f}); white-balance it",
                    )
                ]
        return []
    mean_a, mean_b = float(lab[..., 1].mean()), float(lab[..., 2].mean())
    chroma = float(np.hypot(mean_a, mean_b))
    if chroma > 15.0:
        return [
            Problem(
                code="image.colour_cast",
                severity="warning",
                value=round(chroma, 1),
                message=f"the whole image leans to one colour (mean chroma {chroma:.1f})",
            )
        ]
    return []


def _border_problems(lab: np.ndarray) -> list[Problem]:
    sides = 0
    for line in (
        lab[:6],
        lab[::-1][:6],
        lab[:, :6].transpose(1, 0, 2),
        lab[:, ::-1][:, :6].transpose(1, 0, 2),
    ):
        outer = line[:1].reshape(-1, 3)  # the outermost row: a thin frame shrinks to ~1 px
        inner = line[4:6].reshape(-1, 3)
        uniform = float(np.linalg.norm(outer - np.median(outer, axis=0), axis=1).mean()) < 2.0
        jump = float(np.linalg.norm(np.median(outer, axis=0) - np.median(inner, axis=0)))
        if uniform and jump > 12.0:
            sides += 1
    if sides >= 3:
        return [
            Problem(
                code="image.border",
                severity="error",
                value=float(sides),
                message=f"a frame line runs along {sides} sides; remove added borders",
            )
        ]
    return []


def _overlay_problems(
    lab: np.ndarray, background: BackgroundModel, product: np.ndarray | None
) -> list[Problem]:
    if not background.plain:
        return []
    height, width = lab.shape[:2]
    marks = colour_distance(lab - background.lab) > 25.0
    if product is not None and product.any():
        # Only the main product is exempt: small marks the cutout kept beside it may be text.
        main = keep_components(product, min_ratio=1.0)
        marks &= ~(cv2.dilate(main.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0)
    marks_u8 = marks.astype(np.uint8)
    if cv2.connectedComponents(marks_u8, connectivity=8)[0] - 1 < 4:
        return []  # fewer than 4 marks cannot be a line of text (the cheap count decides)
    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(marks_u8, connectivity=8)
    glyphs = [
        (centroids[i][1], stats[i, cv2.CC_STAT_HEIGHT])
        for i in range(1, count)
        if 4 <= stats[i, cv2.CC_STAT_AREA] <= 0.01 * height * width
        and 0.01 * height <= stats[i, cv2.CC_STAT_HEIGHT] <= 0.12 * height
    ]
    if len(glyphs) < 4:
        return []
    rows = np.asarray([g[0] for g in glyphs])
    tall = float(np.median([g[1] for g in glyphs]))
    best = max(int((np.abs(rows - r) < tall).sum()) for r in rows)
    if best >= 4:
        return [
            Problem(
                code="image.overlay",
                severity="error",
                value=float(best),
                message=f"{best} text-like marks in a row on the background; remove text, logos and watermarks",
            )
        ]
    return []
