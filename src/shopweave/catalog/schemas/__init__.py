"""Unified schemas of the data layer: the shapes every subsystem and integration agrees on."""

from shopweave.catalog.schemas.customer import Address, Customer
from shopweave.catalog.schemas.inventory import InventoryLevel
from shopweave.catalog.schemas.money import CurrencyCode, Money
from shopweave.catalog.schemas.order import (
    FinancialStatus,
    Fulfillment,
    FulfillmentStatus,
    Order,
    OrderLine,
    Return,
    ReturnStatus,
)
from shopweave.catalog.schemas.policy import Policy, ReturnPolicy, ShippingPolicy, ShippingRate
from shopweave.catalog.schemas.product import (
    Category,
    Image,
    InventoryPolicy,
    Product,
    ProductStatus,
    Variant,
    WeightUnit,
)
from shopweave.catalog.schemas.supplier import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Supplier,
)

__all__ = [
    "Address",
    "Category",
    "CurrencyCode",
    "Customer",
    "FinancialStatus",
    "Fulfillment",
    "FulfillmentStatus",
    "Image",
    "InventoryLevel",
    "InventoryPolicy",
    "Money",
    "Order",
    "OrderLine",
    "Policy",
    "Product",
    "ProductStatus",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderStatus",
    "Return",
    "ReturnPolicy",
    "ReturnStatus",
    "ShippingPolicy",
    "ShippingRate",
    "Supplier",
    "Variant",
    "WeightUnit",
]
