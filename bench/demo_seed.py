"""Time `shopweave demo seed` (200 products, seed 7) into a fresh SQLite home, then the no-op
re-run. Prints the figures; the machine it runs on decides them."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from shopweave.catalog.images import ImageStore
from shopweave.catalog.store import Database
from shopweave.demo import seed_demo_store
from shopweave.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(home=Path(folder) / "home")
        database = Database.open(settings)
        store = ImageStore(settings.images_dir)
        started = time.perf_counter()
        report = seed_demo_store(database, store, products=200, seed=7)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = seed_demo_store(database, store, products=200, seed=7)
        second = time.perf_counter() - started
        database.close()
    print(f"demo seed, 200 products: {first:.1f} s ({report.rendered_photos} photos, "
          f"{report.planned.orders} orders, {report.planned.order_lines} lines)")  # fmt: skip
    print(
        f"demo seed again (no-op): {second:.1f} s, inserted {sum(again.inserted.model_dump().values())} rows"
    )


if __name__ == "__main__":
    main()
