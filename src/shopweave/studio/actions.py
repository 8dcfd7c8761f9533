"""The studio's actions: typed inputs and outputs, usable from the CLI, the API and the plugin.

Each action is a plain function `(payload, settings) -> output` that does the work and returns
the events it implies (`events`) without emitting them: the caller (the subsystem plugin, inside
its transaction) emits them, so a retried step never emits twice on its own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from shopweave.errors import ShopweaveError
from shopweave.events.types import ImageProcessed, ProductImagesStale
from shopweave.settings import Settings
from shopweave.studio.audit import AuditResult, audit_image, near_duplicates
from shopweave.studio.batch import BatchReport, run_batch
from shopweave.studio.cutout import BoxHint, cutout
from shopweave.studio.imageio import decode_image, read_bytes
from shopweave.studio.models import default_segmenter, installed_model
from shopweave.studio.presets import load_preset
from shopweave.studio.sources import local_path

ChannelName = Literal["amazon", "shopify", "etsy", "ebay", "google", "none"]


class CutoutInput(BaseModel):
    """Cut one image out."""

    path: str = Field(description="Input image file.", examples=["photos/mug.jpg"])
    out_dir: str = Field(
        description="Folder for <stem>.png (RGBA) and <stem>.mask.png; a relative one is in the home folder.",
        examples=["out"],
    )
    box: BoxHint | None = Field(default=None, description="Optional box around the object.", examples=[None])


class CutoutOutput(BaseModel):
    """The cutout written."""

    png: str = Field(description="RGBA PNG path.", examples=["out/mug.png"])
    mask: str = Field(description="8-bit alpha PNG path.", examples=["out/mug.mask.png"])
    method: str = Field(description="Path taken.", examples=["plain-background"])
    confidence: float = Field(description="Confidence 0–1.", examples=[0.93])
    needs_review: bool = Field(description="Low confidence: a person should look.", examples=[False])


class ProcessInput(BaseModel):
    """Make channel-ready images of one product (or any batch)."""

    paths: list[str] = Field(min_length=1, description="Input images.", examples=[["photos/mug.jpg"]])
    preset: str = Field(
        default="amazon-main", description="Preset name or YAML path.", examples=["amazon-main"]
    )
    out_dir: str = Field(
        description="Output folder; a relative one is in the home folder.", examples=["studio/mug"]
    )
    jobs: int = Field(default=1, ge=1, description="Worker processes.", examples=[2])
    handle: str | None = Field(default=None, description="Product handle, for the events.", examples=["mug"])


class ProcessOutput(BaseModel):
    """The batch report, and the events it implies."""

    report: BatchReport = Field(description="Per-image report.", examples=[None])
    events: list[ImageProcessed] = Field(
        default_factory=list, description="image.processed per output.", examples=[[]]
    )


class AuditInput(BaseModel):
    """Audit images against a channel's rules."""

    paths: list[str] = Field(min_length=1, description="Images.", examples=[["photos/mug.jpg"]])
    channel: ChannelName = Field(default="none", description="Channel rules.", examples=["amazon"])
    handle: str | None = Field(default=None, description="Product handle, for the event.", examples=["mug"])
    category: str | None = Field(default=None, description="Product category.", examples=["kitchen"])


class AuditOutput(BaseModel):
    """Audit results; `stale` lists the images that fail and need fresh imagery."""

    results: list[AuditResult] = Field(description="One per readable image.", examples=[[]])
    errors: list[dict[str, str]] = Field(
        default_factory=list, description="Unreadable inputs.", examples=[[]]
    )
    stale: list[str] = Field(
        default_factory=list, description="Images with error-level problems.", examples=[[]]
    )
    events: list[ProductImagesStale] = Field(
        default_factory=list, description="product.images_stale.", examples=[[]]
    )


def _out_dir(name: str, settings: Settings) -> Path:
    """Where an action writes: a relative folder is in the home folder, not the worker's cwd."""
    folder = Path(name).expanduser()
    return folder if folder.is_absolute() else settings.home / folder


def cutout_image(payload: CutoutInput, *, settings: Settings) -> CutoutOutput:
    """Cut the object out of one image; write the RGBA PNG and the mask."""
    import cv2

    path = local_path(payload.path, settings)
    decoded = decode_image(read_bytes(path), name=payload.path)
    result = cutout(decoded.rgb, payload.box, segmenter=default_segmenter(settings))
    out = _out_dir(payload.out_dir, settings)
    out.mkdir(parents=True, exist_ok=True)
    png, mask = out / f"{path.stem}.png", out / f"{path.stem}.mask.png"
    cv2.imwrite(str(png), cv2.cvtColor(result.rgba(decoded.rgb), cv2.COLOR_RGBA2BGRA))
    cv2.imwrite(str(mask), result.alpha)
    return CutoutOutput(
        png=str(png),
        mask=str(mask),
        method=result.method,
        confidence=result.confidence,
        needs_review=result.needs_review,
    )


def process_images(payload: ProcessInput, *, settings: Settings) -> ProcessOutput:
    """Run a preset batch; one `image.processed` event per image written outside review/."""
    preset = load_preset(payload.preset)
    report = run_batch(
        [local_path(p, settings) for p in payload.paths],
        preset,
        _out_dir(payload.out_dir, settings),
        model=installed_model(settings),
        jobs=payload.jobs,
    )
    events = []
    if payload.handle:
        for item in report.images:
            if item.status in ("ok", "skipped"):
                for output in item.outputs:
                    digest = hashlib.sha256(Path(output).read_bytes()).hexdigest()
                    events.append(ImageProcessed(
                        handle=payload.handle, recipe=preset.name, output=f"sha256:{digest}",
                        channel=None if preset.channel == "none" else preset.channel,
                    ))  # fmt: skip
    return ProcessOutput(report=report, events=events)


def audit_images(payload: AuditInput, *, settings: Settings) -> AuditOutput:
    """Audit each image (cutout included, for fill and centring); mark near-duplicates."""
    segmenter = default_segmenter(settings)
    results: list[AuditResult] = []
    errors: list[dict[str, str]] = []
    for name in payload.paths:
        path = local_path(name, settings)
        try:
            decoded = decode_image(read_bytes(path), name=name)
            cut = cutout(decoded.rgb, segmenter=segmenter)
        except ShopweaveError as exc:
            errors.append({"input": name, **exc.to_dict()})
            continue
        results.append(audit_image(decoded.rgb, name=name, channel=payload.channel, cut=cut))
    near_duplicates(results)
    stale = [r.image for r in results if not r.passed]
    events = []
    if payload.handle and stale:
        reasons = sorted({p.code for r in results for p in r.problems if p.severity == "error"})
        events.append(ProductImagesStale(
            handle=payload.handle, category=payload.category,
            channel=None if payload.channel == "none" else payload.channel, reasons=reasons,
        ))  # fmt: skip
    return AuditOutput(results=results, errors=errors, stale=stale, events=events)
