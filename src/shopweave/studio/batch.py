"""Batches: process many images with a preset, resumable, one failure never stopping the rest.

Each input runs decode → cutout → render → compliance gate → encode in a worker process. The
gate audits the finished image against the preset's channel; a failure is re-rendered once
without shadow/reflection (the usual culprit for a non-white border), and if it still fails, or
the cutout needs review, the output goes to `<out>/review/` and the report says why — it is
never passed silently. With a preset's `consistency` on, a first pass measures every photo at
512 px and each then gets gains toward the collection's brightness and a neutral white
(`consistency.py`). A content-hash cache (`<out>/.studio-cache.json`: SHA-256 of the input
bytes + the preset + the tool version) skips unchanged inputs on the next run. The batch report
(`<out>/studio-report.json`) lists, per image, timings, confidence, audit results and outputs.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from pydantic import BaseModel, Field

from shopweave import __version__
from shopweave.errors import ShopweaveError
from shopweave.studio.audit import AuditResult, Problem, audit_image
from shopweave.studio.consistency import Look, batch_target, gains_for, measure
from shopweave.studio.cutout import Cutout, CutoutOptions, cutout
from shopweave.studio.imageio import DEFAULT_MAX_PIXELS, decode_image, read_bytes
from shopweave.studio.models import LazySegmenter
from shopweave.studio.presets import Preset, Shadow
from shopweave.studio.provenance import encode
from shopweave.studio.render import FidelityCheck, Rendered, render
from shopweave.studio.resample import fit_within, shrink

CACHE_FILE = ".studio-cache.json"
REPORT_FILE = "studio-report.json"
Status = Literal["ok", "review", "skipped", "error"]
GATE_SIDE = 500
"""Thumbnail side the compliance gate checks outputs at (a 2,000 px output halves twice to it)."""


class ImageReport(BaseModel):
    """What happened to one input."""

    input: str = Field(description="Input path.", examples=["photos/mug.jpg"])
    status: Status = Field(
        description="ok, review (written to review/), skipped (cached) or error.", examples=["ok"]
    )
    outputs: list[str] = Field(default_factory=list, description="Files written.", examples=[["out/mug.jpg"]])
    error: dict[str, str] | None = Field(
        default=None, description="code and message on error.", examples=[None]
    )
    timings_ms: dict[str, float] = Field(
        default_factory=dict, description="Milliseconds per stage.", examples=[{"decode": 40.0}]
    )
    method: str | None = Field(default=None, description="Cutout path taken.", examples=["plain-background"])
    confidence: float | None = Field(default=None, description="Cutout confidence 0–1.", examples=[0.93])
    review_reasons: list[str] = Field(
        default_factory=list, description="Why it needs a person.", examples=[[]]
    )
    audit: list[Problem] = Field(
        default_factory=list, description="Gate findings on the output.", examples=[[]]
    )
    fidelity: FidelityCheck | None = Field(
        default=None, description="Product fidelity check.", examples=[None]
    )
    operations: list[str] = Field(
        default_factory=list, description="Operations applied.", examples=[["cutout"]]
    )
    cache_key: str | None = Field(
        default=None, description="Content hash of input + preset + version.", examples=["ab12"]
    )


class BatchReport(BaseModel):
    """The report of one batch run."""

    preset: str = Field(description="Preset name.", examples=["amazon-main"])
    started: datetime = Field(description="When the run began (UTC).", examples=["2026-01-01T00:00:00Z"])
    seconds: float = Field(description="Wall time of the run.", examples=[12.5])
    jobs: int = Field(description="Worker processes.", examples=[2])
    counts: dict[str, int] = Field(description="Images per status.", examples=[{"ok": 10}])
    images: list[ImageReport] = Field(description="One entry per input, in input order.", examples=[[]])


def cache_key(data: bytes, preset: Preset, extra: str = "") -> str:
    """SHA-256 of the input bytes, the preset, the tool version and `extra` (batch-wide settings)."""
    digest = hashlib.sha256(data)
    digest.update(preset.model_dump_json().encode())
    digest.update(__version__.encode())
    digest.update(extra.encode())
    return digest.hexdigest()


def process_image(
    path: Path,
    preset: Preset,
    out_dir: Path,
    *,
    model: Path | None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    options: CutoutOptions | None = None,
    key: str | None = None,
    gains: tuple[float, float, float] | None = None,
) -> ImageReport:
    """Run one input through the whole pipeline; errors become the report's `error`.

    `key`: the input's cache key when the caller has computed it already. `gains`: per-channel
    colour gains decided for the whole batch (batch consistency) instead of this photo's own.
    The model (if any) is loaded on first use, once per process: plain photos never load it.
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    report = ImageReport(input=str(path), status="error")
    try:
        data = read_bytes(path)
        report.cache_key = key or cache_key(data, preset)
        longest = (preset.canvas and max(preset.canvas.width, preset.canvas.height)) or preset.longest_side
        decoded = decode_image(data, name=str(path), max_pixels=max_pixels, min_longest=longest)
        timings["decode"] = _lap(clock)
        clock = time.perf_counter()
        segmenter = LazySegmenter(model) if model is not None else None
        cut = cutout(decoded.rgb, segmenter=segmenter, options=options)
        timings["cutout"] = _lap(clock)
        report.method, report.confidence = cut.method, cut.confidence
        if cut.needs_review:
            report.review_reasons.append(
                f"cutout confidence {cut.confidence:.2f} ({'; '.join(cut.notes) or cut.method})"
            )
        if cut.box is None:
            raise ShopweaveError(f"{path}: no product found in the image.")
        clock = time.perf_counter()
        rendered, audit, gate_ops = _render_gated(decoded.rgb, cut, preset, name=path.name, gains=gains)
        timings["render+gate"] = _lap(clock)
        report.audit, report.fidelity = audit.problems, rendered.fidelity
        if not audit.passed:
            report.review_reasons.append("fails " + preset.channel + ": " + ", ".join(audit.codes))
        if not rendered.fidelity.ok:
            report.review_reasons.append(
                f"product changed beyond declared corrections (p99 {rendered.fidelity.p99_abs_diff})"
            )
        operations = [
            *decoded.operations,
            f"cutout {cut.method} conf={cut.confidence:.2f}",
            *rendered.operations,
            *gate_ops,
        ]
        report.operations = operations
        clock = time.perf_counter()
        encoded = encode(rendered.image, preset.format, quality=preset.quality, operations=operations)
        folder = out_dir / "review" if report.review_reasons else out_dir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.stem}{preset.extension}"
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(encoded)
        partial.replace(target)
        timings["encode"] = _lap(clock)
        report.outputs = [str(target)]
        report.status = "review" if report.review_reasons else "ok"
    except ShopweaveError as exc:
        report.error = exc.to_dict()
    except (cv2.error, MemoryError, ValueError) as exc:  # a bad image must not stop the batch
        report.error = {"code": "studio.internal", "message": f"{path}: {type(exc).__name__}: {exc}"}
    report.timings_ms = timings
    return report


def _render_gated(
    rgb: np.ndarray,
    cut: Cutout,
    preset: Preset,
    *,
    name: str,
    gains: tuple[float, float, float] | None = None,
) -> tuple[Rendered, AuditResult, list[str]]:
    rendered = render(rgb, cut, preset, gains=gains)
    audit = _gate(rendered, preset, name)
    if audit.passed or (preset.shadow.kind == "none" and preset.reflection == 0):
        return rendered, audit, []
    plain = preset.model_copy(update={"shadow": Shadow(kind="none"), "reflection": 0.0})
    retry = render(rgb, cut, plain, gains=gains)
    retry_audit = _gate(retry, plain, name)
    if retry_audit.passed:
        return retry, retry_audit, [f"gate: re-rendered without shadow ({', '.join(audit.codes)})"]
    return rendered, audit, []


def _gate(rendered: Rendered, preset: Preset, name: str) -> AuditResult:
    canvas_cut = Cutout(
        alpha=rendered.alpha,
        box=rendered.product_box,
        confidence=1.0,
        method="plain-background",
        needs_review=False,
    )
    image = rendered.image[..., :3]
    return audit_image(
        image, name=name, channel=preset.channel, cut=canvas_cut, main_image=preset.main_image, side=GATE_SIDE
    )


def _lap(start: float) -> float:
    return round((time.perf_counter() - start) * 1000.0, 1)


MEASURE_SIDE = 512
"""Longest side photos are decoded at for the batch-consistency measurements."""


def measure_image(path: Path, *, model: Path | None, max_pixels: int = DEFAULT_MAX_PIXELS) -> Look | None:
    """Batch consistency, first pass: the look of one photo from a small decode (None on error)."""
    try:
        decoded = decode_image(
            read_bytes(path), name=str(path), max_pixels=max_pixels, min_longest=MEASURE_SIDE
        )
        _scale, size = fit_within(decoded.rgb.shape[1], decoded.rgb.shape[0], MEASURE_SIDE)
        rgb = shrink(decoded.rgb, size)
        segmenter = LazySegmenter(model) if model is not None else None
        return measure(rgb, cutout(rgb, segmenter=segmenter))
    except (ShopweaveError, cv2.error, MemoryError, ValueError):
        return None  # the second pass reports the error


def _worker_init() -> None:
    """Set up a worker process: one core, and an allocator that keeps freed memory.

    Parallelism comes from the processes, not threads: without `setNumThreads(1)` OpenCV starts a
    thread per core in every worker and N workers on N cores oversubscribe the machine. Each photo
    allocates ~100 MB of short-lived arrays; by default glibc maps big blocks fresh and unmaps them
    on free, so every photo pays ~60,000 page faults (the kernel zeroing the pages: ~15 % of the
    time, and memory bandwidth two workers then share). Kept on the heap, they are reused; the
    peak stays the same.
    """
    cv2.setNumThreads(1)
    _keep_freed_memory()


def _keep_freed_memory() -> None:
    """glibc only (a no-op elsewhere): serve big blocks from the heap and never trim it."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 1 << 28)
    mallopt(m_trim_threshold, 1 << 28)


def run_batch(
    inputs: Sequence[Path],
    preset: Preset,
    out_dir: Path,
    *,
    model: Path | None,
    jobs: int = 1,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    on_done: Callable[[ImageReport], None] | None = None,
) -> BatchReport:
    """Process `inputs` with `preset` into `out_dir`; writes the cache and the JSON report."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_path = out_dir / CACHE_FILE
    cache = _read_cache(cache_path)
    previous = dict(cache)  # what earlier runs did: inputs of this run never skip each other
    looks: dict[int, Look | None] = {}
    target: float | None = None
    if preset.consistency and len(inputs) > 1:
        looks = _measure_all(inputs, model=model, jobs=jobs, max_pixels=max_pixels)
        measured = [look for look in looks.values() if look is not None]
        target = batch_target(measured) if measured else None
    # With consistency, an output depends on the collection: the key covers its brightness.
    extra = "" if target is None else f"consistency:{target:.2f}"

    def gains_of(index: int) -> tuple[float, float, float] | None:
        look = looks.get(index)
        return None if look is None or target is None else gains_for(look, target)

    reports: dict[int, ImageReport] = {}
    last_write = time.perf_counter()

    def record(index: int, report: ImageReport) -> None:
        nonlocal last_write
        reports[index] = report
        if report.status in ("ok", "review") and report.cache_key:
            cache[report.cache_key] = {
                "input": report.input,
                "outputs": report.outputs,
                "status": report.status,
            }
            # At most once a second (and at the end): rewriting a growing file after every
            # image would make long batches quadratic. A crash loses at most a second of work.
            if time.perf_counter() - last_write >= 1.0:
                _write_json(cache_path, cache)
                last_write = time.perf_counter()
        if on_done:
            on_done(report)

    def pending() -> Iterator[tuple[int, Path, str | None]]:
        """Inputs not in the cache, checked one by one (so work starts before all are hashed)."""
        for index, path in enumerate(inputs):
            key, skipped = _cached(path, preset, previous, extra)
            if skipped is None:
                yield index, path, key
                continue
            reports[index] = skipped
            if on_done:
                on_done(skipped)

    if jobs <= 1 or len(inputs) <= 1:
        threads = cv2.getNumThreads()
        cv2.setNumThreads(1)  # the same one core per image as a worker gets
        try:
            for index, path, key in pending():
                report = process_image(
                    path, preset, out_dir, model=model, max_pixels=max_pixels, key=key, gains=gains_of(index)
                )
                record(index, report)
        finally:
            cv2.setNumThreads(threads)
    else:
        # One pool for the whole batch; images are submitted as soon as they are known to be new.
        with ProcessPoolExecutor(max_workers=min(jobs, len(inputs)), initializer=_worker_init) as pool:
            futures = {
                pool.submit(
                    process_image,
                    path,
                    preset,
                    out_dir,
                    model=model,
                    max_pixels=max_pixels,
                    key=key,
                    gains=gains_of(index),
                ): index
                for index, path, key in pending()
            }
            for future in as_completed(futures):
                record(futures[future], future.result())
    _write_json(cache_path, cache)
    images = [reports[i] for i in range(len(inputs))]
    counts: dict[str, int] = {}
    for item in images:
        counts[item.status] = counts.get(item.status, 0) + 1
    batch = BatchReport(
        preset=preset.name,
        started=started,
        seconds=round(time.perf_counter() - clock, 3),
        jobs=jobs,
        counts=counts,
        images=images,
    )
    _write_json(out_dir / REPORT_FILE, batch.model_dump(mode="json"))
    return batch


def _measure_all(
    inputs: Sequence[Path], *, model: Path | None, jobs: int, max_pixels: int
) -> dict[int, Look | None]:
    if jobs <= 1:
        return {i: measure_image(p, model=model, max_pixels=max_pixels) for i, p in enumerate(inputs)}
    with ProcessPoolExecutor(max_workers=min(jobs, len(inputs)), initializer=_worker_init) as pool:
        futures = [pool.submit(measure_image, p, model=model, max_pixels=max_pixels) for p in inputs]
        return {i: future.result() for i, future in enumerate(futures)}


def _cached(
    path: Path, preset: Preset, cache: dict[str, dict[str, object]], extra: str = ""
) -> tuple[str | None, ImageReport | None]:
    """The input's cache key (None when unreadable) and its skip report when the cache has it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None, None
    key = cache_key(data, preset, extra)
    entry = cache.get(key)
    if entry is None:
        return key, None
    outputs = [str(o) for o in entry.get("outputs", [])]  # type: ignore[attr-defined]
    if not outputs or not all(Path(o).is_file() for o in outputs):
        return key, None
    return key, ImageReport(input=str(path), status="skipped", outputs=outputs, cache_key=key)


def _read_cache(path: Path) -> dict[str, dict[str, object]]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _write_json(path: Path, payload: object) -> None:
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    partial.write_text(json.dumps(payload, indent=2, sort_keys=True), encoding="utf-8")
    partial.replace(path)
