"""The scheduled catalog image audit: which products need fresh imagery.

`audit_catalog` walks the catalog and audits each product photo it has not audited before for
the channel (keyed by the SHA-256 of the picture's bytes, the channel and the studio version),
so the hourly schedule only looks at new or changed pictures. Verdicts are remembered in
`<home>/studio/catalog-audit.json` (written atomically). A product with a newly audited picture
that fails the channel's rules gets a `product.images_stale` event, which the default rules turn
into a studio run; a failing picture that was already reported is not reported again every hour.

Pictures are read from the content-addressed image store (by content hash or store URL) or from a
local path; a remote URL that is not in the store is reported as not local: nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from shopweave import __version__
from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image
from shopweave.catalog.store import Database, iter_products
from shopweave.errors import ShopweaveError
from shopweave.events.types import ProductImagesStale
from shopweave.settings import Settings
from shopweave.studio.audit import Channel, audit_image
from shopweave.studio.cutout import cutout
from shopweave.studio.imageio import decode_image, read_bytes
from shopweave.studio.models import default_segmenter
from shopweave.studio.sources import local_path


class AuditCatalogInput(BaseModel):
    """Audit the catalog's product photos against a channel's rules."""

    channel: Channel = Field(default="amazon", description="Channel rules.", examples=["amazon"])
    max_images: int = Field(
        default=500, ge=1, description="Audit at most this many new pictures per run.", examples=[500]
    )


class Unreadable(BaseModel):
    """A product photo that could not be audited."""

    handle: str = Field(description="Product handle.", examples=["mug"])
    image: str = Field(description="The image's source.", examples=["https://cdn.example.com/mug.jpg"])
    reason: str = Field(description="Why.", examples=["not stored locally (nothing is downloaded)"])


class AuditCatalogOutput(BaseModel):
    """What one run of the catalog audit found."""

    audited: int = Field(description="Pictures audited in this run.", examples=[12])
    already_audited: int = Field(description="Pictures skipped: audited before.", examples=[340])
    stale_products: list[str] = Field(
        default_factory=list,
        description="Handles whose photos fail the channel's rules (new and known).",
        examples=[["mug"]],
    )
    unreadable: list[Unreadable] = Field(default_factory=list, description="Not audited.", examples=[[]])
    complete: bool = Field(description="False when max_images stopped the run early.", examples=[True])
    events: list[ProductImagesStale] = Field(
        default_factory=list, description="product.images_stale for newly failing products.", examples=[[]]
    )


class _Verdicts:
    """Remembered verdicts: key → error codes (empty: passed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self.codes: dict[str, list[str]] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):  # missing or damaged: audit again
            self.codes = {}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(self.codes, out)
        os.replace(temporary, self.path)


def verdicts_path(settings: Settings) -> Path:
    """Where the catalog audit remembers its verdicts."""
    return settings.home / "studio" / "catalog-audit.json"


def _locate(image: Image, store: ImageStore, settings: Settings) -> tuple[str, Path, bytes | None] | str:
    """The picture's content hash, its file and its bytes when already read; or why it cannot be read.

    A stored picture's hash is known without reading it; a local file (or a store URL, see
    `local_path`) is read once, to hash it, and its bytes are kept for the audit.
    """
    if image.content_hash and (stored := store.find(image.content_hash)) is not None:
        return image.content_hash, stored, None
    path = local_path(image.src, settings)
    if path == Path(image.src) and "://" in image.src:
        return "not stored locally (nothing is downloaded)"
    try:
        data = read_bytes(path)
    except ShopweaveError as exc:
        return exc.message
    return hashlib.sha256(data).hexdigest(), path, data


def audit_catalog(
    payload: AuditCatalogInput, *, settings: Settings, database: Database
) -> AuditCatalogOutput:
    """Audit the pictures not audited before; report the products that need fresh imagery."""
    verdicts = _Verdicts(verdicts_path(settings))
    store = ImageStore(settings.images_dir)
    segmenter = None
    audited = skipped = 0
    stale: list[str] = []
    unreadable: list[Unreadable] = []
    events: list[ProductImagesStale] = []
    complete = True
    with database.transaction() as session:  # what the audit needs, without holding a transaction open
        products = [(p.handle, p.category, p.images) for p in iter_products(session)]
    for handle, category, images in products:
        new_failures: set[str] = set()
        known_failure = False
        for image in images:
            found = _locate(image, store, settings)
            if isinstance(found, str):
                unreadable.append(Unreadable(handle=handle, image=image.src, reason=found))
                continue
            content_hash, path, data = found
            key = f"{payload.channel}:{__version__}:{content_hash}"
            if key in verdicts.codes:
                skipped += 1
                known_failure = known_failure or bool(verdicts.codes[key])
                continue
            if audited >= payload.max_images:
                complete = False  # the next run goes on from here
                break
            try:
                decoded = decode_image(data if data is not None else read_bytes(path), name=image.src)
                segmenter = segmenter or default_segmenter(settings)
                cut = cutout(decoded.rgb, segmenter=segmenter)
                result = audit_image(decoded.rgb, name=image.src, channel=payload.channel, cut=cut)
            except ShopweaveError as exc:
                unreadable.append(Unreadable(handle=handle, image=image.src, reason=exc.message))
                continue
            audited += 1
            codes = sorted({p.code for p in result.problems if p.severity == "error"})
            verdicts.codes[key] = codes
            new_failures.update(codes)
        if new_failures or known_failure:
            stale.append(handle)
        if new_failures:
            events.append(
                ProductImagesStale(
                    handle=handle, category=category, channel=payload.channel, reasons=sorted(new_failures)
                )
            )
        if not complete:
            break
    if audited:
        verdicts.save()
    return AuditCatalogOutput(
        audited=audited,
        already_audited=skipped,
        stale_products=stale,
        unreadable=unreadable,
        complete=complete,
        events=events,
    )
