"""The catalog store: tables, the open/migrate entry point, and product persistence."""

from shopweave.catalog.store.database import Database
from shopweave.catalog.store.products import (
    UpsertCounts,
    count_catalog,
    get_product,
    iter_products,
    upsert_products,
)

__all__ = ["Database", "UpsertCounts", "count_catalog", "get_product", "iter_products", "upsert_products"]
