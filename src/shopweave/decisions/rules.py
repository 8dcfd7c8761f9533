"""Rules as data: YAML files of `on` → `when` → `do`, checked and compiled when they are loaded.

A rules file may hold three sections, each optional::

    rules:
      - id: low-stock
        on: [inventory.changed]
        subject: "'sku/' + data.sku"            # CEL; default: the event's subject
        when: "data.location != 'returns'"      # CEL over event, data, subject, store
        edge: {value: "data.available", below: 5}   # fire only when crossing from >= 5 to < 5
        cooldown: 6h                             # per subject
        max: {count: 3, per: 1d}                 # frequency cap per subject
        priority: 60
        do:
          - action: demand.draft_purchase_order
            with: {sku: "{{ data.sku }}", reason: low_stock}   # "{{ CEL }}" values are evaluated
            approval: true
            retry: {attempts: 5, backoff: 2s, max_backoff: 5m}
            timeout: 30s
    arbitration: {...}    # see arbitration.py
    schedules: [...]      # see schedules.py

Every problem is reported as `file:line: reason` before anything runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from shopweave.decisions.cel import Activation, CelError, Expression, compile_expression
from shopweave.decisions.errors import RuleError
from shopweave.decisions.yamlfile import line_of, load_yaml, strip_lines
from shopweave.events.envelope import EVENT_TYPE_PATTERN

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
DURATION_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
TEMPLATE_PATTERN = re.compile(r"^\{\{(.*)\}\}$", re.DOTALL)


def parse_duration(value: str | float | int) -> float:
    """Seconds in `value`: a number of seconds or text like `250ms`, `5s`, `10m`, `6h`, `1d`."""
    if isinstance(value, int | float):
        return float(value)
    match = DURATION_PATTERN.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a duration (write e.g. 30s, 10m, 6h, 1d)")
    return float(match.group(1)) * _UNITS[match.group(2)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RetrySpec(_Spec):
    attempts: int = Field(default=3, ge=1, le=100)
    backoff: str | float = "1s"
    max_backoff: str | float = "5m"


class ActionSpec(_Spec):
    action: str
    with_: dict[str, Any] = Field(default_factory=dict, alias="with")
    approval: bool = False
    retry: RetrySpec = Field(default_factory=RetrySpec)
    timeout: str | float = "30s"


class EdgeSpec(_Spec):
    value: str
    below: float | None = None
    above: float | None = None


class CapSpec(_Spec):
    count: int = Field(ge=1)
    per: str | float


class RuleSpec(_Spec):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    description: str = ""
    on: list[str] = Field(min_length=1)
    subject: str | None = None
    when: str | None = None
    do: list[ActionSpec] = Field(min_length=1)
    priority: int = 50
    edge: EdgeSpec | None = None
    cooldown: str | float | None = None
    max: CapSpec | None = None
    enabled: bool = True


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently an action is retried."""

    attempts: int = 3
    backoff_s: float = 1.0
    max_backoff_s: float = 300.0


@dataclass(frozen=True)
class ActionCall:
    """One `do` entry: which action, with which parameters (literals or CEL templates)."""

    action: str
    params: dict[str, Any]
    approval: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_s: float = 30.0

    def render(self, activation: Mapping[str, Any] | Activation) -> dict[str, Any]:
        """The parameters with every `{{ expression }}` evaluated over `activation`."""
        return {name: _render(value, activation) for name, value in self.params.items()}


def _render(value: Any, activation: Mapping[str, Any] | Activation) -> Any:
    if isinstance(value, Expression):
        return value.evaluate(activation)
    if isinstance(value, dict):
        return {k: _render(v, activation) for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v, activation) for v in value]
    return value


@dataclass(frozen=True)
class Edge:
    """Fire only when the value crosses the threshold (from >= below to < below, or the mirror)."""

    value: Expression
    below: float | None = None
    above: float | None = None

    def crossed(self, previous: float | None, current: float) -> bool:
        """Whether going from `previous` (None: never seen) to `current` crosses the threshold."""
        if self.below is not None:
            return current < self.below and (previous is None or previous >= self.below)
        assert self.above is not None
        return current > self.above and (previous is None or previous <= self.above)


@dataclass(frozen=True)
class Rule:
    """A compiled rule, with the file and line it came from."""

    id: str
    on: tuple[str, ...]
    actions: tuple[ActionCall, ...]
    priority: int = 50
    when: Expression | None = None
    subject: Expression | None = None
    edge: Edge | None = None
    cooldown_s: float | None = None
    cap: tuple[int, float] | None = None
    description: str = ""
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """`file:line` of the rule."""
        return f"{self.file}:{self.line}"


def _compile(source: str, where: str) -> Expression:
    try:
        return compile_expression(source)
    except CelError as exc:
        raise RuleError(f"{where}: {exc}") from exc


def _params(value: Any, where: str) -> Any:
    if isinstance(value, str):
        match = TEMPLATE_PATTERN.match(value.strip())
        return _compile(match.group(1).strip(), where) if match else value
    if isinstance(value, dict):
        return {k: _params(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_params(v, where) for v in value]
    return value


def _pydantic_problem(exc: PydanticValidationError, raw: Any, path: Path) -> RuleError:
    error = exc.errors()[0]
    loc = [str(p) for p in error["loc"]]
    node, line = raw, line_of(raw)
    for part in loc:
        if isinstance(node, dict) and part in node:
            line = line_of(node, part) or line
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
            line = line_of(node) or line
        else:
            break
    return RuleError(f"{path}:{line}: {'.'.join(loc) or 'rule'}: {error['msg']}")


def compile_rule(raw: Any, path: Path) -> Rule:
    """Check and compile one rule mapping read from `path`."""
    if not isinstance(raw, dict):
        raise RuleError(f"{path}:{line_of(raw)}: each rule must be a mapping with id, on and do")
    try:
        spec = RuleSpec.model_validate(strip_lines(raw))
    except PydanticValidationError as exc:
        raise _pydantic_problem(exc, raw, path) from exc
    at = f"{path}:{line_of(raw)}"
    for event_type in spec.on:
        if not EVENT_TYPE_PATTERN.match(event_type):
            raise RuleError(
                f"{path}:{line_of(raw, 'on')}: rule {spec.id}: {event_type!r} is not a `noun.verb` event type"
            )
    actions = []
    for index, action in enumerate(spec.do):
        action_line = line_of(raw["do"][index])
        where = f"{path}:{action_line}"
        if not ACTION_PATTERN.match(action.action):
            raise RuleError(
                f"{where}: rule {spec.id}: action {action.action!r} must look like `subsystem.action`"
            )
        try:
            retry = RetryPolicy(
                attempts=action.retry.attempts,
                backoff_s=parse_duration(action.retry.backoff),
                max_backoff_s=parse_duration(action.retry.max_backoff),
            )
            timeout_s = parse_duration(action.timeout)
        except ValueError as exc:
            raise RuleError(f"{where}: rule {spec.id}: {exc}") from exc
        actions.append(
            ActionCall(
                action=action.action,
                params=_params(action.with_, where),
                approval=action.approval,
                retry=retry,
                timeout_s=timeout_s,
            )
        )
    edge = None
    if spec.edge is not None:
        if (spec.edge.below is None) == (spec.edge.above is None):
            raise RuleError(
                f"{path}:{line_of(raw, 'edge')}: rule {spec.id}: edge needs exactly one of `below` or `above`"
            )
        edge = Edge(
            _compile(spec.edge.value, f"{path}:{line_of(raw, 'edge')}"), spec.edge.below, spec.edge.above
        )
    try:
        cooldown_s = parse_duration(spec.cooldown) if spec.cooldown is not None else None
        cap = (spec.max.count, parse_duration(spec.max.per)) if spec.max is not None else None
    except ValueError as exc:
        raise RuleError(f"{at}: rule {spec.id}: {exc}") from exc
    return Rule(
        id=spec.id,
        on=tuple(spec.on),
        actions=tuple(actions),
        priority=spec.priority,
        when=_compile(spec.when, f"{path}:{line_of(raw, 'when')}") if spec.when else None,
        subject=_compile(spec.subject, f"{path}:{line_of(raw, 'subject')}") if spec.subject else None,
        edge=edge,
        cooldown_s=cooldown_s,
        cap=cap,
        description=spec.description,
        file=str(path),
        line=line_of(raw),
    )


def load_rules_file(path: Path) -> tuple[list[Rule], Any]:
    """The enabled rules of one file, and the raw document (for the other sections)."""
    document = load_yaml(path)
    if document is None:
        return [], {}
    if not isinstance(document, dict):
        raise RuleError(
            f"{path}:1: a rules file is a mapping with `rules`, `arbitration`, `schedules` or `queues`"
        )
    unknown = sorted(set(strip_lines(document)) - {"rules", "arbitration", "schedules", "queues"})
    if unknown:
        raise RuleError(
            f"{path}:{line_of(document, unknown[0])}: unknown section {unknown[0]!r} "
            "(expected rules, arbitration, schedules, queues)"
        )
    raw_rules = document.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RuleError(f"{path}:{line_of(document, 'rules')}: `rules` must be a list")
    rules = []
    for raw in raw_rules:
        rule = compile_rule(raw, path)
        if isinstance(raw, dict) and raw.get("enabled", True) is not False:
            rules.append(rule)
    return rules, document


def rule_files(folders: Iterable[Path]) -> list[Path]:
    """`*.yaml` files of `folders`; a later folder's file replaces an earlier one with the same name."""
    chosen: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
                chosen[path.name] = path
    return [chosen[name] for name in sorted(chosen)]


def version_of(paths: Iterable[Path]) -> str:
    """A short hash of the files' names and contents: the rules version recorded with decisions."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
