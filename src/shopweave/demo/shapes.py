"""Product silhouettes for the sample store's photos: a bottle, a mug, a shirt, a ring, …

Each shape is drawn into a grey-level "shade" image: 0 is background, any other value is the
product, and the value says how lit that part is (faces of a box, the screen of a phone). The
photo renderer turns the shade into colour; `shade > 0` is the exact ground-truth mask.
Shapes are described in unit coordinates and scaled into a box, so they draw at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw

__all__ = ["SHAPES", "Box", "draw_shape"]

Box = tuple[int, int, int, int]
Point = tuple[float, float]

LIT = 235
MID = 190
DARK = 140
GLINT = 255


class _Pen:
    """Draws unit-coordinate primitives into a box of an image."""

    def __init__(self, draw: ImageDraw.ImageDraw, box: Box) -> None:
        self.draw = draw
        self.x0, self.y0, self.x1, self.y1 = box
        self.w = self.x1 - self.x0
        self.h = self.y1 - self.y0

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (self.x0 + x * self.w, self.y0 + y * self.h)

    def rect(self, x0: float, y0: float, x1: float, y1: float, shade: int, radius: float = 0.0) -> None:
        (ax, ay), (bx, by) = self.at(x0, y0), self.at(x1, y1)
        self.draw.rounded_rectangle((ax, ay, bx, by), radius=int(radius * min(self.w, self.h)), fill=shade)

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, shade: int, width: float = 0.0) -> None:
        box = (*self.at(x0, y0), *self.at(x1, y1))
        if width:
            self.draw.ellipse(box, outline=shade, width=max(2, int(width * min(self.w, self.h))))
        else:
            self.draw.ellipse(box, fill=shade)

    def polygon(self, points: Sequence[Point], shade: int) -> None:
        self.draw.polygon([self.at(x, y) for x, y in points], fill=shade)

    def arc(
        self, x0: float, y0: float, x1: float, y1: float, start: int, end: int, shade: int, width: float
    ) -> None:
        box = (*self.at(x0, y0), *self.at(x1, y1))
        self.draw.arc(box, start, end, fill=shade, width=max(2, int(width * min(self.w, self.h))))

    def line(self, points: Sequence[Point], shade: int, width: float) -> None:
        self.draw.line([self.at(x, y) for x, y in points], fill=shade, width=max(2, int(width * self.w)))


def _shirt(pen: _Pen) -> None:
    pen.polygon(
        [
            (0.33, 0.02),
            (0.42, 0.0),
            (0.5, 0.07),
            (0.58, 0.0),
            (0.67, 0.02),
            (1.0, 0.2),
            (0.88, 0.4),
            (0.78, 0.33),
            (0.78, 1.0),
            (0.22, 1.0),
            (0.22, 0.33),
            (0.12, 0.4),
            (0.0, 0.2),
        ],
        LIT,
    )
    pen.polygon([(0.42, 0.0), (0.5, 0.07), (0.58, 0.0), (0.5, 0.1)], MID)


def _hoodie(pen: _Pen) -> None:
    pen.polygon(
        [
            (0.3, 0.06),
            (0.7, 0.06),
            (0.95, 0.22),
            (1.0, 0.92),
            (0.88, 0.94),
            (0.8, 0.4),
            (0.8, 1.0),
            (0.2, 1.0),
            (0.2, 0.4),
            (0.12, 0.94),
            (0.0, 0.92),
            (0.05, 0.22),
        ],
        LIT,
    )
    pen.ellipse(0.36, 0.0, 0.64, 0.2, MID)
    pen.rect(0.34, 0.62, 0.66, 0.8, MID, radius=0.03)


def _bag(pen: _Pen) -> None:
    pen.arc(0.25, 0.0, 0.75, 0.55, 180, 360, DARK, width=0.05)
    pen.polygon([(0.1, 0.3), (0.9, 0.3), (1.0, 1.0), (0.0, 1.0)], LIT)
    pen.rect(0.1, 0.3, 0.9, 0.38, MID)


def _wallet(pen: _Pen) -> None:
    pen.rect(0.0, 0.2, 1.0, 0.85, LIT, radius=0.06)
    pen.rect(0.0, 0.2, 1.0, 0.45, MID, radius=0.06)
    pen.ellipse(0.46, 0.38, 0.54, 0.5, GLINT)


def _ring(pen: _Pen) -> None:
    pen.ellipse(0.1, 0.25, 0.9, 1.0, MID, width=0.1)
    pen.polygon([(0.38, 0.2), (0.5, 0.0), (0.62, 0.2), (0.5, 0.33)], GLINT)
    pen.polygon([(0.32, 0.24), (0.68, 0.24), (0.5, 0.34)], LIT)


def _necklace(pen: _Pen) -> None:
    pen.arc(0.05, -0.6, 0.95, 0.75, 20, 160, MID, width=0.025)
    pen.polygon([(0.5, 0.74), (0.6, 0.86), (0.5, 1.0), (0.4, 0.86)], GLINT)


def _mug(pen: _Pen) -> None:
    pen.ellipse(0.55, 0.25, 1.0, 0.75, MID, width=0.09)
    pen.rect(0.0, 0.08, 0.75, 1.0, LIT, radius=0.06)
    pen.ellipse(0.0, 0.02, 0.75, 0.16, MID)


def _vase(pen: _Pen) -> None:
    pen.polygon(
        [
            (0.36, 0.0),
            (0.64, 0.0),
            (0.6, 0.12),
            (0.6, 0.22),
            (0.95, 0.55),
            (0.82, 0.92),
            (0.65, 1.0),
            (0.35, 1.0),
            (0.18, 0.92),
            (0.05, 0.55),
            (0.4, 0.22),
            (0.4, 0.12),
        ],
        LIT,
    )
    pen.rect(0.34, 0.0, 0.66, 0.05, MID)


def _candle(pen: _Pen) -> None:
    pen.polygon([(0.5, 0.0), (0.58, 0.12), (0.5, 0.18), (0.42, 0.12)], GLINT)
    pen.rect(0.48, 0.15, 0.52, 0.24, DARK)
    pen.rect(0.1, 0.22, 0.9, 1.0, LIT, radius=0.04)
    pen.ellipse(0.1, 0.17, 0.9, 0.29, MID)


def _bottle(pen: _Pen) -> None:
    pen.rect(0.38, 0.0, 0.62, 0.08, DARK, radius=0.02)
    pen.polygon([(0.4, 0.07), (0.6, 0.07), (0.6, 0.2), (0.8, 0.35), (0.2, 0.35), (0.4, 0.2)], MID)
    pen.rect(0.2, 0.33, 0.8, 1.0, LIT, radius=0.06)
    pen.rect(0.2, 0.52, 0.8, 0.78, MID)


def _can(pen: _Pen) -> None:
    pen.rect(0.15, 0.05, 0.85, 1.0, LIT, radius=0.08)
    pen.ellipse(0.15, 0.0, 0.85, 0.1, MID)
    pen.rect(0.15, 0.35, 0.85, 0.6, MID)


def _phone(pen: _Pen) -> None:
    pen.rect(0.15, 0.0, 0.85, 1.0, MID, radius=0.1)
    pen.rect(0.2, 0.06, 0.8, 0.92, DARK, radius=0.04)
    pen.ellipse(0.46, 0.935, 0.54, 0.975, LIT)


def _headphones(pen: _Pen) -> None:
    pen.arc(0.08, 0.0, 0.92, 0.9, 180, 360, MID, width=0.07)
    pen.rect(0.02, 0.45, 0.24, 0.95, LIT, radius=0.08)
    pen.rect(0.76, 0.45, 0.98, 0.95, LIT, radius=0.08)


def _box(pen: _Pen) -> None:
    pen.polygon([(0.0, 0.3), (0.65, 0.3), (0.65, 1.0), (0.0, 1.0)], LIT)
    pen.polygon([(0.0, 0.3), (0.35, 0.05), (1.0, 0.05), (0.65, 0.3)], GLINT)
    pen.polygon([(0.65, 0.3), (1.0, 0.05), (1.0, 0.75), (0.65, 1.0)], MID)


def _jar(pen: _Pen) -> None:
    pen.rect(0.1, 0.0, 0.9, 0.3, DARK, radius=0.05)
    pen.rect(0.0, 0.27, 1.0, 1.0, LIT, radius=0.12)
    pen.rect(0.0, 0.5, 1.0, 0.75, MID)


def _tube(pen: _Pen) -> None:
    pen.polygon([(0.3, 0.0), (0.7, 0.0), (0.78, 0.7), (0.22, 0.7)], LIT)
    pen.rect(0.2, 0.68, 0.8, 1.0, DARK, radius=0.04)
    pen.rect(0.3, 0.0, 0.7, 0.06, MID)


SHAPES: dict[str, Callable[[_Pen], None]] = {
    "shirt": _shirt,
    "hoodie": _hoodie,
    "bag": _bag,
    "wallet": _wallet,
    "ring": _ring,
    "necklace": _necklace,
    "mug": _mug,
    "vase": _vase,
    "candle": _candle,
    "bottle": _bottle,
    "can": _can,
    "phone": _phone,
    "headphones": _headphones,
    "box": _box,
    "jar": _jar,
    "tube": _tube,
}

# Width over height of each shape's box, so silhouettes keep their proportions.
ASPECT: dict[str, float] = {
    "shirt": 1.0, "hoodie": 1.0, "bag": 0.9, "wallet": 1.4, "ring": 1.0, "necklace": 0.9,
    "mug": 1.15, "vase": 0.65, "candle": 0.7, "bottle": 0.38, "can": 0.55, "phone": 0.55,
    "headphones": 1.0, "box": 1.1, "jar": 1.2, "tube": 0.32,
}  # fmt: skip


def draw_shape(kind: str, size: tuple[int, int], box: Box) -> Image.Image:
    """A mode-L shade image of `size` with shape `kind` drawn inside `box` (0 = background)."""
    shade = Image.new("L", size, 0)
    SHAPES[kind](_Pen(ImageDraw.Draw(shade), box))
    return shade
