"""The list of importers and format detection by sniffing each file's start.

Auto-detection tries the importers in `IMPORTERS` order and takes the first whose `sniff`
accepts the file; `--format` limits the candidates to that format and `--kind` to that kind of
record. A mapping file always reads the file as the generic layout of the mapping's kind.
"""

from __future__ import annotations

from shopweave.catalog.importers.amazon_flatfile import AmazonFlatFile
from shopweave.catalog.importers.base import KINDS, Importer, ImportOptions, Sample
from shopweave.catalog.importers.generic import (
    GenericCustomersCsv,
    GenericInventoryCsv,
    GenericOrdersCsv,
    GenericProductsCsv,
)
from shopweave.catalog.importers.google_feed import GoogleFeedTsv, GoogleFeedXml
from shopweave.catalog.importers.shopify_csv import ShopifyProductCsv
from shopweave.catalog.importers.shopify_json import ShopifyProductsJson
from shopweave.catalog.importers.shopify_tables import (
    ShopifyCustomersCsv,
    ShopifyInventoryCsv,
    ShopifyOrdersCsv,
)
from shopweave.catalog.importers.source import SourceFile
from shopweave.catalog.importers.woocommerce_csv import WooCommerceCsv
from shopweave.errors import ImportFormatError, MappingError

IMPORTERS: tuple[type[Importer], ...] = (
    AmazonFlatFile,
    GoogleFeedXml,
    ShopifyProductsJson,
    ShopifyProductCsv,
    ShopifyOrdersCsv,
    ShopifyCustomersCsv,
    ShopifyInventoryCsv,
    WooCommerceCsv,
    GoogleFeedTsv,
    GenericProductsCsv,
    GenericOrdersCsv,
    GenericCustomersCsv,
    GenericInventoryCsv,
)
FORMATS: tuple[str, ...] = ("auto", *dict.fromkeys(i.format for i in IMPORTERS))
GENERIC: dict[str, type[Importer]] = {
    "products": GenericProductsCsv,
    "orders": GenericOrdersCsv,
    "customers": GenericCustomersCsv,
    "inventory": GenericInventoryCsv,
}


def _not_catalog_data(sample: Sample) -> str | None:
    """A description of a well-known file that is not catalog data, if `sample` is one."""
    if sample.has_columns("Country Code", "Rate %", "Tax Name"):
        return "a WooCommerce tax-rate table"
    return None


def importer_class(format: str, kind: str) -> type[Importer]:
    """The importer for a known (format, kind) pair, as stored with quarantined rows."""
    for candidate in IMPORTERS:
        if candidate.format == format and candidate.kind == kind:
            return candidate
    raise ImportFormatError(f"no importer reads {kind} in the {format!r} format")


def detect(source: SourceFile, *, format: str, kind: str, options: ImportOptions) -> Importer:
    """The importer for `source`, checked against its header; ImportFormatError when none fits."""
    if format not in FORMATS:
        raise ImportFormatError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if kind != "auto" and kind not in KINDS:
        raise ImportFormatError(f"unknown kind {kind!r}; use auto or one of {', '.join(KINDS)}")
    sample = Sample.of(source.sample())
    if options.mapping is not None:
        if format not in ("auto", "csv"):
            raise MappingError(
                f"--mapping reads files as a generic CSV; drop --format {format} or use --format csv"
            )
        if kind not in ("auto", options.mapping.kind):
            raise MappingError(f"the mapping file is for {options.mapping.kind}, not {kind}")
        chosen: type[Importer] = GENERIC[options.mapping.kind]
    else:
        candidates = [i for i in IMPORTERS if format in ("auto", i.format) and kind in ("auto", i.kind)]
        matching = [i for i in candidates if i.sniff(sample)]
        if not matching:
            other = _not_catalog_data(sample)
            if other:
                raise ImportFormatError(
                    f"{source.name} is {other}, not products, orders, customers or inventory; nothing was imported"
                )
            if len(candidates) == 1 or format != "auto":
                chosen = candidates[0]
            else:
                raise ImportFormatError(
                    f"{source.name}: cannot tell what this file is (first columns: "
                    f"{', '.join(sample.header[:8]) or 'none'}). Pass --format, or --mapping for a CSV of your own"
                )
        else:
            chosen = matching[0]
    importer = chosen(source, options)
    importer.check(sample)
    if format != "auto" and not chosen.sniff(sample) and options.mapping is None:
        raise ImportFormatError(
            f"{source.name} does not look like a {chosen.label} file "
            f"(first columns: {', '.join(sample.header[:8]) or 'none'}); nothing was imported"
        )
    return importer
