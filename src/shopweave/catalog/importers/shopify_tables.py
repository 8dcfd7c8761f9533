"""Shopify's order, customer and inventory CSV exports, read as the generic layouts.

Each is a generic importer with a built-in column mapping; where Shopify renamed a column over
the years (`Accepts Marketing` → `Accepts Email Marketing`, `On hand` → `On hand (current)`),
the first name present in the file is used.
"""

from __future__ import annotations

from typing import ClassVar

from shopweave.catalog.importers.base import Kind, Sample
from shopweave.catalog.importers.generic import GenericCustomersCsv, GenericInventoryCsv, GenericOrdersCsv


class ShopifyOrdersCsv(GenericOrdersCsv):
    """Shopify order export (Admin → Orders → Export): one row per line item, grouped by `Name`."""

    format: ClassVar[str] = "shopify-csv"
    kind: ClassVar[Kind] = "orders"
    label: ClassVar[str] = "Shopify orders CSV"
    delimiter: ClassVar[str | None] = ","
    builtin_columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "order_number": ("Name",),
        "email": ("Email",),
        "created_at": ("Created at",),
        "currency": ("Currency",),
        "total": ("Total",),
        "financial_status": ("Financial Status",),
        "fulfillment_status": ("Fulfillment Status",),
        "cancelled_at": ("Cancelled at",),
        "sku": ("Lineitem sku",),
        "title": ("Lineitem name",),
        "quantity": ("Lineitem quantity",),
        "unit_price": ("Lineitem price",),
        "ship_name": ("Shipping Name",),
        "ship_address1": ("Shipping Address1", "Shipping Street"),
        "ship_address2": ("Shipping Address2",),
        "ship_city": ("Shipping City",),
        "ship_region": ("Shipping Province",),
        "ship_postal_code": ("Shipping Zip",),
        "ship_country": ("Shipping Country",),
        "ship_phone": ("Shipping Phone",),
    }

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return sample.has_columns("Name", "Lineitem quantity", "Lineitem name")


class ShopifyCustomersCsv(GenericCustomersCsv):
    """Shopify customer export (Admin → Customers → Export), current and older layouts."""

    format: ClassVar[str] = "shopify-csv"
    kind: ClassVar[Kind] = "customers"
    label: ClassVar[str] = "Shopify customers CSV"
    delimiter: ClassVar[str | None] = ","
    builtin_columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "email": ("Email",),
        "first_name": ("First Name",),
        "last_name": ("Last Name",),
        "phone": ("Phone", "Default Address Phone"),
        "accepts_marketing": ("Accepts Email Marketing", "Accepts Marketing"),
        "tags": ("Tags",),
        "address1": ("Default Address Address1", "Address1"),
        "address2": ("Default Address Address2", "Address2"),
        "city": ("Default Address City", "City"),
        "region": ("Default Address Province Code", "Province Code", "Province"),
        "postal_code": ("Default Address Zip", "Zip"),
        "country": ("Default Address Country Code", "Country Code", "Country"),
    }

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        return sample.has_columns("First Name", "Last Name", "Email") and (
            sample.has_columns("Total Spent")
            or sample.has_columns("Accepts Email Marketing")
            or sample.has_columns("Accepts Marketing")
        )


class ShopifyInventoryCsv(GenericInventoryCsv):
    """Shopify inventory export (Admin → Products → Inventory → Export), one row per SKU and location."""

    format: ClassVar[str] = "shopify-csv"
    kind: ClassVar[Kind] = "inventory"
    label: ClassVar[str] = "Shopify inventory CSV"
    delimiter: ClassVar[str | None] = ","
    builtin_columns: ClassVar[dict[str, tuple[str, ...]]] = {
        "sku": ("SKU",),
        "location": ("Location",),
        "on_hand": ("On hand (current)", "On hand"),
        "reserved": ("Committed (not editable)", "Committed"),
        "in_transit": ("Incoming (not editable)", "Incoming"),
    }

    @classmethod
    def sniff(cls, sample: Sample) -> bool:
        header = set(sample.header)
        return {"Handle", "SKU", "Location"} <= header and bool({"On hand", "On hand (current)"} & header)
