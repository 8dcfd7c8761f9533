"""Image checks: readability of stored files and each channel's size, format and count limits.

Files are looked up in the content-addressed image store (`shopweave.catalog.images.ImageStore`,
`<images_dir>/<hash[:2]>/<hash>.<ext>`) or, for `file://` and absolute-path sources, on disk. Remote URLs are never fetched: their size is
known only when the record carries width and height.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import PIL.Image
from PIL import UnidentifiedImageError

from shopweave.catalog.audit.codes import ProblemData, make_problem
from shopweave.catalog.audit.rules import ChannelRules, ImageRules
from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image
from shopweave.errors import ShopweaveError


@dataclass(frozen=True)
class ImageFile:
    """What opening an image file found."""

    width: int | None = None
    height: int | None = None
    format: str | None = None
    error: str | None = None


def local_path(src: str) -> Path | None:
    """The local file an image source names (`file://` URL or absolute path), else None."""
    if src.startswith("file://"):
        return Path(unquote(urlparse(src).path))
    if "://" not in src and Path(src).is_absolute():
        return Path(src)
    return None


def probe(path: Path) -> ImageFile:
    """Open an image's header (never the whole picture) and report size and format or the error."""
    if not path.is_file():
        return ImageFile(error="the file is missing")
    try:
        with PIL.Image.open(path) as picture:
            return ImageFile(width=picture.width, height=picture.height, format=picture.format)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        reason = "not an image Pillow can decode" if isinstance(exc, UnidentifiedImageError) else str(exc)
        return ImageFile(error=reason)


class ImageProber:
    """Finds and probes the file behind each image record, remembering results by path."""

    def __init__(self, images_dir: Path | None) -> None:
        self.store = None if images_dir is None else ImageStore(images_dir)
        self._seen: dict[Path, ImageFile] = {}

    def file_for(self, image: Image) -> ImageFile | None:
        """The probe of the image's file, or None when there is no local file to look at."""
        path: Path | None
        if image.content_hash and self.store is not None:
            try:
                path = self.store.find(image.content_hash)
            except ShopweaveError:
                return ImageFile(error=f"{image.content_hash!r} is not a SHA-256 content hash")
            if path is None:
                return ImageFile(error="it is not in the image store")
        else:
            path = local_path(image.src)
        if path is None:
            return None
        if path not in self._seen:
            self._seen[path] = probe(path)
        return self._seen[path]


@dataclass(frozen=True)
class Sized:
    """An image with what is known of its size and format."""

    index: int
    src: str
    width: int | None
    height: int | None
    format: str | None


def inspect_images(images: list[Image], prober: ImageProber) -> tuple[list[Sized], list[ProblemData]]:
    """Size/format of each image, and the channel-independent problems (unreadable, unknown size)."""
    sized: list[Sized] = []
    problems: list[ProblemData] = []
    unknown = 0
    for index, image in enumerate(images):
        found = prober.file_for(image)
        if found is not None and found.error is not None:
            problems.append(
                make_problem("image.unreadable", f"images[{index}]", value=image.src, reason=found.error)
            )
            continue
        width = image.width or (found.width if found else None)
        height = image.height or (found.height if found else None)
        if width is None or height is None:
            unknown += 1
        sized.append(Sized(index, image.src, width, height, found.format if found else None))
    if unknown:
        first = next(s for s in sized if s.width is None or s.height is None)
        problems.append(make_problem("image.size_unknown", "images", value=first.src, count=unknown))
    return sized, problems


def _size_rules(rules: ImageRules, apparel: bool) -> list[tuple[str, str, int, int, bool]]:
    """(code, description, need_width, need_height, longest_only) minimums to test."""
    out: list[tuple[str, str, int, int, bool]] = []
    minimum = rules.min_each_side_apparel if apparel and rules.min_each_side_apparel else rules.min_each_side
    if minimum:
        label = f"at least {minimum}×{minimum} px" + (
            " for apparel" if apparel and rules.min_each_side_apparel else ""
        )
        out.append(("image.too_small", label, minimum, minimum, False))
    if rules.min_longest_side:
        n = rules.min_longest_side
        out.append(("image.too_small", f"at least {n} px on the longest side", n, n, True))
    if rules.recommended_each_side:
        n = rules.recommended_each_side
        out.append(("image.below_recommended", f"at least {n}×{n} px", n, n, False))
    if rules.recommended_longest_side:
        n = rules.recommended_longest_side
        out.append(("image.below_recommended", f"at least {n} px on the longest side", n, n, True))
    return out


class ChannelImageCheck:
    """A channel's image limits, prepared once per audit."""

    def __init__(self, channel: str, rules: ChannelRules) -> None:
        self.channel = channel
        self.rules = rules
        self.minimums = {apparel: _size_rules(rules.images, apparel) for apparel in (False, True)}

    def __call__(self, sized: list[Sized], total: int, apparel: bool) -> list[ProblemData]:
        """Size, format and count problems of a product's images on this channel."""
        return channel_image_problems(sized, total, self.channel, self.rules, self.minimums[apparel])


def channel_image_problems(
    sized: list[Sized],
    total: int,
    channel: str,
    rules: ChannelRules,
    minimums: list[tuple[str, str, int, int, bool]],
) -> list[ProblemData]:
    """Size, format and count problems of a product's images on one channel."""
    limits = rules.images
    problems: list[ProblemData] = []
    label = rules.label
    for image in sized:
        field = f"images[{image.index}]"
        if limits.formats and image.format and image.format.upper() not in limits.formats:
            problems.append(
                make_problem(
                    "image.format",
                    field,
                    channel,
                    channel_label=label,
                    value=image.src,
                    format=image.format,
                    allowed=", ".join(limits.formats),
                )
            )
        if image.width is None or image.height is None:
            continue
        w, h = image.width, image.height
        longest_side = max(w, h)
        for code, text, need_w, need_h, longest in minimums:
            # The first failing rule is the most serious one: minimums come before recommendations.
            if longest_side < need_w if longest else (w < need_w or h < need_h):
                problems.append(
                    make_problem(
                        code,
                        field,
                        channel,
                        channel_label=label,
                        value=image.src,
                        width=w,
                        height=h,
                        rule=text,
                    )
                )
                break
        too_large: str | None = None
        if limits.max_each_side and max(w, h) > limits.max_each_side:
            too_large = f"at most {limits.max_each_side}×{limits.max_each_side} px"
        elif limits.max_longest_side and max(w, h) > limits.max_longest_side:
            too_large = f"at most {limits.max_longest_side} px on the longest side"
        elif limits.max_megapixels and w * h > limits.max_megapixels * 1_000_000:
            too_large = f"at most {limits.max_megapixels:g} megapixels"
        if too_large:
            problems.append(
                make_problem(
                    "image.too_large",
                    field,
                    channel,
                    channel_label=label,
                    value=image.src,
                    width=w,
                    height=h,
                    rule=too_large,
                )
            )
    if limits.max_count and total > limits.max_count:
        problems.append(
            make_problem(
                "image.too_many", "images", channel, channel_label=label, count=total, limit=limits.max_count
            )
        )
    return problems
