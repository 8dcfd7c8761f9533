import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from dbos import DBOS
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from shopweave.catalog.store import Database
from shopweave.decisions.breaker import CircuitBreaker
from shopweave.decisions.decide import decide
from shopweave.decisions.engine import backoff_delay, decide_and_attempt
from shopweave.decisions.operations import (
    dead_letters,
    decide_approval,
    pending_approvals,
    replay_action,
    replay_event,
)
from shopweave.decisions.tables import DecisionActionRow, DispatchCursorRow
from shopweave.events import CloudEvent, read_events, record_event
from shopweave.settings import Settings


def _emit(database: Database, event_type: str, data: dict[str, Any]) -> str:
    event = CloudEvent(source="/test", type=event_type, data=data)
    with database.transaction() as session:
        record_event(session, event)
    return event.id


def _action(database: Database, decision_id: str, position: int = 0) -> tuple[str, str, int]:
    with database.transaction() as session:
        row = session.scalars(
            select(DecisionActionRow).where(
                DecisionActionRow.decision_id == decision_id, DecisionActionRow.position == position
            )
        ).one()
        return row.status, row.detail, row.attempts


def _calls(database: Database, key: str) -> int:
    with database.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM fixture_calls WHERE idempotency_key = :k"), {"k": key}
            ).scalar_one()
        )


def _notes(database: Database, run: str) -> list[str]:
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT note FROM fixture_effects WHERE note LIKE :p"), {"p": f"%{run}%"}
            )
            return sorted(r[0] for r in rows)
    except (OperationalError, ProgrammingError):  # the plugin creates its table on first use
        return []


def _wait(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


RULES = """
rules:
  - id: flaky
    on: [flaky.requested]
    do:
      - action: fixture.record
        with: {note: "{{ data.note }}", fail_times: 2}
        retry: {attempts: 4, backoff: 10ms, max_backoff: 50ms}
  - id: broken
    on: [broken.requested]
    do:
      - action: fixture.broken
        with: {note: "{{ data.note }}"}
        retry: {attempts: 2, backoff: 10ms}
  - id: fallback
    on: [fallback.requested]
    do:
      - action: fixture.broken_with_fallback
        with: {note: "{{ data.note }}"}
        retry: {attempts: 2, backoff: 10ms}
  - id: approval
    on: [approval.needed]
    do:
      - action: fixture.record
        with: {note: "{{ data.note }}"}
        approval: true
  - id: inline
    on: [inline.requested]
    do:
      - action: fixture.record_inline
        with: {note: "{{ data.note }}", fail_times: "{{ data.fail_times }}"}
        retry: {attempts: 3, backoff: 10ms, max_backoff: 50ms}
  - id: inline-once
    on: [once.requested]
    do:
      - action: fixture.record_inline
        with: {note: "{{ data.note }}", fail_times: 5}
        retry: {attempts: 1}
  - id: inline-approval
    on: [approvalinline.needed]
    do:
      - action: fixture.record_inline
        with: {note: "{{ data.note }}"}
        approval: true
"""


def _action_workflows(workflow_id: str) -> list[str]:
    """Ids of DBOS workflows with this id (an action that went through its queue has one)."""
    return [w.workflow_id for w in DBOS.list_workflows(workflow_ids=[workflow_id], load_input=False)]


def test_a_failing_action_is_retried_until_it_succeeds_once(
    run_engine: Callable[..., Any], database: Database
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "flaky.requested", {"note": run})
        assert engine.wait_idle(60)
    assert _action(database, event_id) == ("done", "done", 3)
    assert _calls(database, f"{event_id}/0") == 3
    assert _notes(database, run) == [run]


def test_exhausted_retries_land_in_the_dead_letter_list_and_replay_runs_again(
    run_engine: Callable[..., Any], database: Database, settings: Settings
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "broken.requested", {"note": run})
        assert engine.wait_idle(60)
        # then the action failed after 2 attempts and is listed as failed work
        assert _action(database, event_id) == ("failed", "ConnectionError: fixture dependency is down", 2)
        letters = [(d.workflow_id, d.action, d.attempts) for d in dead_letters(database)]
        assert letters == [(f"{event_id}/0", "fixture.broken", 2)]
        with database.transaction() as session:
            failed_events = [e.type for _, e in read_events(session, types=["action.failed"])]
        assert failed_events == ["action.failed"]
        # when it is replayed, it runs again (and fails again: the dependency is still down)
        new_id = replay_action(settings, database, f"{event_id}/0")
        assert engine.wait_idle(60)
    assert new_id.startswith(f"{event_id}/0~replay-")
    assert _calls(database, new_id) == 2
    assert [d.workflow_id for d in dead_letters(database)] == [new_id]


def test_when_the_action_keeps_failing_its_fallback_runs(
    run_engine: Callable[..., Any], database: Database
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "fallback.requested", {"note": run})
        assert engine.wait_idle(60)
    status, detail, attempts = _action(database, event_id)
    assert (status, attempts) == ("fallback", 2)
    assert detail == "fallback ran: ConnectionError: fixture dependency is down"
    assert _notes(database, run) == [f"fallback:{run}"]


@pytest.mark.parametrize("approved", [True, False], ids=["approved", "rejected"])
def test_an_action_waits_durably_for_approval(
    run_engine: Callable[..., Any], database: Database, settings: Settings, approved: bool
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "approval.needed", {"note": run})
        _wait(lambda: [a.workflow_id for a in pending_approvals(database)] == [f"{event_id}/0"])
        assert _action(database, event_id)[0] == "waiting_approval"
        assert _notes(database, run) == []
        decide_approval(settings, database, f"{event_id}/0", approved, "ann")
        assert engine.wait_idle(60)
    assert _action(database, event_id)[0] == ("done" if approved else "rejected")
    assert _notes(database, run) == ([run] if approved else [])


@pytest.mark.parametrize("local_ingest", [True, False], ids=["in-process-ingest", "queued-ingest"])
def test_an_inline_action_runs_inside_the_ingest_workflow(
    run_engine: Callable[..., Any], database: Database, local_ingest: bool
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES, local_ingest=local_ingest) as engine:
        event_id = _emit(database, "inline.requested", {"note": run, "fail_times": 0})
        assert engine.wait_idle(60)
        # then it ran once, and no action workflow went through the fixture queue
        assert _action_workflows(f"{event_id}/0") == []
    assert _action(database, event_id) == ("done", "done", 1)
    assert _calls(database, f"{event_id}/0") == 1
    assert _notes(database, run) == [run]


SLOW_INLINE = """
rules:
  - id: slow
    on: [slow.requested]
    do:
      - action: fixture.record_inline
        with: {note: "{{ data.note }}", seconds: 0.4}
"""


def test_stopping_mid_burst_saves_the_cursor_below_unfinished_events_and_a_restart_runs_them(
    run_engine: Callable[..., Any], database: Database
) -> None:
    # given one runner working through five slow events
    run = uuid.uuid4().hex[:8]
    ids = []
    with run_engine(SLOW_INLINE, local_runners=1) as engine:
        ids = [_emit(database, "slow.requested", {"note": f"{run}-{n}"}) for n in range(5)]
        engine.wake()
        _wait(lambda: len(_notes(database, run)) >= 1)
    # when it stops after finishing what it was running
    with database.transaction() as session:
        seqs = [s for s, e in read_events(session) if e.id in ids]
        cursor = {row.name: row.seq for row in session.scalars(select(DispatchCursorRow))}
    done = len(_notes(database, run))
    assert done < 5
    # then the saved cursor stops before the first unfinished event, and the high-water mark is at
    # or past the newest (the actions' own fixture.recorded events come after it)
    assert cursor["default"] == seqs[done - 1]
    assert cursor["dispatched"] >= seqs[-1]
    # and a restart runs the rest, each event's action exactly once
    with run_engine(SLOW_INLINE, local_runners=1) as engine:
        assert engine.wait_idle(60)
    assert _notes(database, run) == [f"{run}-{n}" for n in range(5)]
    assert [_calls(database, f"{event_id}/0") for event_id in ids] == [1, 1, 1, 1, 1]


def test_a_failing_inline_action_hands_its_retries_to_the_queue(
    run_engine: Callable[..., Any], database: Database
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "inline.requested", {"note": run, "fail_times": 2})
        assert engine.wait_idle(60)
        # then attempt 1 ran inline, attempts 2 and 3 in an action workflow on the queue
        assert _action_workflows(f"{event_id}/0") == [f"{event_id}/0"]
    assert _action(database, event_id) == ("done", "done", 3)
    assert _calls(database, f"{event_id}/0") == 3
    assert _notes(database, run) == [run]


def test_an_inline_action_with_one_attempt_goes_to_the_dead_letters_when_it_fails(
    run_engine: Callable[..., Any], database: Database, settings: Settings
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "once.requested", {"note": run})
        assert engine.wait_idle(60)
        assert [(d.workflow_id, d.attempts) for d in dead_letters(database)] == [(f"{event_id}/0", 1)]
        # and a replay starts from a fresh first attempt on the queue
        new_id = replay_action(settings, database, f"{event_id}/0")
        assert engine.wait_idle(60)
    assert _action(database, event_id)[0] == "failed"
    assert _calls(database, f"{event_id}/0") == 1
    assert _calls(database, new_id) == 1
    assert _notes(database, run) == []


@pytest.mark.parametrize(
    ("event_type", "data", "after"),
    [
        ("inline.requested", {"fail_times": 0}, "done"),
        ("inline.requested", {"fail_times": 2}, "queue"),
        ("once.requested", {}, "dead_letter"),
    ],
    ids=["done-inline", "retried-on-the-queue", "dead-lettered"],
)
def test_a_recovered_ingest_workflow_reads_its_decision_back_and_goes_the_same_way(
    run_engine: Callable[..., Any], database: Database, event_type: str, data: dict[str, Any], after: str
) -> None:
    # given an event whose ingest workflow has finished
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, event_type, {"note": run, **data})
        assert engine.wait_idle(60)
        calls = _calls(database, f"{event_id}/0")
        with database.transaction() as session:
            event = next(e for _, e in read_events(session) if e.id == event_id)
        # when its decision is taken again, as when DBOS recovers the workflow after a crash
        plan = decide_and_attempt(event.model_dump(mode="json"), event_id)
    # then the recorded outcome of the inline attempt picks the same path, and nothing runs again
    assert [(dispatch.workflow_id, path) for dispatch, path, _ in plan] == [(f"{event_id}/0", after)]
    assert _calls(database, f"{event_id}/0") == calls


def test_a_recovered_ingest_workflow_makes_an_inline_attempt_cut_short_by_a_crash(
    run_engine: Callable[..., Any], database: Database
) -> None:
    run = uuid.uuid4().hex[:8]
    event = CloudEvent(source="/test", type="inline.requested", data={"note": run, "fail_times": 0})
    with run_engine(RULES) as engine:
        # given a decision recorded before a crash, its inline action not attempted
        with database.transaction() as session:
            decide(session, event.id, event, engine.ruleset, engine.registry)
        assert _action(database, event.id) == ("planned", "", 0)
        # when the workflow is recovered
        plan = decide_and_attempt(event.model_dump(mode="json"), event.id)
    # then the attempt is made once, inline
    assert [path for _, path, _ in plan] == ["done"]
    assert _action(database, event.id) == ("done", "done", 1)
    assert _calls(database, f"{event.id}/0") == 1


def test_an_inline_action_that_needs_approval_waits_on_the_queue(
    run_engine: Callable[..., Any], database: Database, settings: Settings
) -> None:
    run = uuid.uuid4().hex[:8]
    with run_engine(RULES) as engine:
        event_id = _emit(database, "approvalinline.needed", {"note": run})
        _wait(lambda: [a.workflow_id for a in pending_approvals(database)] == [f"{event_id}/0"])
        decide_approval(settings, database, f"{event_id}/0", True, "ann")
        assert engine.wait_idle(60)
    assert _action(database, event_id)[0] == "done"
    assert _notes(database, run) == [run]


def test_queue_limits_from_the_rules_configure_the_subsystem_queues(
    run_engine: Callable[..., Any],
) -> None:
    rules = RULES + "queues:\n  fixture: {concurrency: 2, total: 3, rate: {limit: 5, per: 10s}}\n"
    with run_engine(rules, subsystem_concurrency=7):
        fixture = DBOS.retrieve_queue("shopweave_subsystem_fixture")
        core = DBOS.retrieve_queue("shopweave_subsystem_core")
        assert fixture is not None
        assert core is not None
        assert (fixture.worker_concurrency, fixture.global_concurrency, fixture.limiter) == (
            2,
            3,
            {"limit": 5, "period": 10.0},
        )
        assert (core.worker_concurrency, core.global_concurrency, core.limiter) == (7, None, None)


@pytest.mark.parametrize("local_ingest", [True, False], ids=["in-process-ingest", "queued-ingest"])
def test_replaying_a_decision_decides_again_under_the_current_rules(
    run_engine: Callable[..., Any], database: Database, settings: Settings, local_ingest: bool
) -> None:
    run = uuid.uuid4().hex[:8]
    before = "rules:\n  - id: r\n    on: [replay.requested]\n    do: [{action: fixture.record_inline, with: {note: '{{ data.note + \"-v1\" }}'}}]\n"
    after = before.replace("-v1", "-v2")
    with run_engine(before, local_ingest=local_ingest) as engine:
        event_id = _emit(database, "replay.requested", {"note": run})
        assert engine.wait_idle(60)
    # when the rules change and the decision is replayed under them
    with run_engine(after, local_ingest=local_ingest) as engine:
        new_id = replay_event(settings, database, event_id)
        _wait(lambda: len(_notes(database, run)) == 2)
        assert engine.wait_idle(60)
    # then the event is decided again (a new decision) and the new rule's action ran
    assert new_id.startswith(f"{event_id}~replay-")
    assert _action(database, new_id) == ("done", "done", 1)
    assert _notes(database, run) == [f"{run}-v1", f"{run}-v2"]


def test_schedules_record_each_due_time_once(run_engine: Callable[..., Any], database: Database) -> None:
    rules = "schedules:\n  - {id: nightly, cron: '0 2 * * *'}\n"
    after, until = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 3, 12, tzinfo=UTC)
    with run_engine(rules, dispatch=False, schedules=False) as engine:
        first = engine.fire_schedules(after, until)
        again = engine.fire_schedules(after, until)
    with database.transaction() as session:
        ids = [e.id for _, e in read_events(session, types=["schedule.fired"])]
    assert (first, again) == (3, 0)
    assert ids == [
        "nightly@2026-03-01T02:00:00+00:00",
        "nightly@2026-03-02T02:00:00+00:00",
        "nightly@2026-03-03T02:00:00+00:00",
    ]


def test_backoff_grows_exponentially_with_bounded_deterministic_jitter() -> None:
    delays = [backoff_delay("wf", n, 1.0, 60.0) for n in range(1, 9)]
    assert delays == [backoff_delay("wf", n, 1.0, 60.0) for n in range(1, 9)]
    assert all(0.5 * 2 ** (n - 1) <= d < 1.5 * 2 ** (n - 1) for n, d in enumerate(delays[:5], start=1))
    assert max(delays) == 60.0


def test_the_circuit_breaker_opens_after_the_threshold_and_half_opens_later() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, reset_after_s=10, clock=lambda: now[0])
    for _ in range(3):
        breaker.record(ok=False)
    assert (breaker.state, breaker.allow()) == ("open", False)
    now[0] = 11.0
    assert (breaker.state, breaker.allow()) == ("half-open", True)
    breaker.record(ok=False)
    assert breaker.state == "open"
    now[0] = 22.0
    breaker.record(ok=True)
    assert breaker.state == "closed"
