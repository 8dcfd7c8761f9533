"""Limits of the per-subsystem action queues, declared in YAML (section `queues` of a rules file)::

    queues:
      studio: {concurrency: 2, total: 4}           # at once per worker / across all workers
      demand: {rate: {limit: 30, per: 1m}}          # at most 30 actions started a minute
      support: {concurrency: 16}

`concurrency` defaults to the worker's `--concurrency`; `total` and `rate` are unlimited unless
set. A later file overrides an earlier one per subsystem (so `<home>/rules/` overrides the
shipped defaults). The limits apply to actions that go through their queue (inline actions make
their first attempt in the ingest workflow; see `Action.inline`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from shopweave.decisions.errors import RuleError
from shopweave.decisions.rules import parse_duration
from shopweave.decisions.yamlfile import LINE_KEY, LINES_KEY, line_of, strip_lines

SUBSYSTEM_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class _RateSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(ge=1)
    per: str | float


class _QueueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    concurrency: int | None = Field(default=None, ge=1)
    total: int | None = Field(default=None, ge=1)
    rate: _RateSpec | None = None


@dataclass(frozen=True)
class QueueLimits:
    """How many actions of one subsystem run at once, and how often they may start."""

    concurrency: int | None = None
    total: int | None = None
    rate_limit: int | None = None
    rate_period_s: float | None = None

    def describe(self) -> str:
        """The limits in words (for `shopweave rules check`)."""
        parts = []
        if self.concurrency:
            parts.append(f"{self.concurrency} at once per worker")
        if self.total:
            parts.append(f"{self.total} at once in all")
        if self.rate_limit and self.rate_period_s:
            parts.append(f"at most {self.rate_limit} started per {self.rate_period_s:g}s")
        return ", ".join(parts) or "no limits"


def compile_queues(raw: Any, path: Path) -> dict[str, QueueLimits]:
    """Check a `queues` section read from `path`; RuleError naming file and line."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleError(f"{path}:{line_of(raw)}: `queues` maps a subsystem name to its limits")
    limits: dict[str, QueueLimits] = {}
    for name, spec_raw in raw.items():
        if name in (LINE_KEY, LINES_KEY):
            continue
        where = f"{path}:{line_of(raw, name)}"
        if not SUBSYSTEM_PATTERN.match(str(name)):
            raise RuleError(f"{where}: queue {name!r}: a subsystem name is lowercase letters, digits, _")
        try:
            spec = _QueueSpec.model_validate(strip_lines(spec_raw))
        except PydanticValidationError as exc:
            problem = exc.errors()[0]
            field = ".".join(str(p) for p in problem["loc"]) or "limits"
            raise RuleError(f"{where}: queue {name}: {field}: {problem['msg']}") from None
        period: float | None = None
        if spec.rate is not None:
            try:
                period = parse_duration(spec.rate.per)
            except ValueError as exc:
                raise RuleError(f"{where}: queue {name}: rate.per: {exc}") from None
            if period <= 0:
                raise RuleError(f"{where}: queue {name}: rate.per must be longer than 0s")
        limits[str(name)] = QueueLimits(
            concurrency=spec.concurrency,
            total=spec.total,
            rate_limit=spec.rate.limit if spec.rate else None,
            rate_period_s=period,
        )
    return limits
