"""The sample store's catalog: products with variants, GTINs, photos to render and known defects.

`plan_catalog(n, seed)` is pure: the same arguments give the same products, SKUs, barcodes and
photo specs. A few defects are planted on purpose so the audit has something to find; the plan
lists exactly which products and SKUs carry them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product as cartesian

import numpy as np
from pydantic import BaseModel, Field
from stdnum import ean

from shopweave.catalog.schemas import InventoryPolicy, Money, Product, Variant, WeightUnit
from shopweave.demo.photos import PhotoSpec, Variety
from shopweave.demo.vocabulary import COLOURS, DEPARTMENTS, PROMO_TITLE_WORDS, Department, Kind

__all__ = ["CatalogPlan", "Defects", "PlannedPhoto", "PlannedProduct", "department_counts", "plan_catalog"]

CURRENCY = "USD"
_SIZES = ("S", "M", "L", "XL")
_SIZE_WEIGHTS = (0.2, 0.32, 0.3, 0.18)
_RING_SIZES = ("5", "6", "7", "8", "9")
_METALS = ("Sterling Silver", "Gold Vermeil")
_PACKS = (("Single", Decimal(1)), ("6-Pack", Decimal("5.5")), ("12-Pack", Decimal(10)))
_VOLUMES = (("30 ml", Decimal(1)), ("50 ml", Decimal("1.5")))
_PHOTO_SIZES = (
    (1000, 1000),
    (1000, 1000),
    (1200, 1200),
    (800, 800),
    (1200, 1000),
    (1000, 1250),
    (1400, 1400),
)
_VARIETIES = (
    Variety.STUDIO_WHITE,
    Variety.STUDIO_GREY,
    Variety.CLUTTERED,
    Variety.OFF_CENTRE,
    Variety.COLOUR_CAST,
)
_VARIETY_WEIGHTS = (0.45, 0.15, 0.15, 0.1, 0.15)


class Defects(BaseModel):
    """Problems planted in the sample catalog on purpose, for the audit to find."""

    bad_gtin: list[str] = Field(
        description="SKUs whose barcode has a wrong check digit.", examples=[["APP-0003-BLK-M"]]
    )
    missing_images: list[str] = Field(description="Handles of products without any image.", examples=[["x"]])
    tiny_images: list[str] = Field(description="Handles whose main image is only 300 px.", examples=[["x"]])
    promo_titles: list[str] = Field(
        description="Handles with promotional words in the title.", examples=[["x"]]
    )


@dataclass(frozen=True)
class PlannedPhoto:
    """A photo to render for a product."""

    position: int
    spec: PhotoSpec
    alt_text: str
    variant_sku: str | None


@dataclass
class PlannedProduct:
    """A product of the sample store with what the rest of the seed needs to know about it."""

    product: Product
    department: Department
    kind: Kind
    photos: list[PlannedPhoto]
    popularity: float
    slow_mover: bool
    variant_weights: list[float] = field(default_factory=list)


@dataclass
class CatalogPlan:
    """Every product of the sample store and the defects planted in it."""

    products: list[PlannedProduct]
    defects: Defects


def department_counts(n_products: int) -> dict[str, int]:
    """How many products each department gets (largest remainder, at least one each)."""
    shares = np.array([d.share for d in DEPARTMENTS])
    raw = shares / shares.sum() * n_products
    counts = np.maximum(np.floor(raw).astype(int), 1 if n_products >= len(DEPARTMENTS) else 0)
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    i = 0
    while counts.sum() < n_products:
        counts[order[i % len(order)]] += 1
        i += 1
    while counts.sum() > n_products:
        counts[int(np.argmax(counts))] -= 1
    return {d.key: int(c) for d, c in zip(DEPARTMENTS, counts, strict=True)}


def slugify(text: str) -> str:
    """A URL-safe handle for `text`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", "and")).strip("-")


def _price(rng: np.random.Generator, low: int, high: int) -> Decimal:
    whole = int(rng.integers(low, high + 1))
    cents = ("0.00", "0.99", "0.50", "0.95")[int(rng.integers(4))]
    return Decimal(whole) + Decimal(cents) if cents != "0.00" else Decimal(f"{whole}.00")


def _compare_at(price: Decimal) -> Money:
    """A struck-through former price about 25% above `price`, ending in .99."""
    return Money(amount=(price * Decimal("1.25")).quantize(Decimal("1")) - Decimal("0.01"), currency=CURRENCY)


def _gtin(brand_no: int, item_no: int) -> str:
    body = f"50{brand_no:03d}{item_no:07d}"
    return body + ean.calc_check_digit(body)


def _break_check_digit(gtin: str) -> str:
    return gtin[:-1] + str((int(gtin[-1]) + 3) % 10)


def _options(
    kind: Kind, rng: np.random.Generator
) -> tuple[list[str], list[dict[str, str]], list[Decimal], list[float]]:
    """Option names, each variant's options, price multiplier and demand weight."""
    colours = list(COLOURS)
    if kind.option == "apparel":
        chosen = [colours[i] for i in rng.choice(len(colours), size=int(rng.integers(2, 4)), replace=False)]
        combos = list(cartesian(chosen, _SIZES))
        weights = [(0.6 ** chosen.index(c)) * _SIZE_WEIGHTS[_SIZES.index(s)] for c, s in combos]
        return (
            ["Color", "Size"],
            [{"Color": c, "Size": s} for c, s in combos],
            [Decimal(1)] * len(combos),
            weights,
        )
    if kind.option == "colour":
        chosen = [colours[i] for i in rng.choice(len(colours), size=int(rng.integers(2, 4)), replace=False)]
        return (
            ["Color"],
            [{"Color": c} for c in chosen],
            [Decimal(1)] * len(chosen),
            [0.6**i for i in range(len(chosen))],
        )
    if kind.option == "ring":
        return ["Size"], [{"Size": s} for s in _RING_SIZES], [Decimal(1)] * 5, [0.12, 0.24, 0.3, 0.22, 0.12]
    if kind.option == "metal":
        return ["Metal"], [{"Metal": m} for m in _METALS], [Decimal(1), Decimal("1.4")], [0.6, 0.4]
    if kind.option == "pack":
        return ["Pack"], [{"Pack": p} for p, _ in _PACKS], [m for _, m in _PACKS], [0.5, 0.32, 0.18]
    if kind.option == "volume":
        return ["Size"], [{"Size": v} for v, _ in _VOLUMES], [m for _, m in _VOLUMES], [0.6, 0.4]
    return [], [{}], [Decimal(1)], [1.0]


_CODES = {
    "Sterling Silver": "SLV",
    "Gold Vermeil": "GLD",
    "Single": "1PK",
    "6-Pack": "6PK",
    "12-Pack": "12PK",
}


def _sku(prefix: str, number: int, options: dict[str, str]) -> str:
    parts = [f"{prefix}-{number:04d}"]
    for value in options.values():
        code = _CODES.get(value) or re.sub(r"[^A-Z0-9]", "", value.upper())[:3]
        parts.append(code)
    return "-".join(parts)


def _description(kind: Kind, adjective: str, material: str, brand: str, rng: np.random.Generator) -> str:
    picks = [kind.features[i] for i in sorted(rng.choice(len(kind.features), size=3, replace=False))]
    items = "".join(f"<li>{feature.capitalize()}</li>" for feature in picks)
    return (
        f"<p>The {adjective.lower()} {kind.noun.lower()} from {brand}, made from {material.lower()} "
        f"and built for everyday use.</p><ul>{items}</ul>"
        f"<p>Material: {material}. Designed by {brand}; ships in plastic-free packaging.</p>"
    )


def _attributes(
    kind: Kind, option_names: list[str], material: str, brand: str, mpn: str, rng: np.random.Generator
) -> dict[str, str]:
    """Channel attributes: brand, condition, MPN, Etsy's who/when made, and for apparel and
    accessories Google's gender, age group, colour and size when no option carries them."""
    handmade = brand in ("Kiln & Co", "Marigold Atelier", "Fernhill")
    attributes = {
        "brand": brand,
        "condition": "new",
        "material": material,
        "mpn": mpn,
        "who_made": "i_did" if handmade else "someone_else",
        "when_made": "made_to_order" if handmade else "2020_2025",
    }
    if kind.category.startswith("Apparel & Accessories"):
        attributes["gender"] = ("unisex", "female", "male")[int(rng.integers(3))]
        attributes["age_group"] = "adult"
        if "Color" not in option_names:
            attributes["color"] = (
                "Gold" if "Gold" in material else "Silver" if "Silver" in material else "Natural"
            )
        if "Size" not in option_names:
            attributes["size"] = "One Size"
    return attributes


def _titles(department: Department, rng: np.random.Generator) -> list[tuple[Kind, str, str, str]]:
    """Every (kind, brand, adjective, material) combination of a department, shuffled."""
    combos = [
        (kind, brand, adjective, material)
        for kind in department.kinds
        for brand in department.brands
        for adjective in kind.adjectives
        for material in kind.materials
    ]
    order = rng.permutation(len(combos))
    return [combos[i] for i in order]


def _photo_specs(
    kind: Kind, variants: list[Variant], base_seed: int, rng: np.random.Generator, *, tiny: bool
) -> list[tuple[PhotoSpec, str | None, str]]:
    colours: list[tuple[str, str | None]] = []
    for variant in variants:
        colour = variant.options.get("Color")
        if colour and colour not in [c for c, _ in colours]:
            colours.append((colour, variant.sku))
    if not colours:
        colours = [(list(COLOURS)[int(rng.integers(len(COLOURS)))], None)]
    shots: list[tuple[str, str | None, Variety]] = []
    for i, (colour, sku) in enumerate(colours[:2]):
        variety = _VARIETIES[int(rng.choice(len(_VARIETIES), p=_VARIETY_WEIGHTS))]
        shots.append((colour, sku if i else None, variety))
    if len(shots) == 1 and rng.random() < 0.35:
        shots.append((shots[0][0], None, (Variety.CLUTTERED, Variety.STUDIO_GREY)[int(rng.integers(2))]))
    specs = []
    for i, (colour, sku, variety) in enumerate(shots):
        width, height = _PHOTO_SIZES[int(rng.integers(len(_PHOTO_SIZES)))]
        if tiny and i == 0:
            variety, width, height = Variety.SMALL, 300, 300
        spec = PhotoSpec(shape=kind.shape, colour=COLOURS[colour], variety=variety, width=width, height=height,
                         seed=base_seed + i)  # fmt: skip
        specs.append((spec, sku, colour))
    return specs


def plan_catalog(n_products: int, seed: int) -> CatalogPlan:
    """The deterministic sample catalog of `n_products` products for `seed`."""
    rng = np.random.default_rng(seed)
    counts = department_counts(n_products)
    slots: list[tuple[Department, tuple[Kind, str, str, str], int]] = []
    for department in DEPARTMENTS:
        titles = _titles(department, rng)
        for i in range(counts[department.key]):
            slots.append((department, titles[i % len(titles)], i // len(titles)))
    order = rng.permutation(len(slots))
    n = len(slots)
    pool = rng.permutation(n)
    n_missing, n_tiny, n_promo = (max(1, round(n * r)) if n >= 10 else 0 for r in (0.03, 0.05, 0.03))
    missing = set(pool[:n_missing].tolist())
    tiny = set(pool[n_missing : n_missing + n_tiny].tolist())
    promo = set(pool[n_missing + n_tiny : n_missing + n_tiny + n_promo].tolist())
    brand_numbers = {brand: i + 1 for i, brand in enumerate(b for d in DEPARTMENTS for b in d.brands)}

    planned: list[PlannedProduct] = []
    handles: set[str] = set()
    item_no = 0
    for number, slot in enumerate(order.tolist(), start=1):
        department, (kind, brand, adjective, material), edition = slots[slot]
        index = number - 1
        title = f"{brand} {adjective} {material} {kind.noun}" + (f" {edition + 1}" if edition else "")
        if index in promo:
            title = PROMO_TITLE_WORDS[index % len(PROMO_TITLE_WORDS)] + title
        handle = slugify(f"{brand} {adjective} {material} {kind.noun}") + (
            f"-{edition + 1}" if edition else ""
        )
        while handle in handles:
            handle += "-x"
        handles.add(handle)
        option_names, option_rows, multipliers, weights = _options(kind, rng)
        base_price = _price(rng, *kind.price_range)
        cost_share = Decimal(str(round(float(rng.uniform(0.32, 0.5)), 2)))
        on_sale = rng.random() < 0.12
        grams = int(rng.integers(kind.weight_grams[0], kind.weight_grams[1] + 1))
        variants = []
        for position, (options, multiplier) in enumerate(zip(option_rows, multipliers, strict=True), start=1):
            item_no += 1
            price = (base_price * multiplier).quantize(Decimal("0.01"))
            weight = Decimal(grams) * multiplier
            if department.weight_unit == "kg":
                weight = (weight / 1000).quantize(Decimal("0.001"))
            variants.append(
                Variant(
                    sku=_sku(department.sku_prefix, number, options),
                    options=options,
                    price=Money(amount=price, currency=CURRENCY),
                    compare_at_price=_compare_at(price) if on_sale else None,
                    cost=Money(amount=(price * cost_share).quantize(Decimal("0.01")), currency=CURRENCY),
                    barcode=_gtin(brand_numbers[brand], item_no),
                    weight=weight,
                    weight_unit=WeightUnit(department.weight_unit),
                    inventory_policy=InventoryPolicy.CONTINUE
                    if department.key == "beverages"
                    else InventoryPolicy.DENY,
                    position=position,
                )
            )
        product = Product(
            handle=handle,
            title=title,
            description_html=_description(kind, adjective, material, brand, rng),
            vendor=brand,
            product_type=kind.noun,
            category=kind.category,
            tags=[department.key, slugify(material), slugify(adjective)],
            option_names=option_names,
            attributes=_attributes(
                kind, option_names, material, brand, f"{department.sku_prefix}{number:04d}", rng
            ),
            source="demo",
            variants=variants,
        )
        photos: list[PlannedPhoto] = []
        specs = _photo_specs(kind, variants, seed * 100_000 + number * 10, rng, tiny=index in tiny)
        if index not in missing:
            for position, (spec, sku, colour) in enumerate(specs, start=1):
                alt = f"{title}, {colour.lower()}" if option_names else title
                photos.append(PlannedPhoto(position=position, spec=spec, alt_text=alt, variant_sku=sku))
        popularity = float(rng.lognormal(0.0, 0.8))
        slow = bool(rng.random() < 0.15)
        total = sum(weights)
        planned.append(
            PlannedProduct(
                product=product,
                department=department,
                kind=kind,
                photos=photos,
                popularity=popularity * (0.04 if slow else 1.0),
                slow_mover=slow,
                variant_weights=[w / total for w in weights],
            )
        )

    all_skus = [(i, v.sku) for i, p in enumerate(planned) for v in p.product.variants]
    n_bad = max(1, round(len(all_skus) * 0.02)) if n >= 10 else 0
    bad = sorted(rng.choice(len(all_skus), size=n_bad, replace=False).tolist())
    bad_skus = []
    for k in bad:
        i, sku = all_skus[k]
        variants = [
            v.model_copy(update={"barcode": _break_check_digit(v.barcode or "")}) if v.sku == sku else v
            for v in planned[i].product.variants
        ]
        planned[i].product = planned[i].product.model_copy(update={"variants": variants})
        bad_skus.append(str(sku))
    defects = Defects(
        bad_gtin=bad_skus,
        missing_images=[planned[i].product.handle for i in sorted(missing)],
        tiny_images=[planned[i].product.handle for i in sorted(tiny)],
        promo_titles=[planned[i].product.handle for i in sorted(promo)],
    )
    return CatalogPlan(products=planned, defects=defects)
