"""Colour model and segmentation model together: when the model is asked, and what it adds.

The backend here is a real implementation of the `SegmentationBackend` protocol that knows the
scene's true mask (the model's part is not under test; the decisions around it are).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from shopweave.studio import cutout_with
from shopweave.studio.classical import analyse_background, plain_background_mask, to_lab
from shopweave.studio.segment import Saliency
from tests.studio.images import cluttered_shot, iou, product_shot


@dataclass
class KnowingBackend:
    """Answers with the true mask (of the whole image, or of the box it is shown) at 320 px."""

    truth: np.ndarray
    image: np.ndarray | None = None
    """The whole image, needed only when the cutout may show a box of it."""
    calls: list[tuple[int, int]] = field(default_factory=list)
    name: str = "knowing"

    def saliency(self, rgb: np.ndarray) -> Saliency:
        self.calls.append((rgb.shape[1], rgb.shape[0]))
        truth = self.truth
        if rgb.shape[:2] != truth.shape:
            assert self.image is not None
            # Where is this box in the image? (exact match: the cutout passes a crop of it)
            scores = cv2.matchTemplate(self.image, rgb, cv2.TM_SQDIFF)
            y, x = np.unravel_index(int(np.argmin(scores)), scores.shape)
            truth = truth[y : y + rgb.shape[0], x : x + rgb.shape[1]]
        small = cv2.resize(truth.astype(np.float32), (320, 320), interpolation=cv2.INTER_AREA)
        return Saliency(probability=small, peak=0.99)


def white_on_white() -> tuple[np.ndarray, np.ndarray]:
    """A white folded cloth (the background's colour, thin fold lines) left of a blue mug."""
    rgb, truth = product_shot((255, 255, 255), shadow=False)
    height, width = truth.shape
    cloth = np.zeros((height, width), bool)
    cloth[height // 3 : height * 2 // 3, width // 16 : width // 4] = True
    shaded = np.full((height, width), 252.0)
    shaded[:, ::12] = 228.0  # thin fold lines: too thin to pass for object, but edges all the same
    out = rgb.astype(np.float64)
    out[cloth] = shaded[cloth][:, None]
    return out.astype(np.uint8), truth | cloth


def test_a_crisp_studio_shot_never_asks_the_model() -> None:
    # given a mug on white with its soft shadow, and a model
    rgb, truth = product_shot((255, 255, 255), shadow=True)
    backend = KnowingBackend(truth)
    # when cut out
    result = cutout_with(rgb, segmenter=backend)
    # then the colour model explained every edge: the model was not run
    assert backend.calls == []
    assert result.method == "plain-background"
    assert iou(result.mask, truth) >= 0.98


def test_edges_the_colour_model_cannot_explain_bring_in_the_model() -> None:
    # given a white folded cloth on white next to a mug: its folds are edges away from the mug
    rgb, truth = white_on_white()
    lab = to_lab(rgb)
    plain = plain_background_mask(lab, analyse_background(lab))
    backend = KnowingBackend(truth)
    # when cut out with a model
    result = cutout_with(rgb, segmenter=backend)
    # then the colour model alone misses the cloth, its stray edges call the model, and the union is right
    assert plain.stray_edges >= 0.01
    assert iou(plain.mask, truth) < 0.8
    assert len(backend.calls) == 1
    assert iou(result.mask, truth) >= 0.95
    assert "model: knowing added light parts" in result.notes


def test_a_smooth_grey_face_surrounded_by_the_object_is_not_a_shadow() -> None:
    # given a dark frame with a smooth grey panel inside it (the background's hue, darker, no texture)
    height, width = 360, 480
    rgb = np.full((height, width, 3), 250, np.uint8)
    truth = np.zeros((height, width), bool)
    truth[90:270, 140:340] = True
    rgb[truth] = (40, 40, 40)
    rgb[120:240, 170:310] = (190, 190, 190)
    # when cut out without a model
    result = cutout_with(rgb, segmenter=None)
    # then the panel is product: it meets the frame all round, never the background
    assert result.alpha[180, 240] == 255
    assert iou(result.mask, truth) >= 0.99


def test_a_small_object_in_a_busy_photo_gets_a_second_closer_look() -> None:
    # given a small object with thin feet in a cluttered photo
    rgb = cluttered_shot(size=(480, 640))
    truth = np.zeros((480, 640), bool)
    truth[200:260, 280:380] = True  # body
    truth[260:270, 290] = True  # two 1 px feet: half a model pixel at 320, lost at first look
    truth[260:270, 366] = True
    rgb[truth] = (250, 250, 250)
    backend = KnowingBackend(truth, image=rgb)
    # when cut out
    result = cutout_with(rgb, segmenter=backend)
    # then the model looked at the whole photo, then at the object's box, and the feet are kept
    assert result.method == "saliency"
    assert backend.calls[0] == (640, 480)
    assert backend.calls[1] == (140, 85)
    assert "second look at the object's box" in result.notes
    assert result.mask[265, 290]
    assert result.mask[265, 366]
