"""Catalog exporters: Shopify product CSV, Google Merchant RSS feed, schema.org JSON-LD.

    result = export_products(products, "google-feed", Path("feed.xml"), store_url="https://shop.example.com")

Files are written to a temporary file next to `out` and renamed into place, so a failed export
never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from shopweave.catalog.exporters.cells import neutralise
from shopweave.catalog.exporters.errors import ExportError, StoreUrlMissingError
from shopweave.catalog.exporters.google_feed import write_google_feed
from shopweave.catalog.exporters.jsonld import product_document, write_jsonld
from shopweave.catalog.exporters.shopify_csv import HEADER as SHOPIFY_CSV_HEADER
from shopweave.catalog.exporters.shopify_csv import write_shopify_csv
from shopweave.catalog.schemas import Product

EXPORT_FORMATS: dict[str, str] = {
    "shopify-csv": "Shopify product CSV (current 48-column template), one row per variant and image",
    "google-feed": "Google Merchant Center RSS 2.0 feed with the g: namespace, one item per variant",
    "jsonld": "schema.org Product/Offer JSON-LD, one product per line (JSON Lines)",
}


class ExportResult(BaseModel):
    """What an export wrote."""

    format: str = Field(description="Export format.", examples=["google-feed"])
    path: str = Field(description="File written.", examples=["feed.xml"])
    products: int = Field(description="Products exported.", examples=[200])
    records: int = Field(description="CSV rows, feed items or JSON lines written.", examples=[640])


def export_products(
    products: Iterable[Product], fmt: str, out: Path, *, store_url: str | None = None
) -> ExportResult:
    """Write `products` to `out` in format `fmt` (a key of EXPORT_FORMATS)."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from: {', '.join(EXPORT_FORMATS)}")
    if fmt == "google-feed" and not store_url:
        raise StoreUrlMissingError(
            "the Google feed needs product links: set SHOPWEAVE_STORE_URL (for example "
            "https://shop.example.com) or pass --store-url"
        )
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{out}: folder {folder} does not exist")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file path")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=folder)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            if fmt == "shopify-csv":
                counts = write_shopify_csv(products, stream)
            elif fmt == "google-feed":
                assert store_url is not None
                counts = write_google_feed(products, stream, store_url=store_url)
            else:
                counts = write_jsonld(products, stream, store_url=store_url)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ExportResult(format=fmt, path=str(out), products=counts[0], records=counts[1])


__all__ = [
    "EXPORT_FORMATS",
    "SHOPIFY_CSV_HEADER",
    "ExportError",
    "ExportResult",
    "StoreUrlMissingError",
    "export_products",
    "neutralise",
    "product_document",
    "write_google_feed",
    "write_jsonld",
    "write_shopify_csv",
]
