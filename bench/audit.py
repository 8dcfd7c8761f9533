"""Benchmark: audit 10,000 products end to end (load from the store + audit) in a fresh SQLite home.

Generates products with 1-4 variants and 1-3 images each, about one in ten with a defect
(bad check digit, mangled barcode, zero price, promotional title, missing description or
image, duplicate SKU, small image), then times `shopweave catalog audit` as a separate process
(JSON and table output) and prints seconds and peak memory (max RSS of that process), plus an
in-process split between loading and auditing. Target: <= 10 s on a 2-core machine.
Run: `.venv/bin/python bench/audit.py [--products N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from stdnum import ean

from shopweave.catalog.audit import audit_products
from shopweave.catalog.schemas import Image, Money, Product, Variant, WeightUnit
from shopweave.catalog.store import Database, iter_products, upsert_products
from shopweave.settings import Settings

SIZES = ("S", "M", "L", "XL")


def gtin(number: int) -> str:
    body = f"{400000000000 + number:012d}"
    return body + ean.calc_check_digit(body)


def make_product(index: int) -> Product:
    """A deterministic product; index % 10 == 0 products carry one defect each."""
    variants = [
        Variant(
            sku=f"SKU-{index}-{size}",
            options={"Size": size},
            price=Money(amount=Decimal("19.90") + index % 7, currency="USD"),
            barcode=gtin(index * 4 + n),
            weight=Decimal("0.250"),
            weight_unit=WeightUnit.KG,
            inventory_quantity=index % 5,
            position=n + 1,
        )
        for n, size in enumerate(SIZES[: 1 + index % 4])
    ]
    product = Product(
        handle=f"product-{index}",
        title=f"Cotton shirt model {index}",
        description_html=f"<p>Soft cotton shirt, model {index}, made to last.</p>",
        vendor="Acme",
        category="Apparel & Accessories > Clothing > Shirts & Tops",
        option_names=["Size"],
        attributes={"gender": "unisex", "age_group": "adult", "color": "Blue", "condition": "new"},
        variants=variants,
        images=[
            Image(src=f"https://cdn.example.com/p{index}-{n}.jpg", position=n + 1, width=1600, height=1600)
            for n in range(1 + index % 3)
        ],
    )
    defect = (index // 10) % 8 if index % 10 == 0 else None
    first = product.variants[0]
    if defect == 0:
        first.barcode = first.barcode[:-1] + str((int(first.barcode[-1]) + 1) % 10)
    elif defect == 1:
        first.barcode = "4.00638E+12"
    elif defect == 2:
        first.price = Money(amount=Decimal("0"), currency="USD")
    elif defect == 3:
        product.title += " - FREE SHIPPING!!"
    elif defect == 4:
        product.description_html = None
    elif defect == 5:
        product.images = []
    elif defect == 6:
        first.sku = "SKU-0-S"
    elif defect == 7:
        product.images[0].width = product.images[0].height = 200
    return product


def seed(settings: Settings, count: int) -> None:
    database = Database.open(settings)
    batch = 500
    for start in range(0, count, batch):
        with database.transaction() as session:
            upsert_products(session, [make_product(i) for i in range(start, min(count, start + batch))])
    database.close()


def run_cli(settings: Settings, *args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of `shopweave catalog audit ARGS` as its own
    process. CPU time is what to compare on a shared machine: wall time grows with contention."""
    env = {**os.environ, "SHOPWEAVE_HOME": str(settings.home)}
    env.pop("SHOPWEAVE_DATABASE_URL", None)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "shopweave.cli.main", "catalog", "audit", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is the largest child so far (KiB on Linux).
    return seconds, usage.ru_utime + usage.ru_stime - cpu_before, max(usage.ru_maxrss, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(home=Path(folder) / "home")
        started = time.perf_counter()
        seed(settings, args.products)
        print(f"seeded {args.products} products in {time.perf_counter() - started:.1f} s")

        for label, extra in (("--json", ["--json"]), ("table", [])):
            seconds, peak = run_cli(settings, *extra)
            print(
                f"catalog audit {label}: {seconds:.2f} s end to end (process start included), peak RSS {peak:.0f} MB"
            )

        database = Database.open(settings)
        tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        with database.transaction() as session:
            products = list(iter_products(session))
        loaded, load_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        report = audit_products(products)
        audited, audit_cpu = time.perf_counter() - started, time.process_time() - cpu
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        database.close()
        variants = sum(len(p.variants) for p in products)
        print(
            f"in process (tracemalloc on): load {loaded:.2f} s / {load_cpu:.2f} s CPU ({len(products)} products, "
            f"{variants} variants), audit {audited:.2f} s / {audit_cpu:.2f} s CPU (5 channels), "
            f"Python heap peak {traced_peak / 2**20:.0f} MB"
        )
        print(
            f"score {report.score}, worst problems: "
            + ", ".join(f"{c.code} ({c.products})" for c in report.worst_problems(5))
        )


if __name__ == "__main__":
    main()
