"""The audit's result shapes: problems, per-product and per-channel scores, and the report."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum

from pydantic import BaseModel, Field


class Severity(StrEnum):
    """How much a problem matters: `error` blocks or disapproves a listing, `warning` hurts it,
    `info` is a missed opportunity."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Problem(BaseModel):
    """One thing wrong with a product, with the sentence that says how to fix it."""

    code: str = Field(
        description="Stable problem code (see docs/audit.md).", examples=["barcode.check_digit"]
    )
    field: str = Field(description="The attribute the problem is about.", examples=["variants[0].barcode"])
    message: str = Field(
        description="What is wrong and how to fix it.",
        examples=["Barcode 4006381333932 fails its check digit: re-type it from the packaging."],
    )
    severity: Severity = Field(description="error, warning or info.", examples=["error"])
    channel: str | None = Field(
        default=None,
        description="The channel whose rule this breaks; null when it matters everywhere.",
        examples=["google"],
    )


class ChannelScore(BaseModel):
    """How one product does on one channel."""

    score: float = Field(description="0–100, see docs/audit.md#scoring.", examples=[72.5])
    completeness: float = Field(
        description="Share of the channel's required attributes that are filled (0–1).", examples=[0.9]
    )
    missing: list[str] = Field(
        default_factory=list, description="Required attributes that are empty.", examples=[["gtin|mpn"]]
    )


class ProductAudit(BaseModel):
    """The audit of one product."""

    id: int | None = Field(description="Database id (null for products not stored).", examples=[1])
    handle: str = Field(description="The product's handle.", examples=["example-t-shirt"])
    sku: str | None = Field(description="SKU of the first variant.", examples=["TS-GRN-S"])
    title: str = Field(description="The product's title.", examples=["Example T-Shirt"])
    score: float = Field(description="Mean of the product's channel scores (0–100).", examples=[81.0])
    problems: list[Problem] = Field(default_factory=list, description="Everything found.", examples=[[]])
    channels: dict[str, ChannelScore] = Field(
        default_factory=dict, description="Score and completeness per audited channel.", examples=[{}]
    )


class ChannelSummary(BaseModel):
    """How the whole catalog does on one channel."""

    channel: str = Field(description="Channel name.", examples=["google"])
    label: str = Field(description="Human name of the channel.", examples=["Google Merchant Center"])
    score: float = Field(description="Mean product score on this channel (0–100).", examples=[77.3])
    completeness: float = Field(description="Mean completeness share (0–1).", examples=[0.93])
    products: int = Field(description="Products audited.", examples=[200])
    complete: int = Field(description="Products with every required attribute filled.", examples=[150])
    errors: int = Field(description="Products with at least one error on this channel.", examples=[12])
    missing: dict[str, int] = Field(
        default_factory=dict,
        description="Required attribute to the number of products missing it, most missed first.",
        examples=[{"gtin|mpn": 40}],
    )


class ProblemCount(BaseModel):
    """How many products have a problem code."""

    code: str = Field(description="Problem code.", examples=["image.too_small"])
    severity: Severity = Field(description="Its severity.", examples=["error"])
    summary: str = Field(
        description="What the code means.", examples=["An image is below the channel's minimum size."]
    )
    products: int = Field(description="Products that have it at least once.", examples=[17])


class AuditReport(BaseModel):
    """The audit of a catalog: overall score, one summary per channel, one audit per product."""

    score: float = Field(
        description="Mean of the product scores (0–100); 100 for an empty catalog.", examples=[78.4]
    )
    channels: dict[str, ChannelSummary] = Field(description="Summary per audited channel.", examples=[{}])
    products: list[ProductAudit] = Field(description="Audit of every product, in input order.", examples=[[]])

    def problem_counts(self) -> list[ProblemCount]:
        """Every problem code with the number of products that have it, most widespread first."""
        from shopweave.catalog.audit.codes import CODES

        counts: Counter[str] = Counter()
        for product in self.products:
            counts.update({problem.code for problem in product.problems})
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [
            ProblemCount(code=code, severity=CODES[code].severity, summary=CODES[code].summary, products=n)
            for code, n in ranked
        ]

    def worst_problems(self, n: int = 10) -> list[ProblemCount]:
        """The `n` problem codes found on the most products (ties by code)."""
        return self.problem_counts()[:n]
