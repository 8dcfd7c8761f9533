"""Benchmark: audit 10,000 products end to end (load from the store + audit + output) in a fresh
SQLite home.

Generates products with 1-4 variants and 1-3 images each, one in ten with a defect (bad check
digit, mangled barcode, zero price, promotional title, missing description or image, duplicate
SKU, small image). Then, for `--json` and the table output, runs `shopweave catalog audit` in a
fresh Python process and prints:

- the command's own wall and CPU seconds (load + audit + output), measured after the
  `shopweave` CLI is imported;
- the import time of the CLI (all command groups, including other subsystems') separately;
- the process's peak memory (max RSS).

Target: the audit of 10,000 products in <= 10 s on a 2-core machine. On a shared machine, compare
CPU seconds: wall time grows with the other processes' load.
Run: `.venv/bin/python bench/audit.py [--products N]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shopweave.catalog.schemas import Product

SIZES = ("S", "M", "L", "XL")


def make_product(index: int) -> Product:
    """A deterministic product; index % 10 == 0 products carry one defect each.

    Imports stay inside the functions so that `--child` can time the CLI import on its own."""
    from stdnum import ean

    from shopweave.catalog.schemas import Image, Money, Product, Variant, WeightUnit

    def gtin(number: int) -> str:
        body = f"{400000000000 + number:012d}"
        return body + ean.calc_check_digit(body)

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


def seed(home: Path, count: int) -> None:
    """Store `count` generated products in a fresh SQLite database under `home`."""
    from shopweave.catalog.store import Database, upsert_products
    from shopweave.settings import Settings

    database = Database.open(Settings(home=home))
    batch = 500
    for start in range(0, count, batch):
        with database.transaction() as session:
            upsert_products(session, [make_product(i) for i in range(start, min(count, start + batch))])
    database.close()


def child(home: Path, args: list[str], result: Path) -> None:
    """Run `shopweave catalog audit ARGS` in this fresh process; write the figures to `result`."""
    os.environ["SHOPWEAVE_HOME"] = str(home)
    os.environ.pop("SHOPWEAVE_DATABASE_URL", None)
    started, cpu = time.perf_counter(), time.process_time()
    from shopweave.cli.main import app

    imported, import_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        try:
            app(["catalog", "audit", *args])
        except SystemExit as done:
            if done.code not in (0, None):
                raise
    figures = {
        "import_s": imported,
        "import_cpu_s": import_cpu,
        "command_s": time.perf_counter() - started,
        "command_cpu_s": time.process_time() - cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    result.write_text(json.dumps(figures), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, ["--json"] if args.json else [], args.result)
        return
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        started = time.perf_counter()
        seed(home, args.products)
        print(f"seeded {args.products} products in {time.perf_counter() - started:.1f} s")
        for label, extra in (("--json", ["--json"]), ("table", [])):
            result = Path(folder) / "result.json"
            command = [sys.executable, __file__, "--child", str(home), "--result", str(result), *extra]
            subprocess.run(command, check=True)
            f = json.loads(result.read_text(encoding="utf-8"))
            print(
                f"catalog audit {label}: {f['command_s']:.2f} s ({f['command_cpu_s']:.2f} s CPU) for load + audit "
                f"+ output of {args.products} products; CLI import {f['import_s']:.2f} s "
                f"({f['import_cpu_s']:.2f} s CPU); peak RSS {f['peak_rss_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
