"""Cutout: golden IoU on synthetic studio shots, hints, holes, shadows, the fallback path."""

from __future__ import annotations

import numpy as np
import pytest

from shopweave.studio import BoxHint, PointHint, cutout_with
from shopweave.studio.errors import HintError
from tests.studio.images import cluttered_shot, iou, product_shot, save_failure

BACKGROUNDS = {
    "white": (255, 255, 255),
    "off-white": (246, 246, 244),
    "light-grey": (225, 225, 225),
    "beige": (236, 230, 220),
    "pale-blue": (225, 232, 240),
}


@pytest.mark.parametrize("shadow", [True, False], ids=["with-shadow", "no-shadow"])
@pytest.mark.parametrize("colour", list(BACKGROUNDS.values()), ids=list(BACKGROUNDS))
def test_plain_background_cutout_matches_the_true_mask(colour: tuple[int, int, int], shadow: bool) -> None:
    # given a product on a plain studio background
    rgb, truth = product_shot(colour, shadow=shadow)
    # when it is cut out without a model
    result = cutout_with(rgb, segmenter=None)
    # then the fast path ran, the mask matches within tolerance, and nothing needs review
    score = iou(result.mask, truth)
    if score < 0.98:
        save_failure(f"plain-{colour}-{shadow}", rgb, truth, result.alpha)
    assert result.method == "plain-background"
    assert score >= 0.98
    assert result.needs_review is False
    assert result.background_rgb is not None


def test_the_see_through_handle_stays_transparent_and_the_shadow_is_not_product() -> None:
    # given a mug whose handle shows the background, with a shadow under it
    rgb, truth = product_shot((255, 255, 255), shadow=True)
    # when cut out
    result = cutout_with(rgb, segmenter=None)
    # then the hole inside the handle is background, and so is the shadow below the mug
    height, width = truth.shape
    handle_hole = (height // 2, width // 2 - width // 12 + width // 7 + 10)
    assert truth[handle_hole] == False  # noqa: E712 - numpy bool
    assert result.alpha[handle_hole] == 0
    below = (height * 3 // 4 + 4, width // 2 - width // 12)
    assert result.alpha[below] == 0


def test_box_and_result_box_agree() -> None:
    # given a product shot
    rgb, truth = product_shot()
    # when cut out
    result = cutout_with(rgb, segmenter=None)
    # then the box is the true mask's bounding box
    ys, xs = np.nonzero(truth)
    assert result.box == (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def test_a_box_hint_excludes_what_lies_outside_it() -> None:
    # given two products side by side
    left, truth_left = product_shot(size=(240, 320), shadow=False)
    rgb = np.hstack([left, left])
    # when the hint boxes the left one only
    result = cutout_with(rgb, BoxHint(x0=0, y0=0, x1=320, y1=240), segmenter=None)
    # then only the left product is cut out
    assert result.mask[:, 320:].any() == False  # noqa: E712 - numpy bool
    assert iou(result.mask[:, :320], truth_left) >= 0.98


def test_a_point_hint_picks_the_product_under_it() -> None:
    # given two products side by side
    left, truth = product_shot(size=(240, 320), shadow=False)
    rgb = np.hstack([left, left])
    # when the point lies on the right one
    result = cutout_with(rgb, PointHint(x=320 + 120, y=120), segmenter=None)
    # then the right one is the cutout
    assert result.mask[:, :320].any() == False  # noqa: E712 - numpy bool
    assert iou(result.mask[:, 320:], truth) >= 0.98


@pytest.mark.parametrize(
    "hint",
    [BoxHint(x0=500, y0=0, x1=600, y1=10), BoxHint(x0=50, y0=50, x1=50, y1=80), PointHint(x=0, y=999)],
    ids=["box-outside", "box-empty", "point-outside"],
)
def test_a_hint_outside_the_image_is_a_clear_error(hint: BoxHint | PointHint) -> None:
    rgb, _ = product_shot(size=(120, 160))
    with pytest.raises(HintError) as raised:
        cutout_with(rgb, hint, segmenter=None)
    assert raised.value.code == "studio.hint"


def test_a_cluttered_photo_without_a_model_falls_back_to_grabcut_and_is_flagged() -> None:
    # given a busy photo and no model installed
    rgb = cluttered_shot()
    # when cut out
    result = cutout_with(rgb, segmenter=None)
    # then GrabCut ran, the result says the model is missing, and it is flagged for review
    assert result.method == "grabcut"
    assert result.needs_review is True
    assert any("shopweave studio models install" in note for note in result.notes)


def test_rgba_removes_the_background_colour_from_soft_edges() -> None:
    # given a product on a beige background
    rgb, _ = product_shot((236, 230, 220), shadow=False)
    result = cutout_with(rgb, segmenter=None)
    # when the RGBA cutout is made
    rgba = result.rgba(rgb)
    # then soft edge pixels carry the product's colour, not the beige (blue dominates red)
    edge = (result.alpha > 40) & (result.alpha < 215)
    assert edge.sum() > 50
    colours = rgba[edge][:, :3].astype(int)
    assert float(np.mean(colours[:, 2] - colours[:, 0])) > 60.0
