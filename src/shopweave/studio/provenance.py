"""Provenance metadata: an XMP packet listing the operations applied and the tool version.

Outputs are composites (the product on a new background), so they carry the IPTC digital source
type `composite`, as Google Merchant asks of edited images; `encode` embeds the packet (and an
sRGB ICC profile) in JPEG, PNG and WebP files.
"""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from PIL import Image, ImageCms
from PIL import _imaging as pil_core
from PIL.PngImagePlugin import PngInfo

from shopweave import __version__

COMPOSITE = "http://cv.iptc.org/newscodes/digitalsourcetype/composite"
NAMESPACE = "https://shopweave.dev/ns/studio/1.0/"


def xmp_packet(operations: list[str] | tuple[str, ...], *, source_type: str = COMPOSITE) -> bytes:
    """The XMP packet for an output made by `operations`."""
    items = "".join(f"<rdf:li>{escape(op)}</rdf:li>" for op in operations)
    tool = quoteattr(f"Shopweave {__version__}")
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"'
        f' xmlns:shopweave="{NAMESPACE}"'
        f" xmp:CreatorTool={tool} Iptc4xmpExt:DigitalSourceType={quoteattr(source_type)}>"
        f"<shopweave:Operations><rdf:Seq>{items}</rdf:Seq></shopweave:Operations>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


PILLOW_BLOCKS = 2
"""Freed 16 MB image blocks Pillow keeps for reuse (per process): without, each 2,000 px output
maps fresh memory and pays its page faults, ~8 ms of a ~10 ms JPEG encode."""


@lru_cache(maxsize=1)
def _srgb_icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    data: bytes = profile.tobytes()
    return data


def encode(image: np.ndarray, fmt: str, *, quality: int, operations: list[str] | tuple[str, ...]) -> bytes:
    """Encode RGB/RGBA `image` as `fmt` (jpeg, png, webp) with XMP provenance and sRGB profile."""
    if pil_core.get_blocks_max() < PILLOW_BLOCKS:
        pil_core.set_blocks_max(PILLOW_BLOCKS)
    picture = Image.fromarray(image)
    xmp = xmp_packet(operations)
    buffer = io.BytesIO()
    icc = _srgb_icc()
    if fmt == "jpeg":
        (picture if picture.mode == "RGB" else picture.convert("RGB")).save(
            buffer, "JPEG", quality=quality, optimize=False, xmp=xmp, icc_profile=icc
        )
    elif fmt == "png":
        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
        picture.save(buffer, "PNG", pnginfo=info, icc_profile=icc, compress_level=3)
    elif fmt == "webp":
        picture.save(buffer, "WEBP", quality=quality, xmp=xmp, icc_profile=icc)
    else:
        raise ValueError(f"unknown output format {fmt!r}")
    return buffer.getvalue()


def read_xmp(data: bytes) -> str:
    """The XMP packet embedded in an encoded image ('' when there is none)."""
    with Image.open(io.BytesIO(data)) as picture:
        raw = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp") or b""
    return raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
