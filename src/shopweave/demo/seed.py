"""`seed_demo_store`: write the deterministic sample store into a database and image store.

Plans come from the pure planners (`catalog`, `orders`, `supply`, `policies`); this module only
writes them, in one transaction, inserting what is missing and leaving what is there alone, so
seeding twice changes nothing. Photos are rendered on every core (Pillow releases the GIL) and
skipped when the demo photo at that product and position is already stored.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from shopweave.catalog.images import ImageStore
from shopweave.catalog.schemas import Image
from shopweave.catalog.store import Database, upsert_products
from shopweave.catalog.store.tables import (
    CustomerRow,
    FulfillmentRow,
    InventoryLevelRow,
    OrderLineRow,
    OrderRow,
    PolicyRow,
    ProductRow,
    PurchaseOrderLineRow,
    PurchaseOrderRow,
    ReturnRow,
    SupplierItemRow,
    SupplierRow,
    VariantRow,
)
from shopweave.demo.catalog import Defects, PlannedPhoto, PlannedProduct, plan_catalog
from shopweave.demo.orders import Promotion, plan_customers, plan_orders
from shopweave.demo.photos import RenderedPhoto, render_photo
from shopweave.demo.policies import RETURN_POLICY, SHIPPING_POLICY
from shopweave.demo.supply import plan_stock
from shopweave.demo.tables import DemoPhotoRow
from shopweave.errors import ValidationError

__all__ = ["DEFAULT_END_DATE", "Progress", "SeedCounts", "SeedReport", "seed_demo_store"]

DEFAULT_END_DATE = date(2026, 11, 22)
"""Last day of the sample order history; fixed so every seed gives the same store."""

Progress = Callable[[str, int, int], None]
"""Called as `progress(step, done, total)` while seeding."""


class SeedCounts(BaseModel):
    """Rows per kind of record."""

    products: int = Field(default=0, description="Products.", examples=[200])
    variants: int = Field(default=0, description="Variants.", examples=[798])
    images: int = Field(default=0, description="Product images (photos).", examples=[326])
    masks: int = Field(default=0, description="Ground-truth masks of the photos.", examples=[326])
    customers: int = Field(default=0, description="Customers.", examples=[1200])
    orders: int = Field(default=0, description="Orders.", examples=[17769])
    order_lines: int = Field(default=0, description="Order lines.", examples=[25700])
    fulfillments: int = Field(default=0, description="Shipments.", examples=[17200])
    returns: int = Field(default=0, description="Returns.", examples=[950])
    suppliers: int = Field(default=0, description="Suppliers.", examples=[9])
    supplier_items: int = Field(default=0, description="Supplier offers per SKU.", examples=[950])
    inventory_levels: int = Field(default=0, description="Stock rows (SKU × location).", examples=[1000])
    purchase_orders: int = Field(default=0, description="Purchase orders.", examples=[27])
    purchase_order_lines: int = Field(default=0, description="Purchase order lines.", examples=[140])
    policies: int = Field(default=0, description="Store policies.", examples=[2])


class SeedReport(BaseModel):
    """What the sample store holds and what this run added to the database."""

    products: int = Field(description="`--products` asked for.", examples=[200])
    seed: int = Field(description="`--seed` used.", examples=[7])
    end_date: date = Field(description="Last day of the order history.", examples=["2026-11-22"])
    planned: SeedCounts = Field(description="Rows the sample store consists of.")
    inserted: SeedCounts = Field(description="Rows this run inserted (all zero on a re-run).")
    rendered_photos: int = Field(
        description="Photos rendered this run (0 when all were stored).", examples=[0]
    )
    defects: Defects = Field(description="Problems planted for the audit to find.")
    promotions: list[Promotion] = Field(description="Promotions in the order history.")
    seconds: float = Field(description="Wall time of the run.", examples=[21.4])


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def _insert_returning_ids(
    session: Session, table: Any, key: str, rows: list[dict[str, Any]]
) -> dict[Any, int]:
    """Bulk insert `rows`; map each row's `key` value to its new id."""
    ids: dict[Any, int] = {}
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        result = session.execute(
            insert(table).returning(table.id, getattr(table, key), sort_by_parameter_order=True), chunk
        )
        ids.update({row_key: row_id for row_id, row_key in result})
    return ids


def _bulk(session: Session, table: Any, rows: list[dict[str, Any]]) -> int:
    for start in range(0, len(rows), 5000):
        session.execute(insert(table), rows[start : start + 5000])
    return len(rows)


class _Seeder:
    def __init__(self, database: Database, store: ImageStore, progress: Progress) -> None:
        self.database = database
        self.store = store
        self.progress = progress
        self.inserted = SeedCounts()
        self.rendered = 0

    # photos ------------------------------------------------------------------------------
    def photos(self, session: Session, products: list[PlannedProduct]) -> dict[tuple[str, int], DemoPhotoRow]:
        existing = {(r.handle, r.position): r for r in session.scalars(select(DemoPhotoRow))}
        wanted = [(p.product.handle, photo) for p in products for photo in p.photos]
        todo = [
            (handle, photo)
            for handle, photo in wanted
            if (handle, photo.position) not in existing
            or not self.store.exists(existing[(handle, photo.position)].image_hash)
            or not self.store.exists(existing[(handle, photo.position)].mask_hash)
        ]
        total = len(todo)
        self.progress("photos", 0, total)

        def render(item: tuple[str, PlannedPhoto]) -> RenderedPhoto:
            return render_photo(item[1].spec)

        workers = max(1, min(4, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for done, ((handle, photo), rendered) in enumerate(
                zip(todo, pool.map(render, todo), strict=True), 1
            ):
                image = self.store.put(session, rendered.jpeg, name=f"photo of {handle}")
                mask = self.store.put(session, rendered.mask_png, name=f"mask of {handle}")
                row = existing.get((handle, photo.position))
                if row is None:
                    row = DemoPhotoRow(handle=handle, position=photo.position)
                    session.add(row)
                    existing[(handle, photo.position)] = row
                    self.inserted.images += 1
                    self.inserted.masks += 1
                row.image_hash, row.mask_hash = image.content_hash, mask.content_hash
                row.variety, row.shape, row.coverage = (
                    photo.spec.variety.value,
                    photo.spec.shape,
                    rendered.coverage,
                )
                self.rendered += 1
                self.progress("photos", done, total)
        session.flush()
        return existing

    # catalog -----------------------------------------------------------------------------
    def products(
        self,
        session: Session,
        products: list[PlannedProduct],
        photos: dict[tuple[str, int], DemoPhotoRow],
        on_hand: dict[str, int],
    ) -> None:
        batch = []
        before = _count(session, ProductRow), _count(session, VariantRow)
        for planned in products:
            images = []
            for photo in planned.photos:
                row = photos[(planned.product.handle, photo.position)]
                info = self.store.info(session, row.image_hash)
                images.append(
                    Image(src=f"/images/{row.image_hash}.{info.extension}", position=photo.position,
                          alt_text=photo.alt_text, width=info.width, height=info.height,
                          content_hash=row.image_hash, variant_sku=photo.variant_sku)
                )  # fmt: skip
            variants = [
                v.model_copy(update={"inventory_quantity": on_hand.get(str(v.sku), 0)})
                for v in planned.product.variants
            ]
            batch.append(planned.product.model_copy(update={"images": images, "variants": variants}))
        for start in range(0, len(batch), 100):
            upsert_products(session, batch[start : start + 100])
            self.progress("products", min(start + 100, len(batch)), len(batch))
        self.inserted.products = _count(session, ProductRow) - before[0]
        self.inserted.variants = _count(session, VariantRow) - before[1]

    # people and orders -------------------------------------------------------------------
    def customers(self, session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
        ids = dict(session.execute(select(CustomerRow.email, CustomerRow.id)).all())
        missing = [r for r in rows if r["email"] not in ids]
        ids.update(_insert_returning_ids(session, CustomerRow, "email", missing))
        self.inserted.customers = len(missing)
        return ids

    def orders(self, session: Session, plan: Any, customer_ids: dict[str, int]) -> None:
        numbers = [o["number"] for o in plan.orders]
        existing: set[str] = set()
        for start in range(0, len(numbers), 5000):
            existing.update(
                session.scalars(
                    select(OrderRow.number).where(OrderRow.number.in_(numbers[start : start + 5000]))
                )
            )
        missing = [
            dict(o, customer_id=customer_ids.get(o["email"]))
            for o in plan.orders
            if o["number"] not in existing
        ]
        self.progress("orders", 0, len(missing))
        ids = _insert_returning_ids(session, OrderRow, "number", missing)
        lines, fulfillments, returns = [], [], []
        for number, order_id in ids.items():
            lines += [dict(line, order_id=order_id) for line in plan.lines.get(number, [])]
            fulfillments += [dict(f, order_id=order_id) for f in plan.fulfillments.get(number, [])]
            returns += [dict(r, order_id=order_id) for r in plan.returns.get(number, [])]
        self.inserted.orders = len(ids)
        self.inserted.order_lines = _bulk(session, OrderLineRow, lines)
        self.inserted.fulfillments = _bulk(session, FulfillmentRow, fulfillments)
        self.inserted.returns = _bulk(session, ReturnRow, returns)
        self.progress("orders", len(missing), len(missing))

    # stock -------------------------------------------------------------------------------
    def stock(self, session: Session, plan: Any) -> None:
        supplier_ids = dict(session.execute(select(SupplierRow.code, SupplierRow.id)).all())
        missing = [s for s in plan.suppliers if s["code"] not in supplier_ids]
        supplier_ids.update(_insert_returning_ids(session, SupplierRow, "code", missing))
        self.inserted.suppliers = len(missing)

        have = set(session.execute(select(SupplierItemRow.supplier_id, SupplierItemRow.sku)).all())
        items = []
        for item in plan.supplier_items:
            row = {k: v for k, v in item.items() if k != "supplier_code"}
            row["supplier_id"] = supplier_ids[item["supplier_code"]]
            if (row["supplier_id"], row["sku"]) not in have:
                items.append(row)
        self.inserted.supplier_items = _bulk(session, SupplierItemRow, items)

        levels = set(session.execute(select(InventoryLevelRow.sku, InventoryLevelRow.location)).all())
        self.inserted.inventory_levels = _bulk(
            session, InventoryLevelRow, [r for r in plan.inventory if (r["sku"], r["location"]) not in levels]
        )

        numbers = set(session.scalars(select(PurchaseOrderRow.number)))
        orders = [
            {
                **{k: v for k, v in po.items() if k != "supplier_code"},
                "supplier_id": supplier_ids[po["supplier_code"]],
            }
            for po in plan.purchase_orders
            if po["number"] not in numbers
        ]
        ids = _insert_returning_ids(session, PurchaseOrderRow, "number", orders)
        lines = [
            dict(line, purchase_order_id=po_id)
            for n, po_id in ids.items()
            for line in plan.purchase_order_lines[n]
        ]
        self.inserted.purchase_orders = len(ids)
        self.inserted.purchase_order_lines = _bulk(session, PurchaseOrderLineRow, lines)

    def policies(self, session: Session) -> None:
        for kind, policy in (("returns", RETURN_POLICY), ("shipping", SHIPPING_POLICY)):
            if session.get(PolicyRow, kind) is None:
                session.add(PolicyRow(kind=kind, body=policy.model_dump(mode="json")))
                self.inserted.policies += 1
        session.flush()


def _count(session: Session, table: Any) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def seed_demo_store(
    database: Database,
    store: ImageStore,
    *,
    products: int = 200,
    seed: int = 7,
    end_date: date = DEFAULT_END_DATE,
    progress: Progress | None = None,
) -> SeedReport:
    """Write the sample store for (`products`, `seed`, `end_date`); a re-run inserts nothing."""
    if not 1 <= products <= 5000:
        raise ValidationError(f"--products must be between 1 and 5000, got {products}")
    started = time.perf_counter()
    report_progress = progress or _noop
    report_progress("planning", 0, 1)
    catalog = plan_catalog(products, seed)
    customers = plan_customers(max(20, products * 6), seed)
    orders = plan_orders(catalog.products, customers, end=end_date, seed=seed)
    stock = plan_stock(catalog.products, orders, end=end_date, seed=seed)
    report_progress("planning", 1, 1)
    seeder = _Seeder(database, store, report_progress)
    with database.transaction() as session:
        photos = seeder.photos(session, catalog.products)
        seeder.products(session, catalog.products, photos, stock.on_hand)
        customer_ids = seeder.customers(session, customers)
        seeder.orders(session, orders, customer_ids)
        seeder.stock(session, stock)
        seeder.policies(session)
    n_photos = sum(len(p.photos) for p in catalog.products)
    planned = SeedCounts(
        products=len(catalog.products),
        variants=sum(len(p.product.variants) for p in catalog.products),
        images=n_photos,
        masks=n_photos,
        customers=len(customers),
        orders=len(orders.orders),
        order_lines=sum(len(v) for v in orders.lines.values()),
        fulfillments=sum(len(v) for v in orders.fulfillments.values()),
        returns=sum(len(v) for v in orders.returns.values()),
        suppliers=len(stock.suppliers),
        supplier_items=len(stock.supplier_items),
        inventory_levels=len(stock.inventory),
        purchase_orders=len(stock.purchase_orders),
        purchase_order_lines=sum(len(v) for v in stock.purchase_order_lines.values()),
        policies=2,
    )
    return SeedReport(
        products=products,
        seed=seed,
        end_date=end_date,
        planned=planned,
        inserted=seeder.inserted,
        rendered_photos=seeder.rendered,
        defects=catalog.defects,
        promotions=orders.promotions,
        seconds=round(time.perf_counter() - started, 2),
    )
