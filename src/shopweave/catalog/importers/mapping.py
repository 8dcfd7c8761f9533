"""Column-mapping files: how to read any CSV as one of Shopweave's generic layouts.

A mapping file (YAML or JSON) names the kind of records, which source column feeds each field
of the generic layout, and constant defaults for fields the file lacks::

    kind: products
    delimiter: ";"          # optional, sniffed otherwise
    columns:                # generic field: column in your file
      handle: Artikelnummer
      sku: Artikelnummer
      title: Bezeichnung
      price: Preis
    defaults:
      currency: EUR

The generic fields of each kind are listed in `GENERIC_FIELDS` (and in docs/importing.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shopweave.errors import MappingError

PRODUCT_FIELDS = (
    "handle",
    "title",
    "description",
    "vendor",
    "product_type",
    "category",
    "tags",
    "status",
    "option1_name",
    "option1_value",
    "option2_name",
    "option2_value",
    "option3_name",
    "option3_value",
    "sku",
    "price",
    "compare_at_price",
    "cost",
    "currency",
    "barcode",
    "weight",
    "weight_unit",
    "inventory_quantity",
    "inventory_policy",
    "image_src",
    "image_alt",
    "image_position",
)
ORDER_FIELDS = (
    "order_number",
    "created_at",
    "email",
    "currency",
    "total",
    "financial_status",
    "fulfillment_status",
    "cancelled_at",
    "sku",
    "title",
    "quantity",
    "unit_price",
    "ship_name",
    "ship_address1",
    "ship_address2",
    "ship_city",
    "ship_region",
    "ship_postal_code",
    "ship_country",
    "ship_phone",
)
CUSTOMER_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "accepts_marketing",
    "tags",
    "address1",
    "address2",
    "city",
    "region",
    "postal_code",
    "country",
)
INVENTORY_FIELDS = ("sku", "location", "on_hand", "reserved", "in_transit")

GENERIC_FIELDS: dict[str, tuple[str, ...]] = {
    "products": PRODUCT_FIELDS,
    "orders": ORDER_FIELDS,
    "customers": CUSTOMER_FIELDS,
    "inventory": INVENTORY_FIELDS,
}
"""Fields of each generic layout. Product files may add `attr:<name>` columns for attributes."""

REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "products": (("handle", "sku"), ("title",), ("price", "image_src")),
    "orders": (("order_number",), ("created_at",), ("total",), ("quantity",), ("unit_price",)),
    "customers": (("email",),),
    "inventory": (("sku",), ("on_hand",)),
}
"""Each inner tuple is satisfied when at least one of its fields is present."""


class ColumnMapping(BaseModel):
    """A parsed mapping file."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="products, orders, customers or inventory.")
    delimiter: str | None = Field(default=None, description="Field delimiter; sniffed when absent.")
    columns: dict[str, str] = Field(default_factory=dict, description="Generic field to source column.")
    defaults: dict[str, str] = Field(default_factory=dict, description="Generic field to constant value.")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in GENERIC_FIELDS:
            raise ValueError(f"kind must be one of {', '.join(GENERIC_FIELDS)}")
        return kind

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, delimiter: str | None) -> str | None:
        if delimiter is not None and len(delimiter) != 1:
            raise ValueError('delimiter must be one character (use "\\t" for tab)')
        return delimiter

    @model_validator(mode="after")
    def _known_fields(self) -> ColumnMapping:
        known = GENERIC_FIELDS[self.kind]
        for section in (self.columns, self.defaults):
            for name in section:
                if name not in known and not (self.kind == "products" and name.startswith("attr:")):
                    raise ValueError(f"{name!r} is not a {self.kind} field; use one of: {', '.join(known)}")
        for group in REQUIRED_FIELDS[self.kind]:
            if not any(name in self.columns or name in self.defaults for name in group):
                raise ValueError(f"map a column to {' or '.join(group)}")
        return self

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """A source row renamed to the generic layout, defaults filled in."""
        out: dict[str, Any] = dict(self.defaults)
        for target, column in self.columns.items():
            value = data.get(column)
            if value is not None and str(value).strip():
                out[target] = value
            else:
                out.setdefault(target, "")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The mapping as plain data (kept with quarantined rows)."""
        return self.model_dump(exclude_none=True)


def load_mapping(path: Path) -> ColumnMapping:
    """Read and validate a YAML or JSON mapping file; any problem is a MappingError naming the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MappingError(f"cannot read the mapping file {path}: {exc.strerror}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise MappingError(
            f"{path} is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"
        ) from None
    return mapping_from_dict(data, str(path))


def mapping_from_dict(data: Any, origin: str) -> ColumnMapping:
    """Validate mapping data; errors are MappingError naming `origin` and the key."""
    if not isinstance(data, dict):
        raise MappingError(f"{origin}: a mapping file is a dictionary with kind, columns and defaults")
    try:
        return ColumnMapping.model_validate(data)
    except ValueError as exc:
        problems: list[Any] = getattr(exc, "errors", list)()
        if problems:
            first = problems[0]
            where = ".".join(str(p) for p in first["loc"]) or "mapping"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise MappingError(f"{origin}: {where}: {message}") from None
        raise MappingError(f"{origin}: {exc}") from None
