"""Rendering product photos in the varieties a real catalog has, each with its exact mask.

A `PhotoSpec` says what to draw (shape, colour) and how the shot went wrong or right (the
variety); `render_photo` turns it into JPEG bytes plus a PNG mask (255 = product) that is the
ground truth the studio's cutout can be scored against. Rendering is pure: the same spec gives
the same bytes, whatever thread or process runs it.

Varieties:
    studio_white   pure white (255, 255, 255) background, soft shadow, product fills the frame
    studio_grey    light grey sweep, soft shadow
    cluttered      textured surface, a table edge and props around the product
    off_centre     white background, product small and pushed towards a corner
    small          studio shot only 300 px on its longest side (below every channel's minimum)
    colour_cast    studio shot with a warm, cool or green cast from the light
"""

from __future__ import annotations

import io
from enum import StrEnum

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from pydantic import BaseModel, ConfigDict, Field

from shopweave.demo.shapes import ASPECT, draw_shape

__all__ = ["PhotoSpec", "RenderedPhoto", "Variety", "render_photo"]

RGB = tuple[int, int, int]


class Variety(StrEnum):
    """How a sample photo was shot."""

    STUDIO_WHITE = "studio_white"
    STUDIO_GREY = "studio_grey"
    CLUTTERED = "cluttered"
    OFF_CENTRE = "off_centre"
    SMALL = "small"
    COLOUR_CAST = "colour_cast"


class PhotoSpec(BaseModel):
    """Everything that decides one rendered photo."""

    model_config = ConfigDict(frozen=True)

    shape: str = Field(description="Silhouette name from `shopweave.demo.shapes.SHAPES`.", examples=["mug"])
    colour: RGB = Field(description="Base colour of the product.", examples=[(30, 90, 160)])
    variety: Variety = Field(description="How the shot was taken.", examples=["studio_white"])
    width: int = Field(ge=64, description="Width in pixels.", examples=[1200])
    height: int = Field(ge=64, description="Height in pixels.", examples=[1200])
    seed: int = Field(description="Seed of every random choice in the picture.", examples=[7001])


class RenderedPhoto(BaseModel):
    """A rendered photo and its ground-truth mask."""

    jpeg: bytes = Field(description="The photo, JPEG.")
    mask_png: bytes = Field(description="Mode-L PNG of the same size: 255 product, 0 background.")
    coverage: float = Field(description="Share of the frame the product covers.", examples=[0.42])


_CASTS: list[tuple[float, float, float]] = [(1.12, 1.0, 0.8), (0.84, 0.97, 1.15), (0.92, 1.1, 0.9)]
_SURFACES: list[RGB] = [(168, 130, 96), (122, 126, 120), (190, 180, 160), (90, 74, 62), (150, 160, 170)]


def _box(spec: PhotoSpec, rng: np.random.Generator) -> tuple[int, int, int, int]:
    """Where the product sits in the frame."""
    aspect = ASPECT[spec.shape]
    if spec.variety is Variety.OFF_CENTRE:
        fill = float(rng.uniform(0.3, 0.42))
    elif spec.variety is Variety.CLUTTERED:
        fill = float(rng.uniform(0.45, 0.6))
    else:
        fill = float(rng.uniform(0.72, 0.86))
    height = fill * spec.height
    width = height * aspect
    if width > fill * spec.width:
        width = fill * spec.width
        height = width / aspect
    if spec.variety is Variety.OFF_CENTRE:
        cx = spec.width * float(rng.choice([0.24, 0.76])) + rng.uniform(-0.03, 0.03) * spec.width
        cy = spec.height * float(rng.choice([0.3, 0.7]))
    else:
        cx = spec.width / 2 + rng.uniform(-0.02, 0.02) * spec.width
        cy = spec.height / 2 + rng.uniform(-0.02, 0.02) * spec.height
    x0 = int(max(2, cx - width / 2))
    y0 = int(max(2, cy - height / 2))
    return x0, y0, int(min(spec.width - 2, x0 + width)), int(min(spec.height - 2, y0 + height))


def _smooth_noise(
    rng: np.random.Generator, size: tuple[int, int], cells: int, amplitude: float
) -> Image.Image:
    """Low-frequency noise around 128, as a mode-L image of `size`."""
    small = 128 + rng.normal(0, amplitude, (cells, cells))
    grid = Image.fromarray(np.clip(small, 0, 255).astype(np.uint8), "L")
    return grid.resize(size, Image.Resampling.BICUBIC)


def _gradient(size: tuple[int, int], top: int, bottom: int) -> Image.Image:
    """A vertical mode-L ramp from `top` to `bottom`."""
    column = np.linspace(top, bottom, size[1], dtype=np.float32).astype(np.uint8)
    return Image.fromarray(column[:, None], "L").resize(size, Image.Resampling.NEAREST)


def _floor(spec: PhotoSpec, rng: np.random.Generator) -> Image.Image:
    """The grey level (mode L) of a studio background: pure white or a light grey sweep."""
    size = (spec.width, spec.height)
    if spec.variety in (Variety.STUDIO_WHITE, Variety.OFF_CENTRE):
        return Image.new("L", size, 255)
    grey = int(rng.integers(214, 236))
    return _gradient(size, min(255, grey + 14), grey - 16)


def _cluttered(spec: PhotoSpec, rng: np.random.Generator) -> Image.Image:
    size = (spec.width, spec.height)
    surface = _SURFACES[int(rng.integers(len(_SURFACES)))]
    wall = tuple(int(v) for v in rng.integers(150, 235, 3))
    background = Image.new("RGB", size, surface)
    edge = int(spec.height * rng.uniform(0.25, 0.45))
    ImageDraw.Draw(background).rectangle((0, 0, spec.width, edge), fill=wall)
    grain = _smooth_noise(rng, size, 140, 20.0)
    background = ImageChops.overlay(background, Image.merge("RGB", (grain, grain, grain)))
    blotches = _smooth_noise(rng, size, 6, 30.0)
    background = ImageChops.soft_light(background, Image.merge("RGB", (blotches, blotches, blotches)))
    draw = ImageDraw.Draw(background)
    for _ in range(int(rng.integers(4, 8))):
        colour = tuple(int(v) for v in rng.integers(20, 235, 3))
        w = int(spec.width * rng.uniform(0.08, 0.25))
        h = int(spec.height * rng.uniform(0.06, 0.22))
        x = int(rng.integers(0, spec.width - w))
        y = int(rng.integers(edge - h // 2, spec.height - h))
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + w, y + h), fill=colour)
        else:
            draw.rounded_rectangle((x, y, x + w, y + h), radius=min(w, h) // 6, fill=colour)
    return background


def _shadow(box: tuple[int, int, int, int], floor: Image.Image) -> None:
    """Darken `floor` under the product with a soft ellipse (drawn small, scaled up, in place)."""
    x0, _y0, x1, y1 = box
    pad = max(4, (x1 - x0) // 10)
    region = (
        max(0, x0 - 3 * pad),
        max(0, y1 - 4 * pad),
        min(floor.width, x1 + 3 * pad),
        min(floor.height, y1 + 3 * pad),
    )
    width, height = region[2] - region[0], region[3] - region[1]
    scale = 8
    small = Image.new("L", (max(1, width // scale), max(1, height // scale)), 0)
    ox, oy = region[0], region[1]
    ellipse = (
        (x0 - pad - ox) // scale,
        (y1 - 2 * pad - oy) // scale,
        (x1 + pad - ox) // scale,
        (y1 + pad - oy) // scale,
    )
    ImageDraw.Draw(small).ellipse(ellipse, fill=120)
    small = small.filter(ImageFilter.GaussianBlur(max(1, pad // scale)))
    darkness = small.resize((width, height), Image.Resampling.BILINEAR)
    floor.paste(ImageChops.subtract(floor.crop(region), darkness), region[:2])


def _product(spec: PhotoSpec, shade: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """Colour the shade image: base colour × shade, lit from the top left, with a soft highlight."""
    width, height = shade.size
    across = np.linspace(255, 190, width, dtype=np.float32).astype(np.uint8)
    down = np.linspace(250, 205, height, dtype=np.float32).astype(np.uint8)
    lit = ImageChops.multiply(shade, Image.fromarray(np.maximum.outer(down, across), "L"))
    # A specular stripe, as on glazed or glossy products: nested bands fake a soft edge.
    stripe = Image.new("L", shade.size, 0)
    draw = ImageDraw.Draw(stripe)
    x0, y0, x1, y1 = box
    centre, half = x0 + (x1 - x0) * 0.28, max(2.0, (x1 - x0) / 26)
    for spread, level in ((1.6, 22), (1.0, 45), (0.5, 70)):
        draw.rectangle((int(centre - half * spread), y0, int(centre + half * spread), y1), fill=level)
    lit = ImageChops.add(lit, ImageChops.multiply(stripe, shade.point([0] + [255] * 255)))
    channels = [lit.point([min(255, (v * c) // 200) for v in range(256)]) for c in spec.colour]
    return Image.merge("RGB", channels)


def _cast(image: Image.Image, factors: tuple[float, float, float]) -> Image.Image:
    bands = [
        band.point([min(255, int(v * f)) for v in range(256)])
        for band, f in zip(image.split(), factors, strict=True)
    ]
    return Image.merge("RGB", bands)


def render_photo(spec: PhotoSpec) -> RenderedPhoto:
    """Render `spec` into a JPEG photo and its PNG ground-truth mask."""
    rng = np.random.default_rng(spec.seed)
    size = (spec.width, spec.height)
    box = _box(spec, rng)
    shade = draw_shape(spec.shape, size, box)
    mask = shade.point([0] + [255] * 255)
    if spec.variety is Variety.CLUTTERED:
        photo = _cluttered(spec, rng)
    else:
        floor = _floor(spec, rng)
        _shadow(box, floor)
        photo = Image.merge("RGB", (floor, floor, floor))
    # Soft edges as a lens gives them; the mask stays exact.
    photo.paste(_product(spec, shade, box), (0, 0), mask.filter(ImageFilter.BoxBlur(1)))
    if spec.variety is Variety.COLOUR_CAST:
        photo = _cast(photo, _CASTS[int(rng.integers(len(_CASTS)))])
    jpeg = io.BytesIO()
    photo.save(jpeg, format="JPEG", quality=88)
    png = io.BytesIO()
    mask.save(png, format="PNG", compress_level=1)
    histogram = mask.histogram()
    coverage = histogram[255] / (spec.width * spec.height)
    return RenderedPhoto(jpeg=jpeg.getvalue(), mask_png=png.getvalue(), coverage=round(coverage, 4))
