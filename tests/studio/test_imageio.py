"""Decoding: truncated, non-image, empty and decompression-bomb inputs; EXIF; reduced decoding."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from shopweave.studio import decode_image
from shopweave.studio.errors import ImageDecodeError, ImageTooLargeError
from tests.studio.images import jpeg_bytes, product_shot


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width × height but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (b"", ImageDecodeError, "studio.decode"),
        (b"name,price\nmug,3\n", ImageDecodeError, "studio.decode"),
        (jpeg_bytes(product_shot(size=(60, 80))[0])[:-600], ImageDecodeError, "studio.decode"),
        (png_header_only(20_000, 20_000), ImageTooLargeError, "studio.too_large"),
        (png_header_only(12_000, 12_000), ImageTooLargeError, "studio.too_large"),
    ],
    ids=["empty", "csv-text", "truncated-jpeg", "bomb-400mp", "over-limit-144mp"],
)
def test_bad_inputs_get_a_clear_error(data: bytes, error: type[Exception], code: str) -> None:
    with pytest.raises(error) as raised:
        decode_image(data, name="in.bin")
    assert raised.value.code == code  # type: ignore[attr-defined]
    assert raised.value.message.startswith("in.bin: ")  # type: ignore[attr-defined]


def test_the_pixel_limit_is_configurable() -> None:
    rgb, _ = product_shot(size=(60, 80))
    with pytest.raises(ImageTooLargeError):
        decode_image(jpeg_bytes(rgb), max_pixels=60 * 80 - 1)
    assert decode_image(jpeg_bytes(rgb), max_pixels=60 * 80).rgb.shape == (60, 80, 3)


def test_a_truncated_png_is_refused() -> None:
    buffer = io.BytesIO()
    Image.fromarray(product_shot(size=(60, 80))[0]).save(buffer, "PNG")
    with pytest.raises(ImageDecodeError):
        decode_image(buffer.getvalue()[:-200], name="cut.png")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"], ids=["jpeg", "png"])
def test_exif_orientation_is_applied(fmt: str) -> None:
    # given a landscape image stored with "rotate 90" orientation
    picture = Image.fromarray(np.zeros((40, 100, 3), np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, fmt, exif=exif.tobytes())
    # when decoded
    decoded = decode_image(buffer.getvalue())
    # then it comes out upright (portrait) and says so
    assert decoded.rgb.shape == (100, 40, 3)
    assert decoded.operations == ("exif-orientation",)


def test_large_jpegs_decode_reduced_when_allowed() -> None:
    rgb = np.full((800, 1200, 3), 128, np.uint8)
    decoded = decode_image(jpeg_bytes(rgb), min_longest=300)
    assert decoded.reduction == 2 * 2
    assert decoded.rgb.shape == (200, 300, 3)
    assert decoded.source_size == (1200, 800)


def test_transparent_png_is_flattened_on_white() -> None:
    rgba = np.zeros((10, 10, 4), np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgba).save(buffer, "PNG")
    decoded = decode_image(buffer.getvalue())
    assert decoded.rgb.min() == 255
