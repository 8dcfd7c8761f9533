"""Fast shrinking: the same pixels as OpenCV's area filter where it is exact, the right size always."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shopweave.studio.resample import fit_within, shrink


def noise(height: int, width: int, channels: int = 3) -> np.ndarray:
    rng = np.random.default_rng(3)
    shape = (height, width, channels) if channels > 1 else (height, width)
    return rng.integers(0, 256, shape).astype(np.uint8)


@pytest.mark.parametrize(
    ("shape", "size"),
    [((400, 600, 1), (300, 200)), ((480, 640, 3), (320, 240))],
    ids=["half-grey", "half-colour"],
)
def test_halving_is_exactly_the_area_filter(shape: tuple[int, int, int], size: tuple[int, int]) -> None:
    # given an image whose target is half its size
    image = noise(shape[0], shape[1], shape[2])
    # when shrunk
    small = shrink(image, size)
    # then it is pixel for pixel OpenCV's area average
    assert np.array_equal(small, cv2.resize(image, size, interpolation=cv2.INTER_AREA))


def test_quartering_rounds_twice_at_most_one_level_off() -> None:
    # given an image shrunk to a quarter (two halvings, each rounded)
    image = noise(400, 600)
    # when shrunk
    small = shrink(image, (150, 100)).astype(np.int16)
    # then no pixel is more than one level from the single 4×4 average
    reference = cv2.resize(image, (150, 100), interpolation=cv2.INTER_AREA).astype(np.int16)
    assert int(np.abs(small - reference).max()) == 1


@pytest.mark.parametrize(
    ("shape", "size"),
    [
        ((1500, 2000), (640, 480)),
        ((2001, 1999), (641, 640)),
        ((700, 900), (640, 498)),
        ((100, 80), (160, 200)),
    ],
    ids=["3.1x", "odd-sides", "under-2x", "enlarge"],
)
def test_any_target_size_is_met(shape: tuple[int, int], size: tuple[int, int]) -> None:
    # given an image and a target size
    image = noise(*shape)
    # when shrunk
    small = shrink(image, size)
    # then the result has exactly that size and stays close to the area filter on smooth content
    assert small.shape == (size[1], size[0], 3)
    smooth = cv2.GaussianBlur(image, (0, 0), 8)
    reference = cv2.resize(smooth, size, interpolation=cv2.INTER_AREA).astype(np.int16)
    assert float(np.abs(shrink(smooth, size).astype(np.int16) - reference).mean()) < 1.0


def test_fit_within_keeps_small_images_and_scales_large_ones() -> None:
    assert fit_within(400, 300, 640) == (1.0, (400, 300))
    assert fit_within(2000, 1500, 640) == (0.32, (640, 480))
