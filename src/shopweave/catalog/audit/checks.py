"""Checks of one product on its own: prices, barcodes, variants, weights, titles, category, and
per channel: completeness of required attributes, allowed values and length limits.

Checks across products (duplicates) live in `duplicates.py`; image checks in `images.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict

from shopweave.catalog.audit.barcodes import barcode_problem
from shopweave.catalog.audit.codes import ProblemData, make_problem
from shopweave.catalog.audit.fields import Facts, attribute
from shopweave.catalog.audit.rules import ChannelRules
from shopweave.catalog.schemas import Product

_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")

# Missing required attributes that have their own, channel-independent problem code.
MISSING_CODES = {"image_link": "image.missing"}


def product_problems(product: Product, promotional: re.Pattern[str] | None) -> list[ProblemData]:
    """Problems of a product that do not depend on the channel."""
    problems: list[ProblemData] = []
    variants = product.variants
    if not variants:
        problems.append(make_problem("variant.none", "variants"))
    currencies = sorted({v.price.currency for v in variants})
    if len(currencies) > 1:
        problems.append(make_problem("price.mixed_currencies", "variants.price", value=", ".join(currencies)))
    for index, variant in enumerate(variants):
        where = f"variants[{index}]"
        if variant.price.amount <= 0:
            problems.append(make_problem("price.not_positive", f"{where}.price", value=variant.price.amount))
        compare = variant.compare_at_price
        if compare is not None and compare.amount < variant.price.amount:
            problems.append(
                make_problem(
                    "price.compare_at_below_price",
                    f"{where}.compare_at_price",
                    compare_at=compare.amount,
                    price=variant.price.amount,
                )
            )
        if variant.barcode and variant.barcode.strip():
            code = barcode_problem(variant.barcode)
            if code is not None:
                problems.append(make_problem(code, f"{where}.barcode", value=variant.barcode.strip()))
    problems.extend(_variant_problems(product))
    units = sorted(
        {v.weight_unit.value for v in variants if v.weight is not None and v.weight_unit is not None}
    )
    if len(units) > 1:
        problems.append(make_problem("weight.mixed_units", "variants.weight_unit", value=", ".join(units)))
    problems.extend(_title_problems(product.title, promotional))
    if not (product.category or "").strip():
        problems.append(make_problem("category.missing", "category"))
    return problems


def _variant_problems(product: Product) -> list[ProblemData]:
    variants = product.variants
    if len(variants) < 2:
        return []
    problems: list[ProblemData] = []
    options = ", ".join(product.option_names) or "option names and values"
    combinations: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    for index, variant in enumerate(variants):
        values = tuple((k, v.strip()) for k, v in variant.options.items() if v.strip())
        if not values:
            label = variant.sku or f"#{index + 1}"
            problems.append(
                make_problem(
                    "variant.missing_options", f"variants[{index}].options", value=label, options=options
                )
            )
        else:
            combinations[tuple(sorted(values))].append(index)
    for combo, indexes in combinations.items():
        if len(indexes) > 1:
            labels = ", ".join(variants[i].sku or f"#{i + 1}" for i in indexes)
            shown = ", ".join(f"{k}={v}" for k, v in combo)
            for index in indexes:
                problems.append(
                    make_problem(
                        "variant.duplicate_options", f"variants[{index}].options", value=labels, options=shown
                    )
                )
    return problems


def _title_problems(title: str, promotional: re.Pattern[str] | None) -> list[ProblemData]:
    problems: list[ProblemData] = []
    markup = _HTML.search(title)
    if markup:
        problems.append(make_problem("title.html", "title", value=markup.group(0)))
    if promotional is not None:
        found = promotional.search(title)
        if found:
            problems.append(make_problem("title.promotional", "title", value=found.group(0)))
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 10 and all(c.isupper() for c in letters):
        problems.append(make_problem("title.all_caps", "title"))
    return problems


def _normalise_value(value: str) -> str:
    return value.strip().lower().replace(" ", "_")


def channel_problems(
    facts: Facts, channel: str, rules: ChannelRules
) -> tuple[float, list[str], list[ProblemData]]:
    """Completeness share of the channel's required attributes, the missing ones, and the
    channel's problems (missing attributes, values, lengths)."""
    product = facts.product
    problems: list[ProblemData] = []
    required = 0
    missing: list[str] = []
    filled = facts.filled
    conditions = facts.conditions
    for requirement in rules.required:
        if requirement.when is not None and not conditions[requirement.when]:
            continue
        if requirement.unless is not None and conditions[requirement.unless]:
            continue
        required += 1
        if filled.isdisjoint(requirement.alternatives):
            missing.append(requirement.field)
            if requirement.field in MISSING_CODES:
                continue
            problems.append(
                make_problem("required.missing", requirement.field, channel, channel_label=rules.label)
            )
    for name, allowed in rules.allowed_values.items():
        if name not in product.attributes:
            continue
        value = attribute(product, name)
        if value is not None and _normalise_value(value) not in allowed:
            problems.append(
                make_problem(
                    "attribute.invalid_value",
                    name,
                    channel,
                    channel_label=rules.label,
                    value=value,
                    allowed=", ".join(allowed),
                )
            )
    if rules.title_max and len(product.title) > rules.title_max:
        problems.append(
            make_problem(
                "title.too_long",
                "title",
                channel,
                channel_label=rules.label,
                length=len(product.title),
                limit=rules.title_max,
            )
        )
    if rules.description_max and len(facts.description_text) > rules.description_max:
        problems.append(
            make_problem(
                "description.too_long",
                "description",
                channel,
                channel_label=rules.label,
                length=len(facts.description_text),
                limit=rules.description_max,
            )
        )
    completeness = 1.0 if required == 0 else (required - len(missing)) / required
    return completeness, missing, problems
