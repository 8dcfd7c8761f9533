"""A user's ONNX model: loading, inference and errors, with a model the test writes itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shopweave.studio import OnnxModelSpec, OnnxSaliencyBackend, SegmentationBackend, cutout_with
from shopweave.studio.errors import ModelError
from shopweave.studio.segment import spec_for
from tests.studio.images import iou
from tests.studio.onnx_model import brightness_model


def noisy_scene(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A bright square on a dark, noisy (non-plain) background."""
    rng = np.random.default_rng(seed)
    rgb = rng.integers(0, 70, (200, 240, 3)).astype(np.uint8)
    truth = np.zeros((200, 240), bool)
    truth[60:150, 80:180] = True
    rgb[truth] = 235
    return rgb, truth


@pytest.mark.parametrize("dims", [("h", "w"), (64, 64)], ids=["dynamic-input", "fixed-64"])
def test_a_user_model_is_loaded_and_drives_the_cutout(
    tmp_path: Path, dims: tuple[int | str, int | str]
) -> None:
    # given a user's ONNX model file
    path = tmp_path / "bright.onnx"
    path.write_bytes(brightness_model(*dims))
    backend = OnnxSaliencyBackend(OnnxModelSpec(path=path, size=96))
    # when it segments a cluttered scene
    rgb, truth = noisy_scene()
    saliency = backend.saliency(rgb)
    result = cutout_with(rgb, segmenter=backend)
    # then the model's map is used and the object is found
    assert isinstance(backend, SegmentationBackend)
    assert backend.name == "bright"
    assert saliency.probability.shape == ((96, 96) if dims[0] == "h" else (64, 64))
    assert saliency.peak > 0.99
    assert result.method == "saliency"
    assert iou(result.mask, truth) >= 0.95


def test_logit_models_get_a_sigmoid(tmp_path: Path) -> None:
    path = tmp_path / "bright.onnx"
    path.write_bytes(brightness_model())
    spec = OnnxModelSpec(path=path, size=32, output="logits")
    saliency = OnnxSaliencyBackend(spec).saliency(noisy_scene()[0])
    assert 0.5 < saliency.peak < 0.75  # sigmoid applied twice: sigmoid(≤1) ≤ 0.731


def test_model_family_conventions_come_from_the_file_name() -> None:
    assert spec_for(Path("isnet-general-use.onnx")).size == 1024
    assert spec_for(Path("isnet-general-use.onnx")).mean == (0.5, 0.5, 0.5)
    assert spec_for(Path("BiRefNet-general.onnx")).output == "logits"
    assert spec_for(Path("u2netp.onnx")).size == 320


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a model", "not a usable ONNX model"), (None, "model file not found")],
    ids=["corrupt", "missing"],
)
def test_a_bad_model_file_is_a_model_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "broken.onnx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError) as raised:
        OnnxSaliencyBackend(OnnxModelSpec(path=path))
    assert raised.value.code == "studio.model"
    assert message in raised.value.message


def test_a_model_with_the_wrong_channel_count_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grey.onnx"
    path.write_bytes(brightness_model(channels=1))
    with pytest.raises(ModelError) as raised:
        OnnxSaliencyBackend(OnnxModelSpec(path=path))
    assert "1 channels" in raised.value.message
