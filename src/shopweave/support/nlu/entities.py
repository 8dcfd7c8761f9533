"""Entities in a shopper's message: order numbers, emails, SKUs, sizes, colours, dates, countries.

Plain patterns, no model: they must be exact, because they decide what is looked up. SKUs and
product names found here are only candidates; `facts` confirms them against the catalog.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pycountry
from pydantic import BaseModel, Field

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_ORDER = re.compile(
    r"(?:#\s?(\d{3,12})\b)|(?:\b(?:order|purchase|ordr)\s*(?:number|no\.?|num|nr|id)?\s*[:#]?\s*(\d{3,12})\b)",
    re.IGNORECASE,
)
_SKU = re.compile(r"\b[A-Z0-9]{2,}(?:-[A-Z0-9]+)+\b")
_SIZE_WORDS = {
    "xxs": "XXS", "xs": "XS", "s": "S", "m": "M", "l": "L", "xl": "XL", "xxl": "XXL", "xxxl": "XXXL",
    "small": "S", "medium": "M", "large": "L", "extra small": "XS", "extra large": "XL",
}  # fmt: skip
_SIZE = re.compile(
    r"\b(?:size\s+(\w+)|(extra small|extra large|xxs|xs|xxl|xxxl|xl|small|medium|large))\b", re.IGNORECASE
)
COLOURS = (
    "black", "white", "grey", "gray", "red", "blue", "navy", "green", "yellow", "orange", "pink",
    "purple", "brown", "beige", "cream", "gold", "silver", "olive", "teal", "khaki", "burgundy",
)  # fmt: skip
_COLOUR = re.compile(r"\b(" + "|".join(COLOURS) + r")\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_COUNTRY_ALIASES = {"uk": "GB", "u.k.": "GB", "england": "GB", "britain": "GB", "usa": "US", "us": "US",
                    "america": "US", "the states": "US", "holland": "NL"}  # fmt: skip
_COUNTRY_WORD = re.compile(r"\b(?:to|in|for|from)\s+(?:the\s+)?([A-Za-z][A-Za-z .]{1,40})", re.IGNORECASE)


class Entities(BaseModel):
    """What was found in one message."""

    order_numbers: list[str] = Field(default_factory=list, description="As `#1001`.", examples=[["#1001"]])
    emails: list[str] = Field(
        default_factory=list, description="Lower-cased.", examples=[["ada@example.com"]]
    )
    skus: list[str] = Field(default_factory=list, description="SKU-shaped tokens.", examples=[["TS-GRN-S"]])
    sizes: list[str] = Field(default_factory=list, description="Normalised sizes.", examples=[["M"]])
    colours: list[str] = Field(default_factory=list, description="Colour words.", examples=[["green"]])
    dates: list[date] = Field(default_factory=list, description="Dates mentioned.", examples=[["2026-03-01"]])
    countries: list[str] = Field(default_factory=list, description="ISO alpha-2 codes.", examples=[["DE"]])


def _country(phrase: str) -> str | None:
    words = phrase.strip(" .").lower().split()
    for n in range(min(4, len(words)), 0, -1):
        candidate = " ".join(words[:n])
        if candidate in _COUNTRY_ALIASES:
            return _COUNTRY_ALIASES[candidate]
        try:
            found = pycountry.countries.lookup(candidate)
        except LookupError:
            continue
        return str(found.alpha_2)
    return None


def extract(text: str, today: date | None = None) -> Entities:
    """Every entity in `text`."""
    today = today or date.today()
    entities = Entities()
    for match in _ORDER.finditer(text):
        number = f"#{match.group(1) or match.group(2)}"
        if number not in entities.order_numbers:
            entities.order_numbers.append(number)
    entities.emails = [e.lower() for e in _EMAIL.findall(text)]
    without_emails = _EMAIL.sub(" ", text)
    entities.skus = [s for s in _SKU.findall(without_emails) if any(c.isalpha() for c in s)]
    for match in _SIZE.finditer(without_emails):
        raw = (match.group(1) or match.group(2)).lower()
        size = _SIZE_WORDS.get(raw, raw.upper())
        if size not in entities.sizes:
            entities.sizes.append(size)
    entities.colours = sorted({c.lower().replace("gray", "grey") for c in _COLOUR.findall(text)})
    for y, m, d in _ISO_DATE.findall(text):
        try:
            entities.dates.append(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    lowered = text.lower()
    if "yesterday" in lowered:
        entities.dates.append(today - timedelta(days=1))
    if "today" in lowered:
        entities.dates.append(today)
    for match in _COUNTRY_WORD.finditer(text):
        code = _country(match.group(1))
        if code and code not in entities.countries:
            entities.countries.append(code)
    return entities


def bare_order_number(text: str) -> str | None:
    """`#1001` when the whole message is just an order number (answering "which order?")."""
    match = re.fullmatch(r"\s*#?\s?(\d{3,12})\s*[.!]?\s*", text)
    return f"#{match.group(1)}" if match else None
