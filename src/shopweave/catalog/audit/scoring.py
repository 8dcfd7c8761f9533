"""Scoring: how problems and completeness become 0–100 scores (documented in docs/audit.md).

- channel score of a product = max(0, 100 × completeness − Σ penalty), where the sum runs over
  the product's distinct (code, field) problems that are channel-independent or belong to that
  channel, except the completeness codes (`required.missing`, `image.missing`), which already
  lowered completeness; the penalty is per severity (rules.yaml `scoring.penalties`).
- product score = mean of its channel scores.
- channel score = mean over products; overall score = mean of the product scores.
- an empty catalog scores 100 (nothing is wrong with it).
- means are taken over unrounded scores; reported scores are rounded to one decimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import fmean

from shopweave.catalog.audit.codes import ProblemData
from shopweave.catalog.audit.rules import Scoring

COMPLETENESS_CODES = frozenset({"required.missing", "image.missing"})


def channel_score(
    completeness: float, problems: Iterable[ProblemData], channel: str, scoring: Scoring
) -> float:
    """The 0–100 score of one product on one channel (unrounded)."""
    seen: set[tuple[str, str]] = set()
    penalty = 0.0
    for problem in problems:
        if problem["code"] in COMPLETENESS_CODES or problem["channel"] not in (None, channel):
            continue
        key = (problem["code"], problem["field"])
        if key in seen:
            continue
        seen.add(key)
        penalty += scoring.penalties.get(problem["severity"], 0.0)  # type: ignore[call-overload]
    return max(0.0, 100.0 * completeness - penalty)


def mean_score(scores: Iterable[float]) -> float:
    """Mean, unrounded; 100 when there is nothing to average."""
    values = list(scores)
    return fmean(values) if values else 100.0


def shown(score: float) -> float:
    """A score as reported: rounded to one decimal."""
    return round(score, 1)
