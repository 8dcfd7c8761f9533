"""Scenarios: a store state, a sequence of events, and what must follow — run for real.

    name: apparel product gets its channel's on-white images and a page
    stubs:                              # actions answered by a recording stub (subsystems not installed)
      studio.process:
        emit: {type: image.processed, data: {handle: "{{ params.handle }}", recipe: "{{ params.preset }}", output: stub}}
      pages.build: {}
    given:
      products: [{handle: linen-shirt, title: Linen shirt, category: apparel, images: [{src: shirt.jpg}]}]
    events:
      - {type: product.images_stale, subject: product/linen-shirt, data: {handle: linen-shirt, category: apparel}}
    expect:
      actions: [{action: studio.process, status: done, count: 1}]
      absent_actions: [studio.cutout]
      events: [image.processed]
      fired: [studio-apparel]
      suppressed: []
    within: 30s

The scenario runs with the rules in effect (defaults + `<home>/rules`) on a real engine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import select

from shopweave.catalog.schemas import Product
from shopweave.catalog.store import Database, upsert_products
from shopweave.decisions.engine import DurableEngine, EngineOptions
from shopweave.decisions.errors import RuleError, ScenarioError
from shopweave.decisions.rules import ACTION_PATTERN, _params, _render, parse_duration
from shopweave.decisions.ruleset import RuleSet, load_ruleset
from shopweave.decisions.tables import DecisionActionRow, DecisionRow
from shopweave.decisions.yamlfile import load_yaml, strip_lines
from shopweave.events import CloudEvent, read_events, record_event
from shopweave.plugins.registry import Registry, load_registry
from shopweave.plugins.spec import Action, ActionContext, Subsystem
from shopweave.settings import Settings

SCENARIO_SOURCE = "/shopweave/scenario"
SHIPPED_DIR = Path(__file__).resolve().parent / "scenarios"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StubSpec(_Spec):
    emit: dict[str, Any] | None = None


class GivenSpec(_Spec):
    products: list[dict[str, Any]] = Field(default_factory=list)


class EventSpec(_Spec):
    type: str
    subject: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    id: str | None = None


class ExpectedAction(_Spec):
    action: str
    status: str = "done"
    count: int | None = None


class ExpectSpec(_Spec):
    actions: list[ExpectedAction] = Field(default_factory=list)
    absent_actions: list[str] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list)
    fired: list[str] = Field(default_factory=list)
    suppressed: list[str] = Field(default_factory=list)


class ScenarioSpec(_Spec):
    name: str
    stubs: dict[str, StubSpec] = Field(default_factory=dict)
    given: GivenSpec = Field(default_factory=GivenSpec)
    events: list[EventSpec] = Field(min_length=1)
    expect: ExpectSpec
    within: str | float = "30s"


@dataclass
class ScenarioResult:
    """Whether a scenario passed, and what went wrong."""

    name: str
    file: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


def load_scenario(path: Path) -> ScenarioSpec:
    """Read and check a scenario file."""
    try:
        raw = load_yaml(path)
    except RuleError as exc:
        raise ScenarioError(exc.message) from exc
    try:
        spec = ScenarioSpec.model_validate(strip_lines(raw))
    except PydanticValidationError as exc:
        error = exc.errors()[0]
        raise ScenarioError(f"{path}: {'.'.join(str(p) for p in error['loc'])}: {error['msg']}") from exc
    for name in spec.stubs:
        if not ACTION_PATTERN.match(name):
            raise ScenarioError(f"{path}: stub {name!r} must look like `subsystem.action`")
    return spec


def _stub_handler(emit: dict[str, Any] | None, path: Path) -> Any:
    template = _params(emit, str(path)) if emit else None

    def handler(ctx: ActionContext, payload: _Open) -> _Open:
        params = payload.model_dump()
        if template is not None:
            event = _render(template, {"params": params})
            ctx.emit(
                CloudEvent(
                    source="/shopweave/scenario-stub",
                    type=event["type"],
                    subject=event.get("subject"),
                    data=event.get("data", {}),
                )
            )
        return _Open(**params)

    return handler


def with_stubs(registry: Registry, stubs: dict[str, StubSpec], path: Path) -> Registry:
    """`registry` where each stubbed subsystem is replaced by recording stubs of its actions."""
    by_subsystem: dict[str, list[Action[Any, Any]]] = {}
    for name, stub in stubs.items():
        subsystem, _, action = name.partition(".")
        by_subsystem.setdefault(subsystem, []).append(
            Action(action, f"scenario stub of {name}", _Open, _Open, _stub_handler(stub.emit, path))
        )
    subsystems = dict(registry.subsystems)
    for subsystem, actions in by_subsystem.items():
        subsystems[subsystem] = Subsystem(subsystem, "stub", "scenario stub", actions=tuple(actions))
    return Registry(subsystems=subsystems, failures=list(registry.failures))


def _check(database: Database, spec: ScenarioSpec) -> list[str]:
    failures = []
    with database.transaction() as session:
        actions = session.scalars(select(DecisionActionRow)).all()
        decisions = session.scalars(select(DecisionRow)).all()
        types = {e.type for _, e in read_events(session, limit=10**9)}
    for expected in spec.expect.actions:
        matching = [a for a in actions if a.action == expected.action and a.status == expected.status]
        seen = sorted({a.status for a in actions if a.action == expected.action})
        if not matching or (expected.count is not None and len(matching) != expected.count):
            want = f"{expected.count} × " if expected.count is not None else ""
            failures.append(
                f"expected {want}{expected.action} with status {expected.status}, got {len(matching)} (statuses seen: {', '.join(seen) or 'none'})"
            )
    for name in spec.expect.absent_actions:
        found = [a for a in actions if a.action == name and a.status not in ("suppressed", "missing")]
        if found:
            failures.append(f"expected no {name}, but it ran ({', '.join(a.status for a in found)})")
    for event_type in spec.expect.events:
        if event_type not in types:
            failures.append(f"expected an event {event_type}; none was logged")
    results: dict[str, set[str]] = {}
    for decision in decisions:
        for entry in decision.evaluated:
            results.setdefault(entry["result"], set()).add(entry["rule"])
    suppressed_actions = {a.rule for a in actions if a.status == "suppressed"}
    for rule in spec.expect.fired:
        if rule not in results.get("fired", set()):
            failures.append(f"expected rule {rule} to fire; it did not")
    for rule in spec.expect.suppressed:
        if rule not in results.get("suppressed", set()) | suppressed_actions:
            failures.append(f"expected rule {rule} to be suppressed; it was not")
    return failures


def run_scenario(
    path: Path,
    settings: Settings,
    database: Database,
    *,
    ruleset: RuleSet | None = None,
    executor_id: str = "scenario",
) -> ScenarioResult:
    """Run the scenario in `path` against `database` (which should start empty)."""
    spec = load_scenario(path)
    started = time.monotonic()
    registry = with_stubs(load_registry(), spec.stubs, path)
    engine = DurableEngine(
        settings,
        database,
        registry,
        ruleset or load_ruleset(settings),
        EngineOptions(executor_id=executor_id, schedules=False),
    )
    engine.start()
    try:
        if spec.given.products:
            try:
                products = [Product.model_validate(p) for p in spec.given.products]
            except PydanticValidationError as exc:
                raise ScenarioError(f"{path}: given.products: {exc.errors()[0]['msg']}") from exc
            with database.transaction() as session:
                upsert_products(session, products)
        for index, item in enumerate(spec.events):
            with database.transaction() as session:
                fields: dict[str, Any] = {
                    "source": SCENARIO_SOURCE,
                    "type": item.type,
                    "subject": item.subject,
                    "data": item.data,
                    "id": item.id or f"{path.stem}-{index}",
                }
                record_event(session, CloudEvent(**fields))
            engine.wake()
            engine.wait_idle(parse_duration(spec.within))
        idle = engine.wait_idle(parse_duration(spec.within))
    finally:
        engine.stop()
    failures = _check(database, spec)
    if not idle:
        failures.insert(0, f"work was still running after {spec.within}")
    return ScenarioResult(spec.name, str(path), not failures, failures, time.monotonic() - started)


def shipped_scenarios() -> list[Path]:
    """The scenarios shipped with Shopweave (one per default flow)."""
    return sorted(SHIPPED_DIR.glob("*.yaml"))
