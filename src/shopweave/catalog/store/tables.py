"""Tables of the data layer. Money is stored as NUMERIC(14, 4) plus a currency column."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopweave.db.base import Base, JsonType, utcnow

MONEY = Numeric(14, 4)


class CategoryRow(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(500), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class ProductRow(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description_html: Mapped[str | None] = mapped_column(Text)
    vendor: Mapped[str | None] = mapped_column(String(255))
    product_type: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(500))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    option_names: Mapped[list[Any]] = mapped_column(default=list)
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    variants: Mapped[list[VariantRow]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="VariantRow.position"
    )
    images: Mapped[list[ImageRow]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ImageRow.position"
    )


class VariantRow(Base):
    __tablename__ = "variants"
    __table_args__ = (UniqueConstraint("product_id", "key"), Index("ix_variants_sku", "sku"))

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(500))
    sku: Mapped[str | None] = mapped_column(String(255))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    price: Mapped[Decimal] = mapped_column(MONEY)
    compare_at_price: Mapped[Decimal | None] = mapped_column(MONEY)
    cost: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    barcode: Mapped[str | None] = mapped_column(String(64), index=True)
    weight: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    weight_unit: Mapped[str | None] = mapped_column(String(4))
    inventory_policy: Mapped[str] = mapped_column(String(10), default="deny")
    inventory_quantity: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=1)

    product: Mapped[ProductRow] = relationship(back_populates="variants")


class ImageRow(Base):
    __tablename__ = "images"
    __table_args__ = (UniqueConstraint("product_id", "src"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    src: Mapped[str] = mapped_column(String(2000))
    position: Mapped[int] = mapped_column(default=1)
    alt_text: Mapped[str | None] = mapped_column(Text)
    width: Mapped[int | None]
    height: Mapped[int | None]
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    variant_sku: Mapped[str | None] = mapped_column(String(255))

    product: Mapped[ProductRow] = relationship(back_populates="images")


class BlobRow(Base):
    """Metadata of a file in the content-addressed image store."""

    __tablename__ = "blobs"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    media_type: Mapped[str | None] = mapped_column(String(100))
    width: Mapped[int | None]
    height: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(200))
    last_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    accepts_marketing: Mapped[bool] = mapped_column(default=False)
    default_address: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    tags: Mapped[list[Any]] = mapped_column(default=list)


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(MONEY)
    financial_status: Mapped[str] = mapped_column(String(30), default="paid")
    fulfillment_status: Mapped[str] = mapped_column(String(30), default="unfulfilled")
    cancelled_at: Mapped[datetime | None]
    shipping_address: Mapped[dict[str, Any] | None] = mapped_column(JsonType)

    lines: Mapped[list[OrderLineRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLineRow.line_no"
    )
    fulfillments: Mapped[list[FulfillmentRow]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="FulfillmentRow.id"
    )


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    __table_args__ = (UniqueConstraint("order_id", "line_no"), Index("ix_order_lines_sku", "sku"))

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    line_no: Mapped[int]
    sku: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int]
    unit_price: Mapped[Decimal] = mapped_column(MONEY)

    order: Mapped[OrderRow] = relationship(back_populates="lines")


class FulfillmentRow(Base):
    __tablename__ = "fulfillments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(30))
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipped_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]

    order: Mapped[OrderRow] = relationship(back_populates="fulfillments")


class ReturnRow(Base):
    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str | None] = mapped_column(String(255))
    quantity: Mapped[int]
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_at: Mapped[datetime]


class InventoryLevelRow(Base):
    __tablename__ = "inventory_levels"
    __table_args__ = (UniqueConstraint("sku", "location"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(255))
    location: Mapped[str] = mapped_column(String(100), default="default")
    on_hand: Mapped[int]
    reserved: Mapped[int] = mapped_column(default=0)
    in_transit: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SupplierRow(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    lead_time_days: Mapped[int | None]
    min_order_quantity: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3), default="USD")


class SupplierItemRow(Base):
    """Which supplier sells a SKU, at what cost, lead time, MOQ and case pack."""

    __tablename__ = "supplier_items"
    __table_args__ = (UniqueConstraint("supplier_id", "sku"), Index("ix_supplier_items_sku", "sku"))

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(255))
    unit_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    lead_time_days: Mapped[int | None]
    min_order_quantity: Mapped[int | None]
    case_pack: Mapped[int | None]
    preferred: Mapped[bool] = mapped_column(default=True)


class PurchaseOrderRow(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    status: Mapped[str] = mapped_column(String(30), default="draft")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    ordered_on: Mapped[date | None]
    expected_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[PurchaseOrderLineRow]] = relationship(
        back_populates="purchase_order", cascade="all, delete-orphan", order_by="PurchaseOrderLineRow.id"
    )


class PurchaseOrderLineRow(Base):
    __tablename__ = "purchase_order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(255), index=True)
    quantity: Mapped[int]
    received_quantity: Mapped[int] = mapped_column(default=0)
    unit_cost: Mapped[Decimal] = mapped_column(MONEY)

    purchase_order: Mapped[PurchaseOrderRow] = relationship(back_populates="lines")


class PolicyRow(Base):
    __tablename__ = "policies"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    body: Mapped[dict[str, Any]]


class QuarantineRow(Base):
    """A rejected import row, kept so the user can list, fix and retry it."""

    __tablename__ = "import_quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    file: Mapped[str] = mapped_column(Text)
    line: Mapped[int]
    field: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(50))
    raw: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
