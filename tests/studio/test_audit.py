"""Audit: each problem code on an image made to have it, and a clean render that passes."""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pytest

from shopweave.studio import cutout_with
from shopweave.studio.audit import audit_image, near_duplicates
from shopweave.studio.presets import load_preset
from shopweave.studio.render import render
from tests.studio.images import product_shot


def amazon_render(colour: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """A clean Amazon main image (made once per colour; callers get a copy)."""
    return _amazon_render(colour).copy()


@functools.cache
def _amazon_render(colour: tuple[int, int, int]) -> np.ndarray:
    rgb, _ = product_shot(colour, size=(1200, 1600))
    return render(rgb, cutout_with(rgb, segmenter=None), load_preset("amazon-main")).image


def audit(rgb: np.ndarray, channel: str = "amazon") -> list[str]:
    result = audit_image(rgb, name="x.jpg", channel=channel, cut=cutout_with(rgb, segmenter=None))  # type: ignore[arg-type]
    return result.codes


def test_a_clean_amazon_render_passes() -> None:
    assert audit(amazon_render()) == []


def with_text(rgb: np.ndarray) -> np.ndarray:
    out = rgb.copy()
    cv2.putText(out, "SALE 50% OFF", (60, 95), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (200, 0, 0), 6)
    return out


def with_border(rgb: np.ndarray) -> np.ndarray:
    out = rgb.copy()
    cv2.rectangle(out, (0, 0), (out.shape[1] - 1, out.shape[0] - 1), (20, 20, 20), 12)
    return out


def blurred(rgb: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(rgb, (0, 0), 12)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (with_text, "image.overlay"),
        (with_border, "image.border"),
        (blurred, "image.blurry"),
        (lambda rgb: cv2.resize(rgb, (400, 400), interpolation=cv2.INTER_AREA), "image.too_small"),
        (
            lambda rgb: cv2.copyMakeBorder(rgb, 0, 0, 1200, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255)),
            "product.off_centre",
        ),
        (
            lambda rgb: cv2.copyMakeBorder(
                cv2.resize(rgb, (1000, 1000)), 500, 500, 500, 500, cv2.BORDER_CONSTANT, value=(255, 255, 255)
            ),
            "product.fill_low",
        ),
        (lambda rgb: (rgb.astype(np.float32) * (0.93, 0.93, 0.80)).astype(np.uint8), "background.not_white"),
        (lambda rgb: (rgb.astype(np.float32) * (0.93, 0.93, 0.80)).astype(np.uint8), "image.colour_cast"),
        (lambda rgb: (rgb.astype(np.float32) * 0.12).astype(np.uint8), "image.underexposed"),
    ],
    ids=[
        "text-overlay",
        "border",
        "blurry",
        "too-small",
        "off-centre",
        "fill-low",
        "not-white",
        "colour-cast",
        "dark",
    ],
)
def test_each_problem_is_found(make, expected: str) -> None:  # type: ignore[no-untyped-def]
    # given a clean render spoiled in one way
    image = make(amazon_render())
    # when audited for Amazon
    codes = audit(image)
    # then the problem is reported with its stable code
    assert expected in codes


def test_not_square_is_a_shopify_warning() -> None:
    rgb, _ = product_shot(size=(1200, 900))
    result = audit_image(rgb, name="p.jpg", channel="shopify", cut=cutout_with(rgb, segmenter=None))
    problem = next(p for p in result.problems if p.code == "image.not_square")
    assert problem.severity == "warning"
    assert result.passed is True


def test_near_duplicates_are_paired() -> None:
    first = amazon_render()
    second = cv2.resize(first, (1500, 1500))
    other = np.full((800, 800, 3), 255, np.uint8)
    other[100:700, 350:450] = (10, 10, 10)
    results = [audit_image(img, name=f"{i}.jpg") for i, img in enumerate([first, second, other])]
    near_duplicates(results)
    assert [r.codes for r in results] == [["image.near_duplicate"], ["image.near_duplicate"], []]
    assert results[0].problems[0].message.startswith("looks like 1.jpg")
