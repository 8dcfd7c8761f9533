"""The words the sample store is made of: departments, product kinds, brands, colours, names.

Pure data. Every department maps to Google product taxonomy paths and to the silhouettes its
photos are drawn with (`shopweave.demo.shapes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["COLOURS", "DEPARTMENTS", "Department", "Kind"]

RGB = tuple[int, int, int]

COLOURS: dict[str, RGB] = {
    "Black": (34, 34, 38),
    "White": (236, 236, 232),
    "Navy": (32, 48, 96),
    "Forest Green": (36, 96, 60),
    "Burgundy": (118, 30, 48),
    "Sand": (206, 182, 140),
    "Sky Blue": (110, 170, 220),
    "Charcoal": (70, 72, 78),
    "Rust": (176, 80, 40),
    "Blush": (228, 170, 170),
    "Mustard": (212, 162, 40),
    "Olive": (112, 118, 56),
}


@dataclass(frozen=True)
class Kind:
    """One kind of product a department sells."""

    noun: str
    category: str
    shape: str
    price_range: tuple[int, int]
    weight_grams: tuple[int, int]
    adjectives: tuple[str, ...]
    materials: tuple[str, ...]
    features: tuple[str, ...]
    option: str | None = None  # "apparel", "colour", "ring", "metal", "pack", "volume" or None


@dataclass(frozen=True)
class Department:
    """A department of the store with its brands, kinds and commercial habits."""

    key: str
    name: str
    sku_prefix: str
    share: float
    brands: tuple[str, ...]
    kinds: tuple[Kind, ...]
    weight_unit: str
    return_rate: float
    # Monthly demand multipliers, January first.
    season: tuple[float, ...] = field(default=(1.0,) * 12)


DEPARTMENTS: tuple[Department, ...] = (
    Department(
        key="apparel",
        name="Apparel",
        sku_prefix="APP",
        share=0.22,
        brands=("Northwind", "Alder & Pine", "Saltmarsh"),
        weight_unit="g",
        return_rate=0.09,
        season=(0.8, 0.8, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0, 1.05, 1.1, 1.3, 1.6),
        kinds=(
            Kind(
                "Crew T-Shirt",
                "Apparel & Accessories > Clothing > Shirts & Tops",
                "shirt",
                (18, 38),
                (140, 220),
                ("Classic", "Relaxed", "Everyday", "Heavyweight", "Slim"),
                ("Organic Cotton", "Cotton", "Linen Blend", "Merino"),
                ("pre-shrunk", "reinforced shoulder seams", "tag-free neck label", "garment dyed"),
                option="apparel",
            ),
            Kind(
                "Pullover Hoodie",
                "Apparel & Accessories > Clothing > Activewear > Sweatshirts",
                "hoodie",
                (48, 89),
                (450, 700),
                ("Cosy", "Oversized", "Classic", "Brushed"),
                ("Fleece", "Organic Cotton", "Recycled Cotton"),
                ("kangaroo pocket", "ribbed cuffs", "lined hood", "brushed-back interior"),
                option="apparel",
            ),
        ),
    ),
    Department(
        key="accessories",
        name="Accessories",
        sku_prefix="ACC",
        share=0.12,
        brands=("Copperleaf", "Harbour Goods"),
        weight_unit="g",
        return_rate=0.05,
        season=(0.85, 0.9, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.05, 1.3, 1.6),
        kinds=(
            Kind(
                "Tote Bag",
                "Apparel & Accessories > Handbags, Wallets & Cases > Handbags",
                "bag",
                (29, 95),
                (250, 600),
                ("Market", "Everyday", "Weekend", "Structured"),
                ("Canvas", "Waxed Canvas", "Leather"),
                ("inner zip pocket", "reinforced handles", "magnetic closure", "water-resistant base"),
                option="colour",
            ),
            Kind(
                "Bifold Wallet",
                "Apparel & Accessories > Handbags, Wallets & Cases > Wallets & Money Clips",
                "wallet",
                (25, 70),
                (60, 120),
                ("Slim", "Classic", "Minimal"),
                ("Leather", "Vegan Leather", "Cork"),
                ("six card slots", "RFID blocking", "note compartment", "hand-stitched edges"),
                option="colour",
            ),
        ),
    ),
    Department(
        key="jewelry",
        name="Jewelry",
        sku_prefix="JWL",
        share=0.12,
        brands=("Lumen", "Marigold Atelier"),
        weight_unit="g",
        return_rate=0.04,
        season=(0.8, 1.4, 0.9, 0.9, 1.1, 0.95, 0.9, 0.9, 0.95, 1.0, 1.3, 1.8),
        kinds=(
            Kind(
                "Stacking Ring",
                "Apparel & Accessories > Jewelry > Rings",
                "ring",
                (35, 180),
                (3, 9),
                ("Delicate", "Hammered", "Twisted", "Signet"),
                ("Sterling Silver", "Gold Vermeil", "Solid Gold"),
                ("nickel free", "hallmarked", "polished by hand", "gift box included"),
                option="ring",
            ),
            Kind(
                "Pendant Necklace",
                "Apparel & Accessories > Jewelry > Necklaces",
                "necklace",
                (45, 220),
                (4, 15),
                ("Teardrop", "Minimal", "Birthstone", "Layering"),
                ("Sterling Silver", "Gold Vermeil", "Rose Gold"),
                ("adjustable 16-18 in chain", "lobster clasp", "hypoallergenic", "gift box included"),
                option="metal",
            ),
        ),
    ),
    Department(
        key="home",
        name="Home Decor",
        sku_prefix="HOM",
        share=0.16,
        brands=("Halcyon Home", "Fernhill", "Kiln & Co"),
        weight_unit="kg",
        return_rate=0.03,
        season=(0.85, 0.85, 0.95, 1.0, 1.0, 0.95, 0.9, 0.95, 1.05, 1.15, 1.3, 1.5),
        kinds=(
            Kind(
                "Mug",
                "Home & Garden > Kitchen & Dining > Tableware > Drinkware > Mugs",
                "mug",
                (16, 34),
                (300, 450),
                ("Speckled", "Glazed", "Handmade", "Matte"),
                ("Stoneware", "Porcelain"),
                ("dishwasher safe", "microwave safe", "holds 350 ml", "glazed by hand"),
                option="colour",
            ),
            Kind(
                "Vase",
                "Home & Garden > Decor > Vases",
                "vase",
                (28, 120),
                (600, 1800),
                ("Ribbed", "Sculptural", "Bud", "Tall"),
                ("Ceramic", "Stoneware", "Recycled Glass"),
                ("watertight", "hand-thrown", "felt-padded base", "each piece unique"),
            ),
            Kind(
                "Scented Candle",
                "Home & Garden > Decor > Home Fragrances > Candles",
                "candle",
                (22, 58),
                (250, 500),
                ("Cedar & Sage", "Fig Leaf", "Sea Salt", "Amber"),
                ("Soy Wax", "Coconut Wax"),
                ("45-hour burn time", "cotton wick", "reusable vessel", "phthalate-free fragrance"),
            ),
        ),
    ),
    Department(
        key="beverages",
        name="Beverages",
        sku_prefix="BEV",
        share=0.12,
        brands=("Tidewater Roasters", "Wildflower Tea Co", "Brightwater"),
        weight_unit="kg",
        return_rate=0.005,
        season=(0.85, 0.85, 0.9, 1.0, 1.15, 1.35, 1.45, 1.35, 1.05, 0.9, 0.95, 1.15),
        kinds=(
            Kind(
                "Cold Brew Coffee",
                "Food, Beverages & Tobacco > Beverages > Coffee",
                "bottle",
                (4, 7),
                (400, 550),
                ("Single Origin", "House Blend", "Vanilla", "Oat Milk"),
                ("Arabica",),
                ("steeped for 18 hours", "no added sugar", "ready to drink", "recyclable glass bottle"),
                option="pack",
            ),
            Kind(
                "Sparkling Tea",
                "Food, Beverages & Tobacco > Beverages > Tea & Infusions",
                "can",
                (3, 5),
                (350, 380),
                ("Hibiscus", "Peach Oolong", "Jasmine", "Yuzu Green"),
                ("Organic",),
                ("lightly sparkling", "30 calories per can", "no artificial sweeteners", "vegan"),
                option="pack",
            ),
        ),
    ),
    Department(
        key="electronics",
        name="Electronics",
        sku_prefix="ELC",
        share=0.12,
        brands=("Kestrel Audio", "Voltline"),
        weight_unit="g",
        return_rate=0.05,
        season=(0.9, 0.85, 0.9, 0.9, 0.95, 0.95, 0.95, 1.05, 1.05, 1.05, 1.45, 1.7),
        kinds=(
            Kind(
                "Wireless Headphones",
                "Electronics > Audio > Audio Components > Headphones & Headsets > Headphones",
                "headphones",
                (59, 249),
                (200, 320),
                ("Over-Ear", "Noise-Cancelling", "Studio", "Foldable"),
                ("Aluminium", "Recycled Plastic"),
                ("40-hour battery", "Bluetooth 5.3", "USB-C fast charging", "memory-foam ear cushions"),
                option="colour",
            ),
            Kind(
                "Phone Case",
                "Electronics > Communications > Telephony > Mobile Phone Accessories > Mobile Phone Cases",
                "phone",
                (19, 45),
                (30, 60),
                ("Slim", "Rugged", "Clear", "MagSafe"),
                ("Silicone", "Recycled Plastic", "Leather"),
                ("raised camera lip", "drop tested to 2 m", "wireless charging compatible", "grippy sides"),
                option="colour",
            ),
            Kind(
                "Power Bank",
                "Electronics > Electronics Accessories > Power > Power Banks",
                "box",
                (29, 89),
                (180, 400),
                ("Compact", "Fast-Charge", "Travel", "Solar"),
                ("Aluminium", "Recycled Plastic"),
                ("10,000 mAh", "two USB-C ports", "charges a phone twice", "LED charge indicator"),
            ),
        ),
    ),
    Department(
        key="cosmetics",
        name="Cosmetics",
        sku_prefix="COS",
        share=0.14,
        brands=("Bramble Botanics", "Petal & Pestle"),
        weight_unit="g",
        return_rate=0.0,
        season=(0.95, 1.05, 1.0, 1.0, 1.1, 1.0, 0.95, 0.95, 1.0, 1.0, 1.2, 1.45),
        kinds=(
            Kind(
                "Face Cream",
                "Health & Beauty > Personal Care > Cosmetics > Skin Care > Lotions & Moisturisers",
                "jar",
                (24, 68),
                (80, 200),
                ("Hydrating", "Night", "Barrier Repair", "Brightening"),
                ("Shea Butter", "Squalane", "Hyaluronic Acid", "Rosehip"),
                ("fragrance free", "suitable for sensitive skin", "dermatologist tested", "vegan formula"),
                option="volume",
            ),
            Kind(
                "Lipstick",
                "Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick",
                "tube",
                (14, 32),
                (15, 30),
                ("Satin", "Matte", "Sheer", "Velvet"),
                ("Beeswax", "Plant Wax"),
                ("long-wearing", "moisturising", "cruelty free", "refillable case"),
                option="colour",
            ),
        ),
    ),
)

FIRST_NAMES: tuple[str, ...] = (
    "Ada", "Amara", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "Divya", "Elena", "Emma", "Farah", "Felix",
    "Grace", "Hana", "Ivan", "Jade", "Jonas", "Kai", "Laila", "Leo", "Lucia", "Maya", "Mateo", "Nadia",
    "Noah", "Olivia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Sofia", "Tariq", "Uma", "Victor", "Wen",
    "Yara", "Zoe",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Abara", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ivanova", "Jensen", "Kowalski",
    "Lopez", "Martin", "Nakamura", "Okafor", "Patel", "Quintero", "Rossi", "Schmidt", "Tanaka", "Usman",
    "Varga", "Walsh", "Xu", "Yilmaz", "Zhang",
)  # fmt: skip

# country -> (share, region/city/postal-code samples, carrier)
CITIES: dict[str, tuple[float, tuple[tuple[str, str, str], ...], str]] = {
    "US": (0.58, (("CA", "San Diego", "92101"), ("NY", "Brooklyn", "11201"), ("TX", "Austin", "78701"),
                  ("IL", "Chicago", "60601"), ("WA", "Seattle", "98101"), ("GA", "Atlanta", "30303")), "UPS"),
    "CA": (0.08, (("ON", "Toronto", "M5V 2T6"), ("BC", "Vancouver", "V6B 1A1")), "Canada Post"),
    "GB": (0.14, (("Greater London", "London", "NW1 6XE"), ("Greater Manchester", "Manchester", "M1 1AE")),
                  "Royal Mail"),
    "DE": (0.08, (("Berlin", "Berlin", "10115"), ("Bayern", "München", "80331")), "DHL"),
    "FR": (0.06, (("Île-de-France", "Paris", "75002"), ("Auvergne-Rhône-Alpes", "Lyon", "69002")), "DHL"),
    "AU": (0.06, (("NSW", "Sydney", "2000"), ("VIC", "Melbourne", "3000")), "DHL"),
}  # fmt: skip
STREETS: tuple[str, ...] = (
    "Maple Avenue", "High Street", "Harbour Road", "Elm Street", "Station Road", "Park Lane", "Mill Lane",
    "Bridge Street", "Orchard Way", "Cedar Court",
)  # fmt: skip
RETURN_REASONS: tuple[str, ...] = (
    "wrong size", "changed my mind", "arrived damaged", "not as pictured", "colour differs from photo",
    "ordered two sizes", "late delivery",
)  # fmt: skip
PROMO_TITLE_WORDS: tuple[str, ...] = ("SALE! ", "Best Price - ", "FREE SHIPPING ", "50% OFF ")
