"""Finding the product a shopper means: by SKU, else by words of its title, tags and attributes.

A small BM25-style ranking over the catalog's text (titles weigh most), then the variant whose
options match the sizes and colours the shopper named.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from shopweave.catalog.store.tables import ProductRow, VariantRow

_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "it",
        "this",
        "that",
        "do",
        "does",
        "you",
        "your",
        "have",
        "has",
        "of",
        "for",
        "in",
        "on",
        "to",
        "and",
        "or",
        "i",
        "my",
        "me",
        "can",
        "what",
        "which",
        "how",
        "when",
        "will",
        "be",
        "are",
        "with",
        "any",
        "there",
        "size",
        "colour",
        "color",
        "available",
        "stock",
        "still",
        "please",
    ]
)


def words(text: str) -> list[str]:
    """Lower-case content words."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def plain_text(html: str | None) -> str:
    """Description HTML as plain text."""
    return re.sub(r"\s+", " ", unescape(_TAG.sub(" ", html or ""))).strip()


def _terms(title: str, extra: list[str], attributes: dict[str, object]) -> Counter[str]:
    terms: Counter[str] = Counter()
    for w in words(title):
        terms[w] += 3
    for text in extra:
        terms.update(words(text))
    for key, value in attributes.items():
        terms.update(words(f"{key} {value}"))
    return terms


@dataclass(frozen=True)
class _Index:
    key: tuple[object, ...]
    docs: list[tuple[int, Counter[str]]]
    df: Counter[str]


_indexes: dict[str, _Index] = {}


def _index(session: Session) -> _Index:
    """Term counts of every active product, rebuilt only when the catalog changed."""
    key = tuple(
        session.execute(
            select(func.count(ProductRow.id), func.max(ProductRow.updated_at), func.max(ProductRow.id))
        ).one()
    )
    cache_key = session.get_bind().engine.url.render_as_string(hide_password=True)
    cached = _indexes.get(cache_key)
    if cached is not None and cached.key == key:
        return cached
    rows = session.execute(
        select(ProductRow.id, ProductRow.title, ProductRow.product_type, ProductRow.category, ProductRow.tags,
               ProductRow.attributes).where(ProductRow.status == "active")
    ).all()  # fmt: skip
    docs = [
        (pid, _terms(title, [ptype or "", category or "", " ".join(map(str, tags or []))], attributes or {}))
        for pid, title, ptype, category, tags, attributes in rows
    ]
    df: Counter[str] = Counter()
    for _, terms in docs:
        df.update(terms.keys())
    index = _Index(key, docs, df)
    _indexes[cache_key] = index
    return index


def find_products(session: Session, text: str, limit: int = 3) -> list[ProductRow]:
    """Active products ranked by how well their text matches `text` (best first)."""
    query_terms = set(words(text))
    if not query_terms:
        return []
    index = _index(session)
    n = len(index.docs)
    scored: list[tuple[float, int]] = []
    for pid, terms in index.docs:
        score = sum(
            math.log(1 + (n - index.df[t] + 0.5) / (index.df[t] + 0.5)) * terms[t] / (terms[t] + 1.2)
            for t in query_terms
            if t in terms
        )
        if score > 0:
            scored.append((score, -pid))
    scored.sort(reverse=True)
    ids = [-neg for _, neg in scored[:limit]]
    if not ids:
        return []
    products = {
        p.id: p
        for p in session.scalars(
            select(ProductRow).where(ProductRow.id.in_(ids)).options(selectinload(ProductRow.variants))
        )
    }
    return [products[i] for i in ids if i in products]


def find_variant_by_sku(session: Session, skus: list[str]) -> VariantRow | None:
    """The first variant whose SKU is among `skus` (case-insensitive)."""
    for sku in skus:
        variant = session.scalar(select(VariantRow).where(VariantRow.sku.ilike(sku)))
        if variant is not None:
            return variant
    return None


def pick_variant(product: ProductRow, sizes: list[str], colours: list[str]) -> VariantRow | None:
    """The variant whose option values match the named sizes and colours; None if ambiguous."""
    wanted = {s.lower() for s in sizes} | {c.lower() for c in colours}
    if len(product.variants) == 1:
        return product.variants[0]
    if not wanted:
        return None
    matches = [v for v in product.variants if wanted <= {str(x).lower() for x in (v.options or {}).values()}]
    return matches[0] if len(matches) == 1 else None
