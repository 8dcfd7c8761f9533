"""Catalog events: what the catalog store records when a product is created or changed.

The store calls `product_event` inside its own transaction (transactional outbox), so the event
becomes visible exactly when the change commits, and is dispatched only after that.
"""

from __future__ import annotations

from typing import Literal

from shopweave.catalog.schemas import Product
from shopweave.events.envelope import CloudEvent
from shopweave.events.types import ProductCreated, ProductUpdated

CATALOG_SOURCE = "/shopweave/catalog"


def product_event(change: Literal["created", "updated"], product: Product) -> CloudEvent:
    """The `product.created` / `product.updated` event for `product`."""
    model = ProductCreated if change == "created" else ProductUpdated
    data = model(
        handle=product.handle,
        title=product.title,
        category=product.category or product.product_type,
        tags=list(product.tags),
        image_count=len(product.images),
    )
    return CloudEvent(
        source=CATALOG_SOURCE,
        type=model.TYPE,
        subject=f"product/{product.handle}",
        data=data.model_dump(mode="json"),
    )
