"""Segmentation backends: the small interface the cutout asks for a foreground probability map.

    SegmentationBackend (Protocol)     name, saliency(rgb) -> Saliency
    ├── OnnxSaliencyBackend            any ONNX salient-object model (u2netp, u2net, isnet,
    │                                  BiRefNet-style: one NCHW float input, first output a map)
    └── (classical path)               lives in `classical.py`; needs no backend object

A backend returns the map at its own resolution; the caller resizes it. Nothing is downloaded:
a model is a file on disk (see `models.py` for the bundled u2netp).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from shopweave.studio.errors import ModelError


@dataclass(frozen=True)
class Saliency:
    """A foreground probability map and how sure the model was of it."""

    probability: np.ndarray
    """H×W `float32` in [0, 1] (min–max normalised as rembg does)."""
    peak: float
    """Largest raw output before normalisation: a low peak means the model found nothing."""


@runtime_checkable
class SegmentationBackend(Protocol):
    """Anything that maps an RGB image to a foreground probability map."""

    @property
    def name(self) -> str:
        """Short identifier recorded in results and provenance."""
        ...

    def saliency(self, rgb: np.ndarray) -> Saliency:
        """Foreground probability of each pixel of `rgb` (H×W×3 uint8), at any resolution."""
        ...


class OnnxModelSpec(BaseModel):
    """How to feed an ONNX salient-object model (the conventions rembg uses)."""

    model_config = ConfigDict(frozen=True)

    path: Path = Field(description="The `.onnx` file.", examples=["models/u2netp.onnx"])
    size: int = Field(
        default=320,
        ge=8,
        le=2048,
        description="Square input side when the model's is dynamic.",
        examples=[320],
    )
    mean: tuple[float, float, float] = Field(
        default=(0.485, 0.456, 0.406),
        description="Per-channel mean subtracted from RGB in [0, 1].",
        examples=[(0.485, 0.456, 0.406)],
    )
    std: tuple[float, float, float] = Field(
        default=(0.229, 0.224, 0.225),
        description="Per-channel divisor after the mean.",
        examples=[(0.229, 0.224, 0.225)],
    )
    output: Literal["probability", "logits"] = Field(
        default="probability",
        description="`logits` applies a sigmoid first (BiRefNet-style models).",
        examples=["probability"],
    )
    threads: int = Field(default=1, ge=1, description="onnxruntime intra-op threads.", examples=[1])


KNOWN_MODELS: dict[str, dict[str, object]] = {
    "u2netp": {"size": 320},
    "u2net": {"size": 320},
    "isnet": {"size": 1024, "mean": (0.5, 0.5, 0.5), "std": (1.0, 1.0, 1.0)},
    "birefnet": {"size": 1024, "output": "logits"},
}
"""Input conventions of the model families rembg ships, by family name."""


def spec_for(path: Path, family: str | None = None, *, threads: int = 1) -> OnnxModelSpec:
    """A spec for `path`, using the conventions of `family` (guessed from the file name if None)."""
    key = family or next(
        (k for k in sorted(KNOWN_MODELS, key=len, reverse=True) if k in path.stem.lower()), "u2net"
    )
    if key not in KNOWN_MODELS:
        raise ModelError(f"unknown model family {key!r}; use one of {', '.join(sorted(KNOWN_MODELS))}.")
    return OnnxModelSpec.model_validate({"path": path, "threads": threads, **KNOWN_MODELS[key]})


class OnnxSaliencyBackend:
    """Runs an ONNX salient-object model with onnxruntime on the CPU."""

    def __init__(self, spec: OnnxModelSpec) -> None:
        import onnxruntime as ort

        if not spec.path.is_file():
            raise ModelError(f"{spec.path}: model file not found; run `shopweave studio models install`.")
        options = ort.SessionOptions()
        options.intra_op_num_threads = spec.threads
        options.inter_op_num_threads = 1
        # onnxruntime's memory pattern pre-plans one block for every activation of the graph:
        # ~550 MB peak for u2netp at 320 px; without it ~350 MB, at the same speed.
        options.enable_mem_pattern = False
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(spec.path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors for bad files
            raise ModelError(f"{spec.path}: not a usable ONNX model ({exc}).") from None
        inputs = self._session.get_inputs()
        if len(inputs) != 1 or len(inputs[0].shape) != 4:
            raise ModelError(f"{spec.path}: expected one NCHW image input, found {len(inputs)} input(s).")
        shape = inputs[0].shape
        if isinstance(shape[1], int) and shape[1] != 3:
            raise ModelError(f"{spec.path}: the input has {shape[1]} channels; expected 3 (RGB).")
        height = shape[2] if isinstance(shape[2], int) else spec.size
        width = shape[3] if isinstance(shape[3], int) else spec.size
        self._input_name: str = inputs[0].name
        self._input_size = (int(width), int(height))
        self._spec = spec
        self._mean = np.asarray(spec.mean, dtype=np.float32)
        self._std = np.asarray(spec.std, dtype=np.float32)

    @property
    def name(self) -> str:
        """The model file's stem, e.g. `u2netp`."""
        return self._spec.path.stem

    def saliency(self, rgb: np.ndarray) -> Saliency:
        """Run the model once on `rgb` resized to its input size."""
        x = cv2.resize(rgb, self._input_size, interpolation=cv2.INTER_AREA).astype(np.float32)
        peak_in = float(x.max()) or 1.0
        x = (x / peak_in - self._mean) / self._std
        tensor = np.ascontiguousarray(x.transpose(2, 0, 1)[None], dtype=np.float32)
        try:
            raw = np.asarray(self._session.run(None, {self._input_name: tensor})[0], dtype=np.float32)
        except Exception as exc:  # same: onnxruntime's errors are not typed
            raise ModelError(f"{self._spec.path}: inference failed ({exc}).") from None
        if raw.ndim < 2:
            raise ModelError(f"{self._spec.path}: the output has shape {raw.shape}; expected a map.")
        raw = raw.reshape(raw.shape[-2:]) if raw.size == raw.shape[-1] * raw.shape[-2] else raw[0, 0]
        if self._spec.output == "logits":
            raw = np.asarray(1.0 / (1.0 + np.exp(-raw)), dtype=np.float32)
        low, high = float(raw.min()), float(raw.max())
        probability = (raw - low) / (high - low) if high - low > 1e-6 else np.zeros_like(raw)
        return Saliency(probability=probability.astype(np.float32), peak=high)
