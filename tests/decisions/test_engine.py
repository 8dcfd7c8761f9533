import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, text

from shopweave.catalog.store import Database
from shopweave.decisions.tables import DecisionActionRow
from shopweave.events import CloudEvent, record_event

RECORD_RULE = """
rules:
  - id: record-note
    on: [note.added]
    do:
      - action: fixture.record
        with: {note: "{{ data.note }}"}
      - action: pages.publish
        with: {handle: x}
"""


def _emit(database: Database, *events: CloudEvent) -> None:
    with database.transaction() as session:
        for event in events:
            record_event(session, event)


def _effects(database: Database, run: str) -> list[str]:
    with database.engine.connect() as conn:
        rows = conn.execute(text("SELECT note FROM fixture_effects WHERE note LIKE :p"), {"p": f"{run}%"})
        return sorted(r[0] for r in rows)


def _actions(database: Database) -> list[tuple[str, str, str]]:
    with database.transaction() as session:
        rows = session.scalars(
            select(DecisionActionRow).order_by(DecisionActionRow.decision_id, DecisionActionRow.position)
        )
        return [(r.action, r.status, r.detail) for r in rows]


def test_an_event_runs_its_rule_once_and_a_missing_action_is_recorded(
    run_engine: Callable[..., Any], database: Database
) -> None:
    # given an engine with one rule and an event logged twice (same source and id)
    run = uuid.uuid4().hex[:8]
    event = CloudEvent(id=run, source="/test", type="note.added", data={"note": f"{run}-hello"})
    with run_engine(RECORD_RULE) as engine:
        _emit(database, event, event)
        # when the engine has caught up
        assert engine.wait_idle(60)
    # then the side effect happened once and the missing action is visible in the decision log
    assert _effects(database, run) == [f"{run}-hello"]
    assert _actions(database) == [
        ("fixture.record", "done", "done"),
        ("pages.publish", "missing", "no subsystem offers pages.publish"),
    ]
