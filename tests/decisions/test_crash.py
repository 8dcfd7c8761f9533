"""Crash tests: real `kill -9` of worker processes; every side effect must happen exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from shopweave.catalog.store import Database
from shopweave.events import CloudEvent, record_event
from shopweave.settings import Settings

CHAIN_RULES = """
rules:
  - id: crash-chain
    on: [crash.requested]
    do:
      - action: fixture.record
        with: {note: "{{ data.run + '-a' }}", seconds: 0.3}
      - action: fixture.record
        with: {note: "{{ data.run + '-b' }}", seconds: 4}
      - action: fixture.record
        with: {note: "{{ data.run + '-c' }}", seconds: 8}
"""

INLINE_RULES = """
rules:
  - id: inline-burst
    on: [inline.requested]
    do:
      - action: fixture.record_inline
        with: {note: "{{ data.n }}", seconds: 0.05}
"""

BURST_RULES = """
rules:
  - id: burst
    on: [burst.requested]
    do:
      - action: fixture.record
        with: {note: "{{ data.n }}", seconds: 0.02}
"""


class Worker:
    """A `shopweave worker` subprocess."""

    def __init__(self, settings: Settings, executor_id: str, log: Path) -> None:
        env = dict(os.environ, SHOPWEAVE_HOME=str(settings.home), SHOPWEAVE_WORKER_ID=executor_id)
        if settings.database_url:
            env["SHOPWEAVE_DATABASE_URL"] = settings.database_url
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "shopweave.cli.main", "worker", "--no-schedules"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while "ready" not in log.read_text():
            assert self.process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"worker {executor_id} did not start: {log.read_text()}"
            time.sleep(0.1)

    def kill(self) -> None:
        """kill -9."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Stop gracefully (or kill when it does not stop)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(
    settings: Settings, tmp_path: Path, fixture_plugin_installed: None
) -> Iterator[Callable[[str], Worker]]:
    started: list[Worker] = []

    def start(executor_id: str) -> Worker:
        worker = Worker(settings, executor_id, tmp_path / f"{executor_id}-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _write_rules(settings: Settings, rules: str) -> None:
    (settings.home / "rules").mkdir(parents=True, exist_ok=True)
    (settings.home / "rules" / "crash.yaml").write_text(rules, encoding="utf-8")


def _effects(database: Database, run: str) -> list[str]:
    """Side effects of this run (the plugin's table outlives the per-test cleanup)."""
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT note FROM fixture_effects WHERE note LIKE :p"), {"p": f"{run}-%"}
            )
            return sorted(r[0] for r in rows)
    except (OperationalError, ProgrammingError):  # the plugin has not created its table yet
        return []


def _record_burst(database: Database, run: str, event_type: str, count: int) -> list[str]:
    """Record `count` events of `event_type` at once; the notes their actions will record, in order."""
    notes = [f"{run}-{n:04d}" for n in range(count)]
    with database.transaction() as session:
        for n, note in enumerate(notes):
            record_event(
                session, CloudEvent(id=f"{run}-{n}", source="/test", type=event_type, data={"n": note})
            )
    return notes


def _wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.slow
def test_kill_9_mid_workflow_then_restart_applies_each_side_effect_once(
    settings: Settings, database: Database, workers: Callable[[str], Worker]
) -> None:
    # given a worker running three actions that finish 0.3 s, 4 s and 8 s after they start
    # (they may run side by side on the subsystem queue, so their lengths must differ)
    _write_rules(settings, CHAIN_RULES)
    run = uuid.uuid4().hex[:8]
    worker = workers("crash-worker")
    with database.transaction() as session:
        record_event(session, CloudEvent(source="/test", type="crash.requested", data={"run": run}))
    # when it is killed with SIGKILL after the first side effect and before the last
    _wait_for(lambda: len(_effects(database, run)) >= 1, 60, "the first side effect")
    worker.kill()
    interrupted = _effects(database, run)
    assert len(interrupted) < 3
    # and restarted with the same executor id
    workers("crash-worker")
    _wait_for(lambda: len(_effects(database, run)) >= 3, 120, "the chain to finish after restart")
    time.sleep(2)  # leave time for any duplicate to show up
    # then every side effect happened exactly once
    assert _effects(database, run) == [f"{run}-a", f"{run}-b", f"{run}-c"]


@pytest.mark.slow
def test_kill_9_amid_inline_actions_then_restart_applies_each_once(
    settings: Settings, database: Database, workers: Callable[[str], Worker]
) -> None:
    # given 200 events whose inline actions (50 ms each) run inside their ingest workflows, on
    # the worker's in-process runners
    _write_rules(settings, INLINE_RULES)
    run = uuid.uuid4().hex[:8]
    worker = workers("inline-worker")
    notes = _record_burst(database, run, "inline.requested", 200)
    # when the worker is killed with SIGKILL part-way through
    _wait_for(lambda: len(_effects(database, run)) >= 20, 120, "the burst to get going")
    worker.kill()
    assert len(_effects(database, run)) < 200
    # and restarted with the same executor id
    workers("inline-worker")
    _wait_for(lambda: len(_effects(database, run)) >= 200, 240, "all 200 side effects")
    time.sleep(2)
    # then every event's side effect happened exactly once
    assert _effects(database, run) == notes


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_1000_event_burst_on_two_workers_survives_killing_one(
    settings: Settings, database: Database, workers: Callable[[str], Worker]
) -> None:
    # given two PostgreSQL workers and 1,000 events
    _write_rules(settings, BURST_RULES)
    run = uuid.uuid4().hex[:8]
    first = workers("burst-w1")
    workers("burst-w2")
    notes = _record_burst(database, run, "burst.requested", 1000)
    # when one worker is killed with SIGKILL while the burst is being processed
    _wait_for(lambda: len(_effects(database, run)) >= 150, 180, "the burst to get going")
    first.kill()
    assert len(_effects(database, run)) < 1000
    # then the survivor finishes the work: nothing lost, nothing duplicated
    _wait_for(lambda: len(_effects(database, run)) >= 1000, 400, "all 1,000 side effects")
    time.sleep(3)
    assert _effects(database, run) == notes
