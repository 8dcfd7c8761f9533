"""The registry of problem codes: each stable code with its severity, what it means and the
sentence that tells the seller how to fix it. docs/audit.md lists them (a test keeps it in step).

Codes are `area.what`; they never change meaning once released. Add new ones at the end of
their area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from shopweave.catalog.audit.models import Severity


@dataclass(frozen=True)
class CodeInfo:
    """What a problem code means and how its message reads."""

    severity: Severity
    summary: str
    fix: str  # str.format template; `field`, `channel` and the check's own values fill it


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES: dict[str, CodeInfo] = {
    "required.missing": CodeInfo(
        E,
        "A channel's required attribute is empty (counts against completeness).",
        "Fill `{field}`: {channel_label} requires it.",
    ),
    "attribute.invalid_value": CodeInfo(
        E,
        "An attribute holds a value the channel does not accept.",
        "`{field}` is {value!r}; {channel_label} accepts only {allowed}.",
    ),
    "barcode.format": CodeInfo(
        E,
        "A barcode is not 8, 12, 13 or 14 digits (GTIN) nor an ISBN.",
        "Barcode {value!r} is not a GTIN: enter the 8, 12, 13 or 14 digits printed under the bars.",
    ),
    "barcode.check_digit": CodeInfo(
        E,
        "A GTIN/EAN/UPC/ISBN fails its check digit (Merchant Center disapproves it).",
        "Barcode {value} fails its check digit: copy it again from the packaging or the GS1 record.",
    ),
    "barcode.scientific_notation": CodeInfo(
        E,
        "A barcode was turned into scientific notation by a spreadsheet; its last digits are lost.",
        "Barcode {value!r} was mangled into scientific notation by a spreadsheet: re-enter the full "
        "digits from the source and format the column as text before saving.",
    ),
    "barcode.duplicate": CodeInfo(
        E,
        "Several variants share one barcode.",
        "Barcode {value} is also used by {others}: each variant needs its own GTIN.",
    ),
    "sku.duplicate": CodeInfo(
        E,
        "Several variants share one SKU.",
        "SKU {value!r} is also used by {others}: give every variant a unique SKU.",
    ),
    "handle.duplicate": CodeInfo(
        E,
        "Several products share one handle.",
        "Handle {value!r} is also used by {others}: make each product's handle unique.",
    ),
    "price.not_positive": CodeInfo(
        E,
        "A variant's price is zero or negative.",
        "Price {value} is not above zero: set the selling price.",
    ),
    "price.compare_at_below_price": CodeInfo(
        W,
        "A compare-at (was) price is below the selling price, so no discount shows.",
        "Compare-at price {compare_at} is below the price {price}: raise it above the price or clear it.",
    ),
    "price.mixed_currencies": CodeInfo(
        W,
        "A product's variants are priced in different currencies.",
        "Variants are priced in {value}: price every variant of a product in one currency.",
    ),
    "image.missing": CodeInfo(
        E,
        "The product has no image.",
        "Add at least one product photo; every channel needs a main image.",
    ),
    "image.unreadable": CodeInfo(
        E,
        "An image's file is missing from the image store or cannot be decoded.",
        "Image {value!r} cannot be read ({reason}): upload the photo again.",
    ),
    "image.format": CodeInfo(
        E,
        "An image's file format is not accepted by the channel.",
        "Image {value!r} is {format}; {channel_label} accepts {allowed}: convert it (JPEG is safest).",
    ),
    "image.too_small": CodeInfo(
        E,
        "An image is below the channel's minimum size.",
        "Image {value!r} is {width}×{height} px; {channel_label} needs {rule}: use a larger photo.",
    ),
    "image.too_large": CodeInfo(
        W,
        "An image is above the channel's maximum size.",
        "Image {value!r} is {width}×{height} px; {channel_label} allows {rule}: downscale it.",
    ),
    "image.below_recommended": CodeInfo(
        INFO,
        "An image is accepted but below the size the channel recommends (zoom, quality).",
        "Image {value!r} is {width}×{height} px; {channel_label} recommends {rule}.",
    ),
    "image.size_unknown": CodeInfo(
        INFO,
        "An image's pixel size is unknown, so size rules could not be checked.",
        "The size of image {value!r} is unknown: store the photo locally so its size can be checked.",
    ),
    "image.too_many": CodeInfo(
        W,
        "The product has more images than the channel shows.",
        "{count} images; {channel_label} shows at most {limit}: put the best first.",
    ),
    "title.too_long": CodeInfo(
        W,
        "The title is longer than the channel allows; it will be cut or refused.",
        "Title is {length} characters; {channel_label} allows {limit}: shorten it.",
    ),
    "title.html": CodeInfo(
        W,
        "The title contains HTML markup or entities.",
        "Title contains HTML ({value!r}): use plain text.",
    ),
    "title.promotional": CodeInfo(
        W,
        "The title contains promotional wording channels reject (sale, free shipping, % off…).",
        "Title contains promotional text {value!r}: remove it; use sale price fields for offers.",
    ),
    "title.all_caps": CodeInfo(
        INFO,
        "The title is written in capitals.",
        "Title is all capitals: write it in sentence or title case.",
    ),
    "description.too_long": CodeInfo(
        W,
        "The description (as plain text) is longer than the channel allows.",
        "Description is {length} characters of text; {channel_label} allows {limit}: shorten it.",
    ),
    "category.missing": CodeInfo(
        W,
        "The product has no category.",
        "Set a category (a Google product taxonomy path such as "
        "'Apparel & Accessories > Clothing'); channels use it for search and tax rules.",
    ),
    "weight.mixed_units": CodeInfo(
        W,
        "A product's variants give their weight in different units.",
        "Variant weights use {value}: give every variant's weight in one unit.",
    ),
    "variant.none": CodeInfo(
        E,
        "The product has no variant, so it has no price and cannot be sold.",
        "Add a variant with a price.",
    ),
    "variant.missing_options": CodeInfo(
        E,
        "A product with several variants has a variant without option values.",
        "Variant {value!r} has no option values: set {options} so shoppers can tell variants apart.",
    ),
    "variant.duplicate_options": CodeInfo(
        E,
        "Two variants of a product have the same option values.",
        "Variants {value} share the options {options}: make each combination unique.",
    ),
}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


class ProblemData(TypedDict):
    """A problem while the audit runs: the fields of `Problem`, as a plain dict. The report
    validates them all at once at the end, which is much faster than one model each."""

    code: str
    field: str
    message: str
    severity: str
    channel: str | None


def make_problem(code: str, field: str, channel: str | None = None, **values: Any) -> ProblemData:
    """The problem `code` on `field`, with its fix sentence filled from `values`."""
    info = CODES[code]
    message = info.fix.format_map(_Defaults(field=field, channel=channel, **values))
    return {
        "code": code,
        "field": field,
        "message": message,
        "severity": info.severity.value,
        "channel": channel,
    }
