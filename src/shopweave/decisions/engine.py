"""Durable execution on DBOS Transact, behind our own small interface (`DurableEngine`).

Every event in the log is ingested by the workflow `shopweave_ingest` whose id is the event id
(a duplicate runs once). It takes the decision (rules, arbitration, decision log; the decision
transaction is its own checkpoint, see `decide_and_attempt`), makes the first attempt of each
inline action, and enqueues one `shopweave_action` workflow per other action on its subsystem's
queue, where every worker serves it (polled often only while it has work: `queue_polling`).
The dispatching worker (one at a time) runs ingest workflows on in-process runners
(`local_ingest`), or, when asked, hands them to the `shopweave_events` queue.
An action workflow waits for approval when asked, retries with exponential backoff and jitter,
switches to the fallback when its dependency's circuit is open, and ends in the dead-letter list
when nothing worked. Side effects carry the action workflow id as idempotency key.

Embedded: SQLite in WAL mode (`<home>/workflows.db`, one process). Scale-out: PostgreSQL, any
number of `shopweave worker` processes with stable executor ids; a worker whose heartbeat stops
has its pending workflows re-enqueued by the others (`DBOS.resume_workflows`), and another
worker takes over dispatching from the saved cursor.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from dbos import DBOS, DBOSConfig, SetWorkflowID
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from shopweave.catalog.store import Database
from shopweave.db import create_db_engine
from shopweave.decisions.actions import attempt, record_emitted
from shopweave.decisions.breaker import Breakers
from shopweave.decisions.decide import Dispatch, decide
from shopweave.decisions.local_ingest import LocalIngest
from shopweave.decisions.queue_polling import QueuePolling
from shopweave.decisions.queues import QueueLimits
from shopweave.decisions.ruleset import RuleSet
from shopweave.decisions.tables import (
    ApprovalRow,
    DeadLetterRow,
    DecisionActionRow,
    DispatchCursorRow,
    WorkerRow,
)
from shopweave.events.envelope import CloudEvent
from shopweave.events.log import event_from_row, read_events, record_event
from shopweave.events.tables import EventRow
from shopweave.events.types import ActionFailed, ApprovalRequested
from shopweave.plugins.registry import Registry
from shopweave.settings import Settings

APP_NAME = "shopweave"
# Pinned: DBOS recovers only workflows of the running application version. Bump it only when a
# workflow's sequence of steps changes incompatibly.
WORKFLOW_VERSION = "shopweave-workflows-3"
EVENTS_QUEUE = "shopweave_events"
APPROVAL_TOPIC = "approval"
DECISIONS_SOURCE = "/shopweave/decisions"
LEADER_LOCK_KEY = 0x5E0B_0001
# Rows of the dispatch cursor table: how far dispatch is done, and the newest event handed out.
CURSOR = "default"
HIGH_WATER = "dispatched"

log = logging.getLogger(__name__)


def subsystem_queue(subsystem: str) -> str:
    """The queue an action of `subsystem` runs on."""
    return f"shopweave_subsystem_{subsystem}"


def system_database(settings: Settings) -> tuple[str, Engine | None]:
    """DBOS's system database: `<home>/workflows.db` in WAL mode, or the PostgreSQL database."""
    url = settings.resolved_database_url
    if url.startswith("postgresql"):
        return url, None
    path = (settings.home / "workflows.db").resolve()
    sqlite_url = f"sqlite:///{path}"
    return sqlite_url, create_db_engine(sqlite_url)


@dataclass
class EngineOptions:
    """How one process runs workflows."""

    executor_id: str = "local"
    dispatch: bool = True
    poll_interval_s: float = 0.05
    idle_poll_interval_s: float = 0.2
    # Seconds between a busy queue's looks for work. None: 0.05 on PostgreSQL; 0.5 on SQLite,
    # where each look takes the single writer lock (inline actions never wait for it).
    queue_polling_s: float | None = None
    # Seconds between an idle queue's looks, and how long a queue stays busy after this process
    # last enqueued on it (see `queue_polling`).
    idle_queue_polling_s: float = 1.0
    queue_busy_linger_s: float = 10.0
    events_concurrency: int = 16
    # True: the dispatching worker runs ingest workflows on in-process runners (see
    # `local_ingest`); False: through the `shopweave_events` queue, served by every worker.
    local_ingest: bool = True
    # Runner threads for local ingest. None: 2 on SQLite (one writer at a time: more threads only
    # contend), 8 on PostgreSQL (each event waits on a few commits; runners overlap them).
    local_runners: int | None = None
    local_buffer: int = 256
    subsystem_concurrency: int = 8
    heartbeat_s: float = 1.0
    dead_after_s: float = 6.0
    schedules: bool = True
    breaker_threshold: int = 5
    breaker_reset_s: float = 30.0

    def heartbeat_cutoff(self) -> datetime:
        """A worker whose last heartbeat is older than this is taken for dead."""
        return datetime.now(UTC) - timedelta(seconds=self.dead_after_s)

    def runners_on(self, database: Database) -> int:
        """The local ingest runner threads in effect on `database`."""
        if self.local_runners is not None:
            return self.local_runners
        return 2 if database.engine.dialect.name == "sqlite" else 8

    def queue_poll_s(self, database: Database) -> float:
        """The queue polling interval in effect on `database`."""
        if self.queue_polling_s is not None:
            return self.queue_polling_s
        return 0.5 if database.engine.dialect.name == "sqlite" else 0.05


@dataclass
class _Runtime:
    settings: Settings
    database: Database
    registry: Registry
    ruleset: RuleSet
    options: EngineOptions
    breakers: Breakers
    polling: QueuePolling
    queues: dict[str, Any] = field(default_factory=dict)

    def queue_for(self, subsystem: str) -> Any:
        """The queue of `subsystem` (registered on first use when it was installed later)."""
        if subsystem not in self.queues:
            queue = register_subsystem_queue(subsystem, self.ruleset, self.options, self.polling.idle_s)
            self.polling.track(queue)
            self.queues[subsystem] = queue
        return self.queues[subsystem]


def register_subsystem_queue(
    subsystem: str, ruleset: RuleSet, options: EngineOptions, polling_s: float
) -> Any:
    """Register the DBOS queue of `subsystem` with the limits the rules declare for it."""
    limits = ruleset.queues.get(subsystem, QueueLimits())
    limiter: Any = None  # DBOS's QueueRateLimit: {limit, period}
    if limits.rate_limit is not None and limits.rate_period_s is not None:
        limiter = {"limit": limits.rate_limit, "period": limits.rate_period_s}
    return DBOS.register_queue(
        subsystem_queue(subsystem),
        worker_concurrency=limits.concurrency or options.subsystem_concurrency,
        global_concurrency=limits.total,
        limiter=limiter,
        polling_interval_sec=polling_s,
        on_conflict="always_update",
    )


_runtime: _Runtime | None = None


def _rt() -> _Runtime:
    if _runtime is None:
        raise RuntimeError("the workflow engine is not started")
    return _runtime


# ---------------------------------------------------------------- workflows and steps


# What an ingest workflow does after an action's inline first attempt (see `_after_inline`).
DONE, DEAD_LETTER, QUEUE = "done", "dead_letter", "queue"


def decide_and_attempt(event_json: dict[str, Any], decision_id: str) -> list[tuple[Dispatch, str, str]]:
    """Take the decision, make the first attempt of each inline action; what comes next for each.

    Not a DBOS step: the decision transaction is its own checkpoint. It writes the decision log
    once per decision id, and run again (the workflow recovered after a crash) it reads the
    decision back, with each inline attempt's recorded outcome, so the workflow takes the same
    path as the first time. A step would write a second checkpoint per event to DBOS's database.
    Each dispatch comes back with `DONE` (its inline attempt succeeded), `DEAD_LETTER` (it failed
    for good) or `QUEUE` (to its subsystem's queue: not inline, or retries left), and the error.
    """
    rt = _rt()
    event = CloudEvent.model_validate(event_json)
    for tries in range(3):
        try:
            with rt.database.transaction() as session:
                # The first try assumes a new decision (the common case, one query less).
                outcome = decide(session, decision_id, event, rt.ruleset, rt.registry, look_first=tries > 0)
                recorded = _inline_outcomes(session, decision_id) if outcome.replayed else {}
            break
        except sa.exc.IntegrityError:  # taken before a crash, or two workers created a rule state
            if tries == 2:
                raise
    plan: list[tuple[Dispatch, str, str]] = []
    for dispatch in outcome.dispatch:
        status, attempts, error = recorded.get(dispatch.position, ("planned", 0, ""))
        after = _after_inline(status, attempts) if dispatch.inline else QUEUE
        if after is None:  # not attempted yet, or the attempt was cut short by a crash
            result = _run_attempt(dispatch.to_json(), dispatch.workflow_id, 1)
            after, error = _after_inline(result["status"], 1), result["error"]
        plan.append((dispatch, after or QUEUE, error))
    return plan


def _inline_outcomes(session: Session, decision_id: str) -> dict[int, tuple[str, int, str]]:
    rows = session.execute(
        select(
            DecisionActionRow.position,
            DecisionActionRow.status,
            DecisionActionRow.attempts,
            DecisionActionRow.detail,
        ).where(DecisionActionRow.decision_id == decision_id)
    )
    return {position: (status, attempts, detail or "") for position, status, attempts, detail in rows}


def _after_inline(status: str, attempts: int) -> str | None:
    """What follows an inline first attempt recorded as (`status`, `attempts`); None: not made."""
    if attempts >= 2:  # it failed and the action workflow has taken over
        return QUEUE
    if attempts == 1:
        if status in ("done", "fallback"):
            return DONE
        return DEAD_LETTER if status == "failed" else QUEUE
    return None


@DBOS.workflow(name="shopweave_ingest")
def ingest_workflow(event_json: dict[str, Any]) -> dict[str, Any]:
    """Decide what an event causes, run its inline actions, enqueue the rest on their queues."""
    decision_id = DBOS.workflow_id or str(event_json["id"])
    plan = decide_and_attempt(event_json, decision_id)
    rt = _rt()
    for dispatch, after, error in plan:
        item = dispatch.to_json()
        if after == DONE:
            continue
        if after == DEAD_LETTER:
            _dead_letter_step(item, dispatch.workflow_id, error, 1)
            continue
        if dispatch.inline:
            # The first attempt failed inline: the retries go to the action's queue, so backoff
            # waits never hold an ingest slot.
            item = {**item, "first_attempt": 2}
        queue = rt.queue_for(dispatch.action.partition(".")[0])
        with SetWorkflowID(dispatch.workflow_id):
            queue.enqueue(action_workflow, item)
        rt.polling.used(queue.name)
    return {"decision_id": decision_id, "dispatched": len(plan)}


_ACTIONS = DecisionActionRow.metadata.tables[DecisionActionRow.__tablename__]


def _update_action(dispatch: Dispatch, **values: Any) -> None:
    # A plain connection, without an ORM session's bookkeeping (hot path).
    with _rt().database.engine.begin() as connection:
        _update_action_on(connection, dispatch, **values)


def _update_action_on(connection: sa.Connection, dispatch: Dispatch, **values: Any) -> None:
    values["updated_at"] = datetime.now(UTC)
    parameters = {f"v_{name}": value for name, value in values.items()}
    connection.execute(
        _update_statement(tuple(sorted(values))),
        {"k_decision": dispatch.decision_id, "k_position": dispatch.position, **parameters},
    )


@functools.cache
def _update_statement(columns: tuple[str, ...]) -> sa.Update:
    # Built once per set of columns: building and keying a statement per call costs more than
    # the UPDATE itself.
    return (
        update(_ACTIONS)
        .where(
            _ACTIONS.c.decision_id == sa.bindparam("k_decision"),
            _ACTIONS.c.position == sa.bindparam("k_position"),
        )
        .values({name: sa.bindparam(f"v_{name}") for name in columns})
    )


@DBOS.step(name="shopweave_request_approval")
def _request_approval_step(item: dict[str, Any], workflow_id: str) -> None:
    dispatch = Dispatch(**item)
    with _rt().database.transaction() as session:
        if session.get(ApprovalRow, workflow_id) is None:
            session.add(
                ApprovalRow(
                    workflow_id=workflow_id,
                    decision_id=dispatch.decision_id,
                    action=dispatch.action,
                    params=dispatch.params,
                    status="pending",
                )
            )
        data = ApprovalRequested(workflow_id=workflow_id, action=dispatch.action)
        record_event(
            session,
            CloudEvent(
                id=f"{workflow_id}#approval",
                source=DECISIONS_SOURCE,
                type=data.TYPE,
                subject=f"workflow/{workflow_id}",
                data=data.model_dump(mode="json"),
            ),
        )
    _update_action(dispatch, status="waiting_approval", detail="waiting for approval")


@DBOS.step(name="shopweave_attempt")
def _attempt_step(item: dict[str, Any], workflow_id: str, number: int) -> dict[str, Any]:
    return _run_attempt(item, workflow_id, number)


def _run_attempt(item: dict[str, Any], workflow_id: str, number: int) -> dict[str, Any]:
    """Attempt `number` of an action, its outcome written to the decision log."""
    rt = _rt()
    dispatch = Dispatch(**item)
    started = datetime.now(UTC)
    result = attempt(
        settings=rt.settings,
        database=rt.database,
        registry=rt.registry,
        breakers=rt.breakers,
        action_name=dispatch.action,
        params=dispatch.params,
        idempotency_key=workflow_id,
        timeout_s=dispatch.timeout_s,
        last_chance=number >= dispatch.attempts,
    )
    if result.ok:
        status = "fallback" if result.via_fallback else "done"
        detail = f"fallback ran: {result.error}" if result.via_fallback else "done"
        outcome = {"status": status, "detail": detail, "attempts": number, "started_at": started}
        if result.emitted:
            with rt.database.transaction() as session:  # the emitted events and the outcome at once
                record_emitted(session, result.emitted, workflow_id)
                _update_action_on(session.connection(), dispatch, **outcome)
        else:
            _update_action(dispatch, **outcome)
    else:
        # "failed": no attempt follows (the workflow dead-letters it); an inline attempt's
        # recovery reads this status back (`_after_inline`).
        final = not result.retryable or number >= dispatch.attempts
        status = "failed" if final else "retrying"
        _update_action(dispatch, status=status, detail=result.error, attempts=number, started_at=started)
    return {
        "ok": result.ok,
        "error": result.error,
        "retryable": result.retryable,
        "output": result.output,
        "status": status,
    }


@DBOS.step(name="shopweave_dead_letter")
def _dead_letter_step(item: dict[str, Any], workflow_id: str, error: str, attempts: int) -> None:
    dispatch = Dispatch(**item)
    with _rt().database.transaction() as session:
        if session.get(DeadLetterRow, workflow_id) is None:
            session.add(
                DeadLetterRow(
                    workflow_id=workflow_id,
                    decision_id=dispatch.decision_id,
                    action=dispatch.action,
                    params=item,
                    error=error,
                    attempts=attempts,
                )
            )
        data = ActionFailed(decision_id=dispatch.decision_id, action=dispatch.action, error=error)
        record_event(
            session,
            CloudEvent(
                id=f"{workflow_id}#failed",
                source=DECISIONS_SOURCE,
                type=data.TYPE,
                subject=f"workflow/{workflow_id}",
                data=data.model_dump(mode="json"),
            ),
        )
    _update_action(dispatch, status="failed", detail=error, attempts=attempts)


@DBOS.step(name="shopweave_rejected")
def _rejected_step(item: dict[str, Any], by: str) -> None:
    _update_action(Dispatch(**item), status="rejected", detail=f"rejected by {by}")


def backoff_delay(workflow_id: str, number: int, base_s: float, max_s: float) -> float:
    """Exponential backoff with deterministic jitter (the same on replay): base·2^(n-1)·[0.5, 1.5)."""
    digest = hashlib.sha256(f"{workflow_id}:{number}".encode()).digest()
    jitter = 0.5 + digest[0] / 256
    return float(min(max_s, base_s * 2 ** (number - 1) * jitter))


@DBOS.workflow(name="shopweave_action")
def action_workflow(item: dict[str, Any]) -> dict[str, Any]:
    """Run one action: approval if asked, attempts with backoff, fallback, dead letter."""
    dispatch = Dispatch(**item)
    workflow_id = DBOS.workflow_id or dispatch.workflow_id
    if dispatch.approval:
        _request_approval_step(item, workflow_id)
        message: Any = None
        while message is None:
            message = DBOS.recv(APPROVAL_TOPIC, timeout_seconds=3600)
        if not message.get("approved"):
            _rejected_step(item, str(message.get("by", "someone")))
            return {"status": "rejected"}
    result: dict[str, Any] = {"ok": False, "error": ""}
    number = dispatch.first_attempt - 1  # attempts already made inline by the ingest workflow
    if number > 0:
        DBOS.sleep(backoff_delay(workflow_id, number, dispatch.backoff_s, dispatch.max_backoff_s))
    while number < dispatch.attempts:
        number += 1
        result = _attempt_step(item, workflow_id, number)
        if result["ok"]:
            return {"status": "done", "output": result["output"]}
        if not result["retryable"]:
            break
        if number < dispatch.attempts:
            DBOS.sleep(backoff_delay(workflow_id, number, dispatch.backoff_s, dispatch.max_backoff_s))
    _dead_letter_step(item, workflow_id, result["error"], number)
    return {"status": "failed", "error": result["error"]}


# ---------------------------------------------------------------- the engine


class DurableEngine:
    """Starts DBOS for this process, dispatches logged events to workflows, keeps workers alive."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        registry: Registry,
        ruleset: RuleSet,
        options: EngineOptions,
    ) -> None:
        self.settings = settings
        self.database = database
        self.registry = registry
        self.ruleset = ruleset
        self.options = options
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._system_engine: Engine | None = None
        self._leader_conn: sa.Connection | None = None
        self._cursor = 0
        self._gaps: dict[int, float] = {}
        self.dispatched = 0
        self._started_at = datetime.now(UTC)
        self._local = (
            LocalIngest(self._run_ingest, options.runners_on(database), options.local_buffer, self.wake)
            if options.local_ingest
            else None
        )
        self._polling = QueuePolling(
            options.queue_poll_s(database), options.idle_queue_polling_s, options.queue_busy_linger_s
        )
        self._leading = False
        self._recheck_until = 0
        self._saved_cursor = 0
        self._saved_high = 0

    # -- lifecycle

    def start(self) -> None:
        """Launch DBOS (recovering this executor's pending work) and the background threads."""
        global _runtime
        self._started_at = datetime.now(UTC) - timedelta(seconds=1)
        url, engine = system_database(self.settings)
        self._system_engine = engine
        config: DBOSConfig = {
            "name": APP_NAME,
            "system_database_url": url.replace("postgresql+psycopg://", "postgresql://"),
            "application_version": WORKFLOW_VERSION,
            "executor_id": self.options.executor_id,
            "log_level": os.environ.get("SHOPWEAVE_DBOS_LOG_LEVEL", "WARNING"),
        }
        if engine is not None:
            config["system_database_engine"] = engine
        _runtime = _Runtime(
            self.settings,
            self.database,
            self.registry,
            self.ruleset,
            self.options,
            Breakers(self.options.breaker_threshold, self.options.breaker_reset_s),
            self._polling,
        )
        DBOS(config=config)
        DBOS.launch()
        for name in sorted(self._queue_subsystems()):
            _runtime.queue_for(name)
        # Served in both ingest modes: `workflows replay --current-rules` enqueues on it.
        self._events_queue = DBOS.register_queue(
            EVENTS_QUEUE,
            worker_concurrency=self.options.events_concurrency,
            polling_interval_sec=self._polling.idle_s,
            on_conflict="always_update",
        )
        self._polling.track(self._events_queue)
        self._load_cursor()
        if self._local is not None:
            self._local.start()
        self._spawn(self._heartbeat_loop, "heartbeat")
        if self.options.dispatch:
            self._spawn(self._dispatch_loop, "dispatch")
        if self.options.schedules and self.ruleset.schedules:
            self._spawn(self._schedule_loop, "schedules")

    def _queue_subsystems(self) -> set[str]:
        # Only installed subsystems get a queue: an action nobody offers is never dispatched.
        return set(self.registry.subsystems)

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=f"shopweave-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop the threads and DBOS (in-flight workflows resume at the next start)."""
        global _runtime
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=10)
        if self._local is not None:
            self._local.stop()
            self._save_cursor()
        if self._leader_conn is not None:
            # The advisory lock belongs to the database session, which outlives this pooled
            # connection: release it, or another engine in this process could never lead.
            try:
                self._leader_conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
                self._leader_conn.commit()
            except sa.exc.DBAPIError:  # the connection is gone, and the lock with it
                pass
            self._leader_conn.close()
        with self.database.transaction() as session:
            session.execute(delete(WorkerRow).where(WorkerRow.executor_id == self.options.executor_id))
        DBOS.destroy(destroy_registry=False)
        if self._system_engine is not None:
            self._system_engine.dispose()
        _runtime = None

    def __enter__(self) -> DurableEngine:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- dispatch: event log → ingest workflows

    def _load_cursor(self) -> None:
        with self.database.transaction() as session:
            row = session.get(DispatchCursorRow, CURSOR)
            self._cursor = row.seq if row else 0
            high = session.get(DispatchCursorRow, HIGH_WATER)
        self._saved_cursor = self._cursor
        # Events up to the high-water mark may have started before a stop: check each before
        # running it. Without a mark: nothing was dispatched yet (no cursor either), or a version
        # that kept no mark did, at most 500 events past its cursor.
        if high is not None:
            self._recheck_until = high.seq
        else:
            self._recheck_until = 0 if row is None else self._cursor + 500

    def _is_leader(self) -> bool:
        if self.database.engine.dialect.name != "postgresql":
            return True
        if self._leader_conn is None:
            self._leader_conn = self.database.engine.connect()
        try:
            got = self._leader_conn.execute(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_KEY}
            ).scalar()
            self._leader_conn.commit()
            return bool(got)
        except sa.exc.DBAPIError:
            self._leader_conn.close()
            self._leader_conn = None
            return False

    def wake(self) -> None:
        """Look at the event log now instead of at the next poll."""
        self._wake.set()

    def dispatch_once(self) -> tuple[int, bool]:
        """Hand the events logged since the last call to ingest workflows.

        Returns how many, and whether the batch was full (more may be waiting right away).
        """
        limit = 500 if self._local is None else self._local.room()
        if limit == 0:  # the runners are busy: they wake us when there is room
            self._save_cursor()
            return 0, False
        with self.database.transaction() as session:
            query = select(EventRow).where(EventRow.seq > self._cursor)
            if self._gaps:
                query = select(EventRow).where(
                    (EventRow.seq > self._cursor) | EventRow.seq.in_(list(self._gaps))
                )
            rows = session.scalars(query.order_by(EventRow.seq).limit(limit)).all()
            payloads = [(row.seq, event_from_row(row)) for row in rows]
            newest = max((seq for seq, _ in payloads), default=0)
            if newest > self._saved_high:
                # Durable before any of them starts: a restart rechecks up to here.
                _raise_cursor_row(session, HIGH_WATER, newest)
        self._saved_high = max(self._saved_high, newest)
        for seq, event in payloads:
            if self._local is None:
                with SetWorkflowID(event.id):
                    self._events_queue.enqueue(ingest_workflow, event.model_dump(mode="json"))
                self._polling.used(EVENTS_QUEUE)
            elif seq > self._recheck_until or DBOS.get_workflow_status(event.id) is None:
                self._local.submit(seq, event)
            # else: started before a restart and recovered by DBOS at launch; running it here
            # as well would run it twice at once.
            self._gaps.pop(seq, None)
            if seq > self._cursor:
                # On PostgreSQL a lower sequence number can commit later: remember the holes a while.
                now = time.monotonic()
                for missing in range(self._cursor + 1, seq):
                    self._gaps.setdefault(missing, now)
                self._cursor = seq
        cutoff = time.monotonic() - 10
        self._gaps = {s: t for s, t in self._gaps.items() if t > cutoff}
        self._save_cursor()
        self.dispatched += len(payloads)
        return len(payloads), len(payloads) == limit

    def _save_cursor(self) -> None:
        """Save how far dispatch got: never past an unfinished event, nor past an open hole.

        An event at or below the saved cursor has finished (local ingest) or is durably queued.
        Holes (PostgreSQL: a lower sequence number still uncommitted) are kept open for a while;
        the cursor stays below them so a restart still sees them. (The high-water mark, the
        newest event handed out, is written by `dispatch_once` before it hands them out.)
        """
        durable = self._cursor
        oldest = self._local.oldest_unfinished() if self._local is not None else None
        if oldest is not None:
            durable = min(durable, oldest - 1)
        if self._gaps:
            durable = min(durable, min(self._gaps) - 1)
        if durable <= self._saved_cursor:
            return
        with self.database.transaction() as session:
            _raise_cursor_row(session, CURSOR, durable)
        self._saved_cursor = durable

    def _run_ingest(self, event: CloudEvent) -> None:
        with SetWorkflowID(event.id):
            ingest_workflow(event.model_dump(mode="json"))

    def _dispatch_loop(self) -> None:
        # While the log stays quiet the look-ups slow down (x1.5 per empty look, up to
        # idle_poll_interval_s); an event or a wake() brings them back to poll_interval_s.
        interval = self.options.poll_interval_s
        while not self._stop.is_set():
            found = 0
            try:
                self._leading = self._is_leader()
                if self._leading:
                    found, full = self.dispatch_once()
                    if full:  # there may be more right away
                        continue
                else:
                    self._load_cursor()
            except Exception:  # keep dispatching after a transient database error
                log.exception("dispatch failed; retrying")
                time.sleep(0.5)
            if found:
                interval = self.options.poll_interval_s
            else:
                interval = min(interval * 1.5, self.options.idle_poll_interval_s)
            if self._wake.wait(interval):
                interval = self.options.poll_interval_s
            self._wake.clear()

    # -- workers: heartbeats and recovery of dead workers' work

    def _heartbeat_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
                if self.database.engine.dialect.name == "postgresql":
                    self.recover_dead_workers()
                if self._leading:  # only the dispatching worker puts idle queues back to sleep
                    self._polling.tick()
            except Exception:  # a missed beat is retried at the next tick
                log.exception("heartbeat failed")
            self._stop.wait(self.options.heartbeat_s)

    def beat(self) -> None:
        """Record that this worker is alive."""
        now = datetime.now(UTC)
        with self.database.transaction() as session:
            row = session.get(WorkerRow, self.options.executor_id)
            if row is None:
                session.add(
                    WorkerRow(
                        executor_id=self.options.executor_id,
                        host=socket.gethostname(),
                        pid=os.getpid(),
                        beat_at=now,
                    )
                )
            else:
                row.beat_at, row.pid = now, os.getpid()

    def recover_dead_workers(self) -> list[str]:
        """Re-enqueue the pending workflows of workers whose heartbeat stopped; their ids."""
        cutoff = self.options.heartbeat_cutoff()
        with self.database.transaction() as session:
            dead = session.scalars(
                select(WorkerRow.executor_id).where(
                    WorkerRow.beat_at < cutoff, WorkerRow.executor_id != self.options.executor_id
                )
            ).all()
        recovered: list[str] = []
        for executor_id in dead:
            with self.database.transaction() as session:  # claim it: only one survivor recovers it
                claimed = session.scalars(
                    delete(WorkerRow)
                    .where(WorkerRow.executor_id == executor_id, WorkerRow.beat_at < cutoff)
                    .returning(WorkerRow.executor_id)
                ).all()
            if not claimed:
                continue
            pending = DBOS.list_workflows(
                status="PENDING", executor_id=executor_id, load_input=False, load_output=False
            )
            by_queue: dict[str | None, list[str]] = {}
            for status in pending:
                by_queue.setdefault(status.queue_name, []).append(status.workflow_id)
            for queue_name, ids in by_queue.items():
                DBOS.resume_workflows(ids, queue_name=queue_name)
                if queue_name is not None:
                    self._polling.used(queue_name)
                recovered.extend(ids)
            log.warning("worker %s stopped; re-enqueued %d workflows", executor_id, len(recovered))
        return recovered

    # -- schedules

    def _schedule_loop(self) -> None:
        last = datetime.now(UTC)
        while not self._stop.wait(1.0):
            now = datetime.now(UTC)
            try:
                self.fire_schedules(last, now)
                last = now
            except Exception:  # retried at the next tick
                log.exception("schedules failed")

    def fire_schedules(self, after: datetime, until: datetime) -> int:
        """Record a `schedule.fired` event for each schedule due in (`after`, `until`]."""
        count = 0
        with self.database.transaction() as session:
            for schedule in self.ruleset.schedules:
                for due in schedule.due_between(after, until):
                    count += record_event(session, schedule.event(due))
        if count:
            self.wake()
        return count

    # -- waiting (tests, scenarios, benchmarks)

    def idle(self) -> bool:
        """Whether every logged event was dispatched and no workflow is queued or running."""
        with self.database.transaction() as session:
            newest = session.scalar(select(sa.func.max(EventRow.seq))) or 0
        if newest > self._cursor or (self._local is not None and self._local.busy()):
            return False
        busy = DBOS.list_workflows(
            status=["PENDING", "ENQUEUED"], load_input=False, load_output=False, limit=1
        )
        return not busy

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Wait until `idle()`; False when `timeout_s` passed first."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.wake()
            if self.idle():
                return True
            time.sleep(0.05)
        return False


def _raise_cursor_row(session: Session, name: str, seq: int) -> None:
    row = session.get(DispatchCursorRow, name)
    if row is None:
        session.add(DispatchCursorRow(name=name, seq=seq))
    elif row.seq < seq:
        row.seq = seq


def send_approval(workflow_id: str, approved: bool, by: str) -> None:
    """Resume a workflow waiting for approval (from inside a process where DBOS runs)."""
    DBOS.send(workflow_id, {"approved": approved, "by": by}, topic=APPROVAL_TOPIC)


def recent_events(database: Database, after_seq: int = 0, limit: int = 100) -> list[tuple[int, CloudEvent]]:
    """Events of the log after `after_seq` (a convenience for callers of the engine)."""
    with database.transaction() as session:
        return read_events(session, after_seq=after_seq, limit=limit)
