"""Running the audit: `audit_products` over any iterable of products, `audit_catalog` over the
store. Products stream through once; only their audits are kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any

from sqlalchemy.orm import Session

from shopweave.catalog.audit.checks import channel_problems, product_problems
from shopweave.catalog.audit.codes import ProblemData, make_problem
from shopweave.catalog.audit.duplicates import DuplicateIndex
from shopweave.catalog.audit.errors import UnknownChannelError
from shopweave.catalog.audit.fields import Facts, identifier_exists_no, is_apparel, plain_text
from shopweave.catalog.audit.images import ChannelImageCheck, ImageProber, inspect_images
from shopweave.catalog.audit.models import AuditReport
from shopweave.catalog.audit.rules import AuditRules, default_rules
from shopweave.catalog.audit.scoring import channel_score, mean_score, shown
from shopweave.catalog.schemas import Product
from shopweave.catalog.store import iter_products


def resolve_channels(channels: Sequence[str] | None, rules: AuditRules) -> list[str]:
    """The channels to audit, validated; all channels of the rules when None or empty."""
    if not channels:
        return list(rules.channels)
    unknown = [c for c in channels if c not in rules.channels]
    if unknown:
        raise UnknownChannelError(f"unknown channel {unknown[0]!r}; choose from: {', '.join(rules.channels)}")
    return list(dict.fromkeys(channels))


@dataclass
class _Pending:
    """One product's audit while the catalog streams past (plain data until the end)."""

    head: dict[str, Any]
    problems: list[ProblemData]
    completeness: dict[str, tuple[float, list[str]]]
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    score: float = 0.0  # unrounded
    error_channels: set[str] = field(default_factory=set)


class _Auditor:
    def __init__(self, rules: AuditRules, channels: list[str], images_dir: Path | None) -> None:
        self.rules = rules
        self.channels = channels
        self.prober = ImageProber(images_dir)
        self.promotional = rules.promotional_regex()
        self.duplicates = DuplicateIndex()
        self.pending: list[_Pending] = []
        self.image_checks = {name: ChannelImageCheck(name, rules.channels[name]) for name in channels}
        self.fields = {
            name
            for channel in channels
            for requirement in rules.channels[channel].required
            for name in requirement.alternatives
        }

    def add(self, product: Product) -> None:
        facts = Facts(
            product=product,
            description_text=plain_text(product.description_html),
            apparel=is_apparel(product, self.rules.apparel),
        )
        facts.conditions = {"apparel": facts.apparel, "identifier_exists_no": identifier_exists_no(product)}
        facts.fill(self.fields)
        problems = product_problems(product, self.promotional)
        sized, image_problems = inspect_images(product.images, self.prober)
        problems.extend(image_problems)
        if not product.images:
            problems.append(make_problem("image.missing", "images"))
        completeness: dict[str, tuple[float, list[str]]] = {}
        for name in self.channels:
            channel_rules = self.rules.channels[name]
            share, missing, found = channel_problems(facts, name, channel_rules)
            completeness[name] = (share, missing)
            problems.extend(found)
            problems.extend(self.image_checks[name](sized, len(product.images), facts.apparel))
        head = {
            "id": product.id,
            "handle": product.handle,
            "sku": product.variants[0].sku if product.variants else None,
            "title": product.title,
        }
        self.duplicates.add(len(self.pending), product)
        self.pending.append(_Pending(head, problems, completeness))

    def finish(self) -> AuditReport:
        for index, extra in self.duplicates.problems().items():
            self.pending[index].problems.extend(extra)
        scoring = self.rules.scoring
        raw: dict[str, list[float]] = {name: [] for name in self.channels}
        for item in self.pending:
            for problem in item.problems:
                if problem["severity"] == "error":
                    if problem["channel"] is None:
                        item.error_channels.update(self.channels)
                        break
                    item.error_channels.add(problem["channel"])
            scores: list[float] = []
            for name in self.channels:
                share, missing = item.completeness[name]
                score = channel_score(share, item.problems, name, scoring)
                scores.append(score)
                raw[name].append(score)
                item.channels[name] = {
                    "score": shown(score),
                    "completeness": round(share, 4),
                    "missing": missing,
                }
            item.score = mean_score(scores)
        # One validation of the whole report: far faster than building tens of thousands of models.
        return AuditReport.model_validate(
            {
                "score": shown(mean_score(item.score for item in self.pending)),
                "channels": {name: self._summary(name, raw[name]) for name in self.channels},
                "products": [
                    {
                        **item.head,
                        "score": shown(item.score),
                        "problems": item.problems,
                        "channels": item.channels,
                    }
                    for item in self.pending
                ],
            }
        )

    def _summary(self, name: str, scores: list[float]) -> dict[str, Any]:
        missing: Counter[str] = Counter()
        shares: list[float] = []
        complete = errors = 0
        for item in self.pending:
            share, absent = item.completeness[name]
            shares.append(share)
            if absent:
                missing.update(absent)
            else:
                complete += 1
            errors += name in item.error_channels
        return {
            "channel": name,
            "label": self.rules.channels[name].label,
            "score": shown(mean_score(scores)),
            "completeness": round(fmean(shares), 4) if shares else 1.0,
            "products": len(self.pending),
            "complete": complete,
            "errors": errors,
            "missing": dict(sorted(missing.items(), key=lambda item: (-item[1], item[0]))),
        }


def audit_products(
    products: Iterable[Product],
    channels: Sequence[str] | None = None,
    *,
    images_dir: Path | None = None,
    rules: AuditRules | None = None,
) -> AuditReport:
    """Audit `products` for `channels` (all channels of the rules when None).

    `images_dir` is the content-addressed image store used to open stored photos; `rules`
    defaults to the built-in `rules.yaml`. Raises UnknownChannelError for a channel without rules.
    """
    chosen = rules or default_rules()
    auditor = _Auditor(chosen, resolve_channels(channels, chosen), images_dir)
    for product in products:
        auditor.add(product)
    return auditor.finish()


def audit_catalog(
    session: Session,
    channels: Sequence[str] | None = None,
    *,
    images_dir: Path | None = None,
    rules: AuditRules | None = None,
) -> AuditReport:
    """Audit every stored product (streamed from the store in batches)."""
    chosen = rules or default_rules()
    names = resolve_channels(channels, chosen)  # fail before reading the catalog
    return audit_products(iter_products(session), names, images_dir=images_dir, rules=chosen)
