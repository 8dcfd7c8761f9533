"""The studio: product photos made marketplace-ready.

Public surface (everything else is private to the package):

- `cutout(image, hint=None) -> Cutout`: automatic background removal.
- `BoxHint`, `PointHint`, `CutoutOptions`, `Cutout`.
- `SegmentationBackend`, `OnnxSaliencyBackend`, `OnnxModelSpec`: plug in another ONNX model.
- `decode_image`, `DecodedImage`: safe decoding (bomb guard, EXIF, sRGB).
"""

from __future__ import annotations

import numpy as np

from shopweave.settings import Settings, get_settings
from shopweave.studio.cutout import BoxHint, Cutout, CutoutOptions, Hint, PointHint
from shopweave.studio.cutout import cutout as cutout_with
from shopweave.studio.imageio import DecodedImage, decode_image
from shopweave.studio.models import default_segmenter
from shopweave.studio.segment import OnnxModelSpec, OnnxSaliencyBackend, SegmentationBackend

__all__ = [
    "BoxHint",
    "Cutout",
    "CutoutOptions",
    "DecodedImage",
    "Hint",
    "OnnxModelSpec",
    "OnnxSaliencyBackend",
    "PointHint",
    "SegmentationBackend",
    "cutout",
    "cutout_with",
    "decode_image",
    "default_segmenter",
]


def cutout(image: np.ndarray, hint: Hint | None = None, *, settings: Settings | None = None) -> Cutout:
    """Cut the product out of an RGB `uint8` image with the installed model (if any).

    A convenience over `cutout_with(image, hint, segmenter=...)`: the u2netp model is looked up
    in the data folder of `settings` (read from the environment when None).
    """
    segmenter = default_segmenter(settings or get_settings())
    return cutout_with(image, hint, segmenter=segmenter)
