"""The figures of the catalog-health page: scores, worst problems, weakest products, counts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shopweave.catalog.audit import ChannelSummary, ProblemCount, ProductAudit, audit_catalog
from shopweave.catalog.store.tables import CustomerRow, ImageRow, OrderRow, ProductRow, VariantRow

__all__ = ["CatalogHealth", "build_catalog_health"]


class CatalogHealth(BaseModel):
    """Everything the catalog-health page shows."""

    score: float = Field(description="Overall audit score (0–100).", examples=[78.4])
    channels: list[ChannelSummary] = Field(description="Per channel, best first.")
    worst_problems: list[ProblemCount] = Field(description="Problem codes found on the most products.")
    weakest: list[ProductAudit] = Field(description="Products with the lowest scores.")
    counts: dict[str, int] = Field(description="Records stored per kind.", examples=[{"products": 200}])


def build_catalog_health(
    session: Session, images_dir: Path | None, *, problems: int = 8, products: int = 10
) -> CatalogHealth:
    """Audit the stored catalog and gather the page's figures."""
    report = audit_catalog(session, None, images_dir=images_dir)
    counts = {
        name: session.scalar(select(func.count()).select_from(table)) or 0
        for name, table in (
            ("products", ProductRow),
            ("variants", VariantRow),
            ("images", ImageRow),
            ("orders", OrderRow),
            ("customers", CustomerRow),
        )
    }
    weakest = sorted(report.products, key=lambda p: (p.score, p.handle))[:products]
    return CatalogHealth(
        score=report.score,
        channels=sorted(report.channels.values(), key=lambda c: (-c.score, c.channel)),
        worst_problems=report.worst_problems(problems),
        weakest=weakest,
        counts=counts,
    )
