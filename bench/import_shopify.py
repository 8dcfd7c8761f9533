"""Benchmark: import a generated 100,000-row Shopify product CSV into a fresh SQLite home.

Prints rows/s, seconds and peak memory (max RSS of this process). Targets: <= 30 s and
<= 500 MB on a 2-core machine. Run: `.venv/bin/python bench/import_shopify.py [--rows N]`.
A second import of the same file (the idempotent no-op path) is timed too.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

from shopweave.catalog.importers import ImportOptions, import_files
from shopweave.catalog.store import Database
from shopweave.settings import Settings

HEADER = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Gift Card",
    "SEO Title",
    "SEO Description",
    "Google Shopping / Google Product Category",
    "Google Shopping / Gender",
    "Google Shopping / Age Group",
    "Google Shopping / MPN",
    "Google Shopping / Condition",
    "Google Shopping / Custom Product",
    "Variant Image",
    "Variant Weight Unit",
    "Variant Tax Code",
    "Cost per item",
    "Included / United States",
    "Price / United States",
    "Compare At Price / United States",
    "Included / International",
    "Price / International",
    "Compare At Price / International",
    "Status",
]
SIZES = ("XS", "S", "M", "L", "XL")


def generate(path: Path, rows: int) -> None:
    """A Shopify CSV with `rows` rows: products of 5 size variants, one image per variant."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            product, size = divmod(index, len(SIZES))
            first = size == 0
            row = dict.fromkeys(HEADER, "")
            row.update(
                {
                    "Handle": f"bench-product-{product}",
                    "Option1 Value": SIZES[size],
                    "Variant SKU": f"BP-{product}-{SIZES[size]}",
                    "Variant Grams": "250",
                    "Variant Inventory Qty": str(index % 40),
                    "Variant Inventory Policy": "deny",
                    "Variant Price": f"{10 + product % 90}.99",
                    "Variant Barcode": f"{400000000000 + index:013d}",
                    "Image Src": f"https://cdn.example.com/p/{product}/{size}.jpg",
                    "Image Position": str(size + 1),
                    "Variant Weight Unit": "g",
                }
            )
            if first:
                row.update(
                    {
                        "Title": f"Bench Product {product}",
                        "Body (HTML)": f"<p>Product {product}: soft, durable and <strong>made to last</strong>.</p>",
                        "Vendor": "Bench Co",
                        "Product Category": "Apparel & Accessories > Clothing",
                        "Type": "Shirts",
                        "Tags": "bench, cotton",
                        "Published": "TRUE",
                        "Option1 Name": "Size",
                        "Status": "active",
                    }
                )
            writer.writerow([row[c] for c in HEADER])


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "products.csv"
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        settings = Settings(home=folder / "home", database_url=None)
        database = Database.open(settings)
        options = ImportOptions(currency="USD")
        rss_before = peak_rss_mb()
        start, cpu_start = time.perf_counter(), time.process_time()
        report = import_files(database, [csv_path], options=options, batch_size=settings.import_batch_size)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        rss_after_first = peak_rss_mb()
        start, cpu_start = time.perf_counter(), time.process_time()
        again = import_files(database, [csv_path], options=options, batch_size=settings.import_batch_size)
        seconds_again, cpu_again = time.perf_counter() - start, time.process_time() - cpu_start
        database.close()
    counts = report.count("products")
    print(f"file: {args.rows} rows, {size_mb:.1f} MB")
    print(
        f"first import: {report.products} products, {report.variants} variants, {report.images} images, "
        f"{len(report.rejected)} rejected in {seconds:.1f} s = {args.rows / seconds:,.0f} rows/s "
        f"(CPU {cpu_seconds:.1f} s; on a shared machine wall time includes waiting for a core) "
        f"(created {counts.created})"
    )
    print(
        f"re-import (no-op): {seconds_again:.1f} s = {args.rows / seconds_again:,.0f} rows/s (CPU {cpu_again:.1f} s) "
        f"(unchanged {again.count('products').unchanged})"
    )
    print(
        f"peak RSS: {rss_after_first:.0f} MB after the first import (before: {rss_before:.0f} MB), "
        f"{peak_rss_mb():.0f} MB at the end"
    )
    ok = seconds <= 30 and peak_rss_mb() <= 500
    print("targets (<= 30 s, <= 500 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
