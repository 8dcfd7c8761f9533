"""Rendering on preset canvases: pure white, fill, shadows, transparency, fidelity; golden hashes."""

from __future__ import annotations

import numpy as np
import pytest

from shopweave.studio import cutout_with
from shopweave.studio.audit import dhash, hamming
from shopweave.studio.presets import Background, Canvas, Preset, Shadow, load_preset
from shopweave.studio.render import render
from tests.studio.images import product_shot, save_failure

GOLDEN_DHASH = {
    "amazon-main": "2676777535377727",
    "etsy": "0c0c0f0d0d0f0f0f",
}


@pytest.mark.parametrize("name", sorted(GOLDEN_DHASH), ids=sorted(GOLDEN_DHASH))
def test_preset_renders_match_their_golden_perceptual_hash(name: str) -> None:
    rgb, _ = product_shot((236, 230, 220))
    rendered = render(rgb, cutout_with(rgb, segmenter=None), load_preset(name))
    distance = hamming(dhash(rendered.image), GOLDEN_DHASH[name])
    if distance > 4:
        save_failure(f"golden-{name}", rendered.image)
    assert distance <= 4


def test_amazon_main_is_pure_white_filled_and_faithful() -> None:
    # given a product on a tinted, slightly dark background
    rgb, _ = product_shot((236, 230, 220))
    cut = cutout_with(rgb, segmenter=None)
    # when rendered for Amazon's main image
    rendered = render(rgb, cut, load_preset("amazon-main"))
    image = rendered.image
    # then the canvas is 2,000 px square, its border pure white, the product fills 88 %
    assert image.shape == (2000, 2000, 3)
    border = np.concatenate(
        [image[:20].reshape(-1, 3), image[-20:].reshape(-1, 3), image[:, :20].reshape(-1, 3)]
    )
    assert border.min() == 255
    x0, y0, x1, y1 = rendered.product_box
    assert max(x1 - x0, y1 - y0) == 1760
    # and the background-derived corrections are declared and the product otherwise unchanged
    assert "white-balance" in rendered.operations
    assert "exposure" in rendered.operations
    assert rendered.fidelity.ok is True
    assert rendered.fidelity.mean_abs_diff < 4.0


def test_a_drop_shadow_falls_in_its_direction() -> None:
    rgb, _ = product_shot((255, 255, 255), shadow=False)
    cut = cutout_with(rgb, segmenter=None)
    preset = Preset(
        name="drop", canvas=Canvas(width=400, height=400), fill=0.6, sharpen=0.0,
        shadow=Shadow(kind="drop", direction=0.0, distance=0.2, softness=0.02, intensity=0.5),
    )  # fmt: skip
    image = render(rgb, cut, preset).image.astype(int)
    x0, y0, x1, y1 = render(rgb, cut, preset).product_box
    right, left = image[y0:y1, x1 : x1 + 40], image[y0:y1, x0 - 40 : x0]
    assert right.mean() < 245.0
    assert left.min() == 255


def test_transparent_output_keeps_the_alpha() -> None:
    rgb, _truth = product_shot((255, 255, 255))
    rendered = render(rgb, cutout_with(rgb, segmenter=None), load_preset("transparent"))
    assert rendered.image.shape[2] == 4
    assert rendered.image[0, 0, 3] == 0
    assert max(rendered.image.shape[:2]) == 2000


def test_a_gradient_background_runs_top_to_bottom() -> None:
    rgb, _ = product_shot((255, 255, 255))
    preset = Preset(
        name="g", canvas=Canvas(width=100, height=200), background=Background(kind="gradient", colour=(250, 250, 250), colour2=(200, 200, 200)),
        shadow=Shadow(kind="none"), fill=0.5,
    )  # fmt: skip
    image = render(rgb, cutout_with(rgb, segmenter=None), preset).image
    assert tuple(image[0, 0]) == (250, 250, 250)
    assert tuple(image[-1, 0]) == (200, 200, 200)


@pytest.mark.parametrize("size", [(64, 64), (150, 130), (7, 300)], ids=["one-tile", "ragged", "thin"])
def test_tiled_compositing_is_the_alpha_blend(size: tuple[int, int]) -> None:
    # given a product with solid, empty and soft tiles over a busy region
    from shopweave.studio.render import _composite

    rng = np.random.default_rng(7)
    height, width = size
    alpha = rng.integers(0, 256, size).astype(np.uint8)
    alpha[: height // 2, : width // 2] = 255
    alpha[height // 2 :, width // 2 :] = 0
    product = rng.integers(0, 256, (*size, 3)).astype(np.uint8)
    region = rng.integers(0, 256, (*size, 3)).astype(np.uint8)
    expected = alpha[..., None] / 255.0 * product + (1 - alpha[..., None] / 255.0) * region
    # when composited in place
    _composite(region, product, alpha)
    # then every pixel is the blend, rounded (float32 weights: a hair over half a level at most)
    assert float(np.abs(region - expected).max()) < 0.51
