"""Reading images safely and writing them with provenance.

`decode_image` turns bytes into an RGB `uint8` array the way a careful pipeline must: the pixel
count is checked from the header before any pixel is decoded (decompression bombs), truncated
files are refused, EXIF orientation is applied, and embedded colour profiles are converted to
sRGB. JPEGs can be decoded at 1/2, 1/4 or 1/8 size by the decoder itself (`min_longest`), which is
what makes large camera files cheap when the output is small.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps

from shopweave.studio.errors import ImageDecodeError, ImageTooLargeError

DEFAULT_MAX_PIXELS = 100_000_000
"""Largest image (width × height) `decode_image` accepts by default: 100 MP."""

_REDUCED_FLAGS = {2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}


@dataclass(frozen=True)
class DecodedImage:
    """An image decoded to RGB, with what was done to get there."""

    rgb: np.ndarray
    """H×W×3 `uint8`, sRGB, upright."""
    source_size: tuple[int, int]
    """(width, height) stored in the file, before orientation and reduction."""
    format: str
    """Container format as Pillow names it (`JPEG`, `PNG`, …)."""
    reduction: int
    """1, 2, 4 or 8: the decoder's own downscale factor."""
    operations: tuple[str, ...]
    """Corrections applied while decoding (`exif-orientation`, `icc-to-srgb`)."""


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file, as a clear error when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImageDecodeError(f"{path}: cannot read the file ({exc.strerror or exc}).") from None


def decode_image(
    data: bytes, *, name: str = "image", max_pixels: int = DEFAULT_MAX_PIXELS, min_longest: int | None = None
) -> DecodedImage:
    """Decode `data` to upright sRGB.

    `min_longest`: when set, a JPEG is decoded at the largest reduction (1/2, 1/4, 1/8) that
    still keeps the longest side ≥ `min_longest` pixels. Raises `ImageDecodeError` (not an image, truncated) or
    `ImageTooLargeError` (more than `max_pixels`).
    """
    if not data:
        raise ImageDecodeError(f"{name}: the file is empty.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            header = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise ImageTooLargeError(
                f"{name}: the image declares too many pixels to decode safely; "
                f"the limit is {max_pixels:,} pixels."
            ) from None
        except (OSError, ValueError, SyntaxError):
            raise ImageDecodeError(
                f"{name}: not an image Shopweave can read (JPEG, PNG, WebP, TIFF, GIF or BMP expected)."
            ) from None
    width, height = header.size
    if width <= 0 or height <= 0:
        raise ImageDecodeError(f"{name}: the image has no pixels.")
    if width * height > max_pixels:
        raise ImageTooLargeError(
            f"{name}: {width} × {height} = {width * height:,} pixels is over the limit of "
            f"{max_pixels:,}; resize it before processing or raise the limit."
        )
    fmt = header.format or "unknown"
    operations: list[str] = []
    icc = header.info.get("icc_profile")
    try:
        orientation = header.getexif().get(0x0112, 1)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageDecodeError(f"{name}: the image data is truncated or corrupt ({exc}).") from None
    if fmt == "JPEG":
        rgb, reduction = _decode_jpeg(data, name=name, size=(width, height), min_longest=min_longest)
        if orientation not in (1, None):
            operations.append("exif-orientation")
    else:
        rgb, reduction = _decode_with_pillow(header, name=name), 1
        if orientation not in (1, None):
            operations.append("exif-orientation")
    if icc and not _is_srgb(icc):
        rgb = _to_srgb(rgb, icc, name=name)
        operations.append("icc-to-srgb")
    return DecodedImage(
        rgb=rgb, source_size=(width, height), format=fmt, reduction=reduction, operations=tuple(operations)
    )


def _decode_jpeg(
    data: bytes, *, name: str, size: tuple[int, int], min_longest: int | None
) -> tuple[np.ndarray, int]:
    if b"\xff\xd9" not in data[-4096:]:
        raise ImageDecodeError(f"{name}: the JPEG file is truncated (no end-of-image marker).")
    reduction = 1
    if min_longest is not None:
        for factor in (8, 4, 2):
            if max(size) // factor >= min_longest:
                reduction = factor
                break
    flags = _REDUCED_FLAGS.get(reduction, cv2.IMREAD_COLOR)
    buffer = np.frombuffer(data, dtype=np.uint8)
    bgr = cv2.imdecode(buffer, flags)
    if bgr is None:
        raise ImageDecodeError(f"{name}: the JPEG data is corrupt and cannot be decoded.")
    return np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)), reduction


def _decode_with_pillow(image: Image.Image, *, name: str) -> np.ndarray:
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageDecodeError(f"{name}: the image data is truncated or corrupt ({exc}).") from None
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        upright = Image.alpha_composite(white, rgba)
    return np.asarray(upright.convert("RGB"), dtype=np.uint8).copy()


def _is_srgb(icc: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = ImageCms.getProfileDescription(profile)
    except (OSError, ImageCms.PyCMSError):
        return True
    return "srgb" in description.lower().replace(" ", "")


def _to_srgb(rgb: np.ndarray, icc: bytes, *, name: str) -> np.ndarray:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            Image.fromarray(rgb), source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (OSError, ImageCms.PyCMSError) as exc:
        raise ImageDecodeError(f"{name}: the embedded colour profile cannot be used ({exc}).") from None
    assert converted is not None
    return np.asarray(converted, dtype=np.uint8).copy()
