"""Arbitration: what happens when planned actions conflict on the same subject.

Declared in YAML (section `arbitration` of any rules file)::

    arbitration:
      priorities:                 # override the rule priority of an action
        marketing.hold_promotion: 90
      exclusive:                  # at most one action of a group per subject and decision
        - id: promotion
          actions: [marketing.promote, marketing.hold_promotion]
      vetoes:                     # a recent event on the same subject blocks actions
        - id: no-promotion-before-restock
          blocks: ["marketing.promote"]          # `marketing.*` matches a whole subsystem
          when_recent: stockout.risk
          within: 14d
          condition: "recent.data.days_until_stockout < recent.data.next_po_days"
          reason: the item sells out before the next purchase order lands

The highest priority wins an exclusive group; ties go to the earlier rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from shopweave.decisions.cel import CelError, Expression, compile_expression
from shopweave.decisions.errors import RuleError
from shopweave.decisions.rules import parse_duration
from shopweave.decisions.yamlfile import line_of, strip_lines


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VetoSpec(_Spec):
    id: str
    blocks: list[str] = Field(min_length=1)
    when_recent: str
    within: str | float = "7d"
    condition: str | None = None
    reason: str


class ExclusiveSpec(_Spec):
    id: str
    actions: list[str] = Field(min_length=2)


class ArbitrationSpec(_Spec):
    priorities: dict[str, int] = Field(default_factory=dict)
    exclusive: list[ExclusiveSpec] = Field(default_factory=list)
    vetoes: list[VetoSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Veto:
    """Block matching actions while a recent event of a type exists on the same subject."""

    id: str
    blocks: tuple[str, ...]
    when_recent: str
    within_s: float
    reason: str
    condition: Expression | None = None

    def blocks_action(self, action: str) -> bool:
        """Whether this veto applies to `action`."""
        return any(fnmatchcase(action, pattern) for pattern in self.blocks)


@dataclass(frozen=True)
class Policy:
    """The merged arbitration policy of every rules file."""

    priorities: dict[str, int] = field(default_factory=dict)
    exclusive: tuple[tuple[str, tuple[str, ...]], ...] = ()
    vetoes: tuple[Veto, ...] = ()

    def group_of(self, action: str) -> str | None:
        """The exclusive group `action` belongs to, if any."""
        for group, actions in self.exclusive:
            if any(fnmatchcase(action, pattern) for pattern in actions):
                return group
        return None

    def merged(self, other: Policy) -> Policy:
        """This policy with `other`'s entries added."""
        return Policy(
            priorities={**self.priorities, **other.priorities},
            exclusive=self.exclusive + other.exclusive,
            vetoes=self.vetoes + other.vetoes,
        )


def compile_policy(raw: Any, path: Path) -> Policy:
    """Check and compile an `arbitration` section read from `path`."""
    if raw is None:
        return Policy()
    try:
        spec = ArbitrationSpec.model_validate(strip_lines(raw))
    except PydanticValidationError as exc:
        error = exc.errors()[0]
        loc = ".".join(str(p) for p in error["loc"])
        first = str(error["loc"][0]) if error["loc"] else None
        raise RuleError(f"{path}:{line_of(raw, first)}: arbitration.{loc}: {error['msg']}") from exc
    vetoes = []
    for index, veto in enumerate(spec.vetoes):
        where = f"{path}:{line_of(raw['vetoes'][index])}"
        try:
            within_s = parse_duration(veto.within)
            condition = compile_expression(veto.condition) if veto.condition else None
        except (ValueError, CelError) as exc:
            raise RuleError(f"{where}: veto {veto.id}: {exc}") from exc
        vetoes.append(Veto(veto.id, tuple(veto.blocks), veto.when_recent, within_s, veto.reason, condition))
    return Policy(
        priorities=dict(spec.priorities),
        exclusive=tuple((g.id, tuple(g.actions)) for g in spec.exclusive),
        vetoes=tuple(vetoes),
    )
