"""Deciding what an event should cause: rules, edges, cooldowns, caps, then arbitration.

`decide` runs inside one database transaction that also writes the decision log and the rule
state, so a decision is taken exactly once: called again for the same decision id it returns
what was decided the first time (a workflow step may run twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from shopweave.catalog.store import get_product
from shopweave.decisions.arbitration import Policy
from shopweave.decisions.cel import Activation, CelError, Expression
from shopweave.decisions.rules import ActionCall, Rule
from shopweave.decisions.ruleset import RuleSet
from shopweave.decisions.tables import DecisionActionRow, DecisionRow, RuleStateRow
from shopweave.errors import NotFoundError
from shopweave.events.envelope import CloudEvent
from shopweave.events.tables import EventRow
from shopweave.plugins.registry import Registry
from shopweave.plugins.spec import Action

PLANNED = "planned"
MISSING = "missing"
SUPPRESSED = "suppressed"
# Built once: building and keying a statement per event costs more than running it.
_INSERT_DECISION = insert(DecisionRow.metadata.tables[DecisionRow.__tablename__])
_INSERT_ACTIONS = insert(DecisionActionRow.metadata.tables[DecisionActionRow.__tablename__])


@dataclass
class Planned:
    """One action a decision produced, before and after arbitration."""

    rule: str
    action: str
    params: dict[str, Any]
    priority: int
    call: ActionCall
    subject: str
    status: str = PLANNED
    detail: str = ""


@dataclass
class Dispatch:
    """An action to run as its own durable workflow."""

    decision_id: str
    position: int
    rule: str
    action: str
    params: dict[str, Any]
    approval: bool
    attempts: int
    backoff_s: float
    max_backoff_s: float
    timeout_s: float
    # Run the first attempt inside the ingest workflow (see `Action.inline`).
    inline: bool = False
    # The attempt the action workflow starts at (2 when the inline first attempt failed).
    first_attempt: int = 1

    @property
    def workflow_id(self) -> str:
        """The workflow id of this action: stable, so a re-dispatch runs it once."""
        return f"{self.decision_id}/{self.position}"

    def to_json(self) -> dict[str, Any]:
        """JSON-safe form (workflow arguments)."""
        return dict(self.__dict__)


@dataclass
class Outcome:
    """What a decision evaluated and what it dispatches."""

    decision_id: str
    evaluated: list[dict[str, Any]] = field(default_factory=list)
    dispatch: list[Dispatch] = field(default_factory=list)
    # True when the decision had been taken before and was read back.
    replayed: bool = False


def activation(
    event: CloudEvent,
    subject: str,
    session: Session | None = None,
    event_json: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What CEL expressions see: `event`, `data`, `subject`, `store` (the product concerned)."""
    if event_json is None:
        event_json = event.model_dump(mode="json")
    store: dict[str, Any] = {"product": None}
    handle = event.data.get("handle")
    if session is not None and isinstance(handle, str):
        try:
            store["product"] = get_product(session, handle).model_dump(mode="json")
        except NotFoundError:
            store["product"] = None
    return {"event": event_json, "data": event_json["data"], "subject": subject, "store": store}


def _sources(value: Any) -> Iterator[str]:
    if isinstance(value, Expression):
        yield value.source
    elif isinstance(value, dict):
        for item in value.values():
            yield from _sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sources(item)


def _reads_store(rule: Rule) -> bool:
    """Whether the rule's condition or parameters look at `store` (the product is then loaded)."""
    sources = [rule.when.source] if rule.when else []
    for call in rule.actions:
        sources.extend(_sources(call.params))
    return any("store." in source for source in sources)


def _state(session: Session, rule: Rule, subject: str) -> RuleStateRow:
    query = select(RuleStateRow).where(RuleStateRow.rule == rule.id, RuleStateRow.subject == subject)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = session.scalars(query).one_or_none()
    if row is None:
        row = RuleStateRow(rule=rule.id, subject=subject, last_value=None, fired_at=[])
        session.add(row)
    return row


def _ago(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


def _evaluate_rule(
    session: Session, rule: Rule, event: CloudEvent, base: Activation
) -> tuple[dict[str, Any], list[Planned]]:
    now = event.time
    try:
        subject = str(rule.subject.evaluate(base)) if rule.subject else (event.subject or "")
        scope = base.with_value("subject", subject) if rule.subject else base
        if rule.when is not None and not bool(rule.when.evaluate(scope)):
            return {
                "rule": rule.id,
                "result": "not_matched",
                "reason": f"`when` is false: {rule.when.source}",
            }, []
        state = _state(session, rule, subject) if (rule.edge or rule.cooldown_s or rule.cap) else None
        if rule.edge is not None and state is not None:
            current = float(rule.edge.value.evaluate(scope))
            previous = state.last_value
            state.last_value = current
            if not rule.edge.crossed(previous, current):
                side = (
                    f"below {rule.edge.below:g}"
                    if rule.edge.below is not None
                    else f"above {rule.edge.above:g}"
                )
                before = "unknown" if previous is None else f"{previous:g}"
                return {
                    "rule": rule.id,
                    "result": "suppressed",
                    "reason": f"edge not crossed: {rule.edge.value.source} went from {before} to {current:g} (fires when it goes {side})",
                }, []
        fired_at = [datetime.fromisoformat(t) for t in (state.fired_at if state else [])]
        if rule.cooldown_s and fired_at:
            elapsed = (now - max(fired_at)).total_seconds()
            if elapsed < rule.cooldown_s:
                return {
                    "rule": rule.id,
                    "result": "suppressed",
                    "reason": f"cooldown: fired {_ago(elapsed)} ago for {subject or 'this subject'}, cooldown {_ago(rule.cooldown_s)}",
                }, []
        if rule.cap is not None:
            count, period = rule.cap
            recent = [t for t in fired_at if t > now - timedelta(seconds=period)]
            if len(recent) >= count:
                return {
                    "rule": rule.id,
                    "result": "suppressed",
                    "reason": f"frequency cap: already fired {len(recent)} times in {_ago(period)} for {subject or 'this subject'} (max {count})",
                }, []
        planned = [
            Planned(rule.id, call.action, call.render(scope), rule.priority, call, subject)
            for call in rule.actions
        ]
    except (CelError, ValueError, TypeError) as exc:
        return {"rule": rule.id, "result": "error", "reason": f"{rule.where}: {exc}"}, []
    if state is not None:
        keep = max([rule.cooldown_s or 0.0, rule.cap[1] if rule.cap else 0.0])
        state.fired_at = [t.isoformat() for t in fired_at if t > now - timedelta(seconds=keep)] + [
            now.isoformat()
        ]
    return {"rule": rule.id, "result": "fired", "reason": f"{rule.where}"}, planned


def _recent_event(session: Session, event_type: str, subject: str, since: datetime) -> EventRow | None:
    return session.scalars(
        select(EventRow)
        .where(EventRow.type == event_type, EventRow.subject == subject, EventRow.time >= since)
        .order_by(EventRow.seq.desc())
        .limit(1)
    ).first()


def arbitrate(
    session: Session, planned: list[Planned], policy: Policy, registry: Registry, now: datetime
) -> None:
    """Mark each planned action missing, suppressed (veto, exclusive group) or kept, in place."""
    for item in planned:
        item.priority = policy.priorities.get(item.action, item.priority)
        for veto in policy.vetoes:
            if not veto.blocks_action(item.action):
                continue
            recent = _recent_event(
                session, veto.when_recent, item.subject, now - timedelta(seconds=veto.within_s)
            )
            if recent is None:
                continue
            if veto.condition is not None:
                try:
                    applies = bool(
                        veto.condition.evaluate({"recent": {"type": recent.type, "data": recent.data}})
                    )
                except CelError as exc:
                    applies, item.detail = False, f"veto {veto.id} condition failed: {exc}"
                if not applies:
                    continue
            item.status = SUPPRESSED
            item.detail = f"vetoed by {veto.id}: {veto.reason} ({recent.type} {recent.event_id} at {recent.time.isoformat()})"
            break
    winners: dict[tuple[str, str], Planned] = {}
    for item in sorted(
        (p for p in planned if p.status == PLANNED), key=lambda p: -p.priority
    ):  # stable: earlier rule wins ties
        group = policy.group_of(item.action)
        if group is None:
            continue
        key = (group, item.subject)
        if key not in winners:
            winners[key] = item
            continue
        winner = winners[key]
        item.status = SUPPRESSED
        item.detail = (
            f"exclusive group {group}: {winner.action} from rule {winner.rule} won "
            f"(priority {winner.priority} vs {item.priority})"
        )
    for item in planned:
        if item.status == PLANNED and registry.action(item.action) is None:
            item.status, item.detail = MISSING, f"no subsystem offers {item.action}"


def _runs_inline(action: Action[Any, Any], call: ActionCall) -> bool:
    return action.inline and action.external_dependency is None and not call.approval


def dispatch_of(row: DecisionActionRow) -> Dispatch:
    """The dispatch recorded with a decision action."""
    return Dispatch(**row.params["dispatch"])


def _stored(session: Session, decision_id: str) -> Outcome | None:
    evaluated = session.scalar(select(DecisionRow.evaluated).where(DecisionRow.id == decision_id))
    if evaluated is None:
        return None
    actions = session.scalars(
        select(DecisionActionRow)
        .where(DecisionActionRow.decision_id == decision_id)
        .order_by(DecisionActionRow.position)
    ).all()
    # Every action that was dispatched (it has a workflow id), whatever it has done since.
    dispatched = [dispatch_of(a) for a in actions if a.workflow_id is not None]
    return Outcome(decision_id, list(evaluated), dispatched, replayed=True)


def decide(
    session: Session,
    decision_id: str,
    event: CloudEvent,
    ruleset: RuleSet,
    registry: Registry,
    *,
    look_first: bool = True,
) -> Outcome:
    """Evaluate `ruleset` for `event`, arbitrate, and write the decision log (once per id).

    With `look_first=False` the caller expects a new decision and skips the lookup: if the
    decision exists after all, inserting it raises IntegrityError (roll back and call again).
    """
    if look_first:
        stored = _stored(session, decision_id)
        if stored is not None:
            return stored
    rules = ruleset.for_event(event.type)
    needs_store = any(_reads_store(rule) for rule in rules)
    event_json = event.model_dump(mode="json")
    base = Activation(activation(event, event.subject or "", session if needs_store else None, event_json))
    evaluated: list[dict[str, Any]] = []
    planned: list[Planned] = []
    for rule in rules:
        entry, actions = _evaluate_rule(session, rule, event, base)
        evaluated.append(entry)
        planned.extend(actions)
    arbitrate(session, planned, ruleset.policy, registry, event.time)
    # Core inserts on the session's connection, not ORM objects nor ORM bulk inserts: this runs
    # once per event and is on the hot path.
    connection = session.connection()
    connection.execute(
        _INSERT_DECISION,
        [
            {
                "id": decision_id,
                "event_id": event.id,
                "event_source": event.source,
                "event_type": event.type,
                "subject": event.subject,
                "event": event_json,
                "rules_version": ruleset.version,
                "evaluated": evaluated,
            }
        ],
    )
    outcome = Outcome(decision_id, evaluated)
    rows: list[dict[str, Any]] = []
    for position, item in enumerate(planned):
        found = registry.action(item.action)
        dispatch = Dispatch(
            decision_id=decision_id,
            position=position,
            rule=item.rule,
            action=item.action,
            params=item.params,
            approval=item.call.approval,
            attempts=item.call.retry.attempts,
            backoff_s=item.call.retry.backoff_s,
            max_backoff_s=item.call.retry.max_backoff_s,
            timeout_s=item.call.timeout_s,
            inline=found is not None and _runs_inline(found[1], item.call),
        )
        rows.append(
            {
                "decision_id": decision_id,
                "position": position,
                "rule": item.rule,
                "action": item.action,
                "params": {"params": item.params, "dispatch": dispatch.to_json()},
                "priority": item.priority,
                "status": item.status,
                "detail": item.detail,
                "workflow_id": dispatch.workflow_id if item.status == PLANNED else None,
            }
        )
        if item.status == PLANNED:
            outcome.dispatch.append(dispatch)
    if rows:
        connection.execute(_INSERT_ACTIONS, rows)
    session.flush()  # rule states
    return outcome
