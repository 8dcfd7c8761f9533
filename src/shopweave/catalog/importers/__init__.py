"""Catalog importers: Shopify (CSV and products.json), WooCommerce, Google Merchant feeds, Amazon
flat files, generic CSV with a column mapping, and orders, customers and inventory CSV.

`import_files` is the entry point (what `shopweave catalog import` runs); `IMPORTERS` lists the
formats; each importer implements the small `Importer` interface in `base.py`.
"""

from shopweave.catalog.importers.base import KINDS, Importer, ImportOptions, RawRow
from shopweave.catalog.importers.mapping import GENERIC_FIELDS, ColumnMapping, load_mapping
from shopweave.catalog.importers.pipeline import import_files
from shopweave.catalog.importers.quarantine import QuarantineEntry, list_quarantine, retry_quarantine
from shopweave.catalog.importers.registry import FORMATS, IMPORTERS
from shopweave.catalog.importers.report import ImportReport, Rejection, Repair

__all__ = [
    "FORMATS",
    "GENERIC_FIELDS",
    "IMPORTERS",
    "KINDS",
    "ColumnMapping",
    "ImportOptions",
    "ImportReport",
    "Importer",
    "QuarantineEntry",
    "RawRow",
    "Rejection",
    "Repair",
    "import_files",
    "list_quarantine",
    "load_mapping",
    "retry_quarantine",
]
