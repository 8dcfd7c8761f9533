"""Errors of the catalog exporters.

ShopweaveError
└── ValidationError                 invalid             422
    └── ExportError                 export.invalid      422
        └── StoreUrlMissingError    export.store_url    422
"""

from __future__ import annotations

from shopweave.errors import ValidationError


class ExportError(ValidationError):
    """An export cannot be written as asked (unknown format, unwritable path)."""

    code = "export.invalid"


class StoreUrlMissingError(ExportError):
    """A feed needs product links but no store URL is configured."""

    code = "export.store_url"
