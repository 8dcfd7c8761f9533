"""The studio subsystem's declaration (registered through the `shopweave.subsystems` entry point).

Actions: `cutout`, `process` (emits `image.processed` per output when a product handle is given),
`audit` (emits `product.images_stale` when a product's images fail the channel's rules) and
`audit_catalog` (the scheduled audit of the whole catalog's new pictures, same event).
Events are emitted through the action context, inside the caller's transaction.
"""

from __future__ import annotations

from shopweave import __version__
from shopweave.events.envelope import CloudEvent
from shopweave.events.types import EventData
from shopweave.plugins.hookspecs import hookimpl
from shopweave.plugins.spec import Action, ActionContext, Health, Subsystem
from shopweave.settings import Settings
from shopweave.studio.actions import (
    AuditInput,
    AuditOutput,
    CutoutInput,
    CutoutOutput,
    ProcessInput,
    ProcessOutput,
    audit_images,
    cutout_image,
    process_images,
)
from shopweave.studio.catalog_audit import AuditCatalogInput, AuditCatalogOutput, audit_catalog
from shopweave.studio.models import installed_model

SOURCE = "/shopweave/studio"


def _emit(ctx: ActionContext, events: list[EventData], handle: str) -> None:
    for index, data in enumerate(events):
        event_id = f"{ctx.idempotency_key}:{index}" if ctx.idempotency_key else None
        extra = {"id": event_id} if event_id else {}
        ctx.emit(CloudEvent(source=SOURCE, type=data.TYPE, subject=f"product/{handle}",
                            data=data.model_dump(mode="json"), **extra))  # fmt: skip


def _cutout(ctx: ActionContext, payload: CutoutInput) -> CutoutOutput:
    return cutout_image(payload, settings=ctx.settings)


def _process(ctx: ActionContext, payload: ProcessInput) -> ProcessOutput:
    output = process_images(payload, settings=ctx.settings)
    if payload.handle:
        _emit(ctx, list(output.events), payload.handle)
    return output


def _audit(ctx: ActionContext, payload: AuditInput) -> AuditOutput:
    output = audit_images(payload, settings=ctx.settings)
    if payload.handle:
        _emit(ctx, list(output.events), payload.handle)
    return output


def _audit_catalog(ctx: ActionContext, payload: AuditCatalogInput) -> AuditCatalogOutput:
    output = audit_catalog(payload, settings=ctx.settings, database=ctx.database)
    for index, data in enumerate(output.events):
        extra = {"id": f"{ctx.idempotency_key}:{index}"} if ctx.idempotency_key else {}
        ctx.emit(CloudEvent(source=SOURCE, type=data.TYPE, subject=f"product/{data.handle}",
                            data=data.model_dump(mode="json"), **extra))  # fmt: skip
    return output


def _health(settings: Settings) -> Health:
    try:
        model = installed_model(settings)
    except Exception as exc:  # a corrupt model file must show up as unhealthy, not crash the listing
        return Health(ok=False, detail=str(exc))
    if model is None:
        return Health(
            ok=True, detail="classical cutout only: run `shopweave studio models install` for u2netp"
        )
    return Health(ok=True, detail=f"u2netp model at {model}")


def subsystem() -> Subsystem:
    """The studio subsystem's declaration."""
    return Subsystem(
        name="studio",
        version=__version__,
        description="Product photos: automatic cutout, marketplace presets, image audit and compliance gate.",
        consumes=("product.images_stale",),
        emits=("image.processed", "product.images_stale"),
        actions=(
            Action("cutout", "Remove the background of one image.", CutoutInput, CutoutOutput, _cutout),
            Action(
                "process", "Make channel-ready images with a preset.", ProcessInput, ProcessOutput, _process
            ),
            Action("audit", "Check images against a channel's rules.", AuditInput, AuditOutput, _audit),
            Action(
                "audit_catalog",
                "Audit the catalog's photos not audited before; flag products needing fresh imagery.",
                AuditCatalogInput,
                AuditCatalogOutput,
                _audit_catalog,
            ),
        ),
        health=_health,
    )


@hookimpl
def shopweave_subsystem() -> Subsystem:
    """Register the studio subsystem."""
    return subsystem()
