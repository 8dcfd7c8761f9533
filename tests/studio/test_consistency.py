"""Batch consistency: one collection, one brightness and white point."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from shopweave.studio.batch import run_batch
from shopweave.studio.consistency import Look, batch_target, gains_for
from shopweave.studio.presets import Canvas, load_preset
from tests.studio.images import jpeg_bytes, product_shot

BASE = load_preset("amazon-main").model_copy(update={"canvas": Canvas(width=600, height=600)})
WARM_LIGHT = (1.0, 0.93, 0.84)


def collection(folder: Path) -> list[Path]:
    """One mug: on white, on a grey backdrop (same light), and on white under warm light."""
    folder.mkdir()
    white = product_shot((255, 255, 255), size=(300, 400), seed=5)[0]
    photos = {
        "white.jpg": white,
        "grey.jpg": product_shot((200, 200, 200), size=(300, 400), seed=5)[0],
        "warm.jpg": np.clip(white.astype(np.float64) * WARM_LIGHT, 0, 255).astype(np.uint8),
    }
    for name, rgb in photos.items():
        (folder / name).write_bytes(jpeg_bytes(rgb))
    return sorted(folder.iterdir())


def product_looks(folder: Path) -> dict[str, tuple[float, float]]:
    """Per output: median luma of the product and its blue/red balance (mean B / mean R)."""
    looks = {}
    for path in sorted(folder.glob("*.jpg")):
        rgb = cv2.imread(str(path), cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float64)
        product = rgb[rgb.min(axis=2) < 150]
        luma = product @ np.asarray([0.299, 0.587, 0.114])
        looks[path.name] = (float(np.median(luma)), float(product[:, 2].mean() / product[:, 0].mean()))
    return looks


@pytest.mark.parametrize(
    ("consistency", "most_apart"), [(False, 15.0), (True, 3.0)], ids=["per-photo", "batch"]
)
def test_one_mug_in_three_photos_comes_out_alike_only_with_consistency(
    tmp_path: Path, consistency: bool, most_apart: float
) -> None:
    # given the same mug on white, on a grey backdrop, and under warm light
    inputs = collection(tmp_path / "in")
    preset = BASE.model_copy(update={"consistency": consistency})
    # when processed as one batch
    report = run_batch(inputs, preset, tmp_path / "out", model=None)
    # then with consistency the mugs agree in brightness and colour; photo by photo they do not
    assert report.counts == {"ok": 3}
    looks = product_looks(tmp_path / "out")
    brightness = [luma for luma, _ in looks.values()]
    balance = [ratio for _, ratio in looks.values()]
    spread = max(brightness) - min(brightness)
    if consistency:
        assert spread < most_apart
        assert max(balance) - min(balance) < 0.05
        assert all("batch-consistency" in item.operations for item in report.images)
    else:
        assert spread > most_apart
        assert all("batch-consistency" not in item.operations for item in report.images)


def test_gains_neutralise_the_white_and_meet_the_target() -> None:
    # given a warm, dark photo and a collection target of 120
    look = Look(white=(240.0, 220.0, 200.0), brightness=100.0)
    # when its gains are computed
    gains = gains_for(look, 120.0)
    # then white becomes grey (equal channels) and the product is brightened by 120/100
    assert gains == (1.1, 1.2, 1.32)
    assert np.allclose(np.asarray(look.white) * gains, [264.0, 264.0, 264.0])


def test_the_target_is_the_median_and_big_steps_are_capped() -> None:
    looks = [Look(white=(250.0, 250.0, 250.0), brightness=b) for b in (60.0, 120.0, 130.0)]
    assert batch_target(looks) == 120.0
    assert gains_for(looks[0], 120.0) == (1.35, 1.35, 1.35)  # 2× wanted, capped at MAX_EXPOSURE_STEP
