"""Errors the studio raises on purpose, each with a stable code.

ShopweaveError
├── ValidationError                      invalid
│   ├── ImageDecodeError                 studio.decode        not an image, truncated, unreadable
│   ├── ImageTooLargeError               studio.too_large     decompression bomb / over the pixel limit
│   ├── HintError                        studio.hint          box or point outside the image
│   └── PresetError                      studio.preset        unknown preset or invalid preset YAML
└── ConfigurationError                   config
    └── ModelError                       studio.model         ONNX model missing, corrupt or of the wrong shape
"""

from __future__ import annotations

from shopweave.errors import ConfigurationError, ValidationError


class ImageDecodeError(ValidationError):
    """The input is not an image we can read, or it is truncated."""

    code = "studio.decode"


class ImageTooLargeError(ValidationError):
    """The image declares more pixels than the limit (decompression-bomb guard)."""

    code = "studio.too_large"


class HintError(ValidationError):
    """A cutout hint lies outside the image or is empty."""

    code = "studio.hint"


class PresetError(ValidationError):
    """A preset name is unknown or a preset file is invalid."""

    code = "studio.preset"


class ModelError(ConfigurationError):
    """A segmentation model file is missing, corrupt, or has an unusable input/output shape."""

    code = "studio.model"
