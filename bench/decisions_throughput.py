"""Decision layer throughput and latency, beside the raw DBOS ceiling measured in the same run.

    .venv/bin/python bench/decisions_throughput.py [--events 300] [--latency-events 100] [--rate 20]
        [--backends sqlite,postgres1,postgres2[,postgres2-queue]]

For each backend: (1) the raw ceiling — trivial one-step DBOS workflows, enqueued on a queue and
run by this process, and called in-process by as many threads as the engine's ingest runners;
(2) end to end — a burst of events recorded in the log, processed by `shopweave worker`
processes (event → rules → decision log → durable action dispatch → action done; the bench rule's
`core.log` is an inline action), in events per second; (3) latency — events emitted at a steady
rate, p50/p95 from the event's time to the start of its action. `postgres2-queue` runs the two
workers with `--ingest queue`. PostgreSQL needs SHOPWEAVE_TEST_POSTGRES_URL (or the
default local server). Numbers from a busy machine are noisy: re-run on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import func, select

from shopweave.catalog.store import Database
from shopweave.decisions.engine import EngineOptions
from shopweave.decisions.tables import DecisionActionRow
from shopweave.events import CloudEvent, record_event
from shopweave.settings import Settings
from shopweave.testing.databases import temporary_postgres_database

RULES = """
rules:
  - id: bench
    on: [bench.event]
    do:
      - action: core.log
        with: {message: "{{ string(data.n) }}"}
"""


def raw_ceiling(system_url: str, n: int, runners: int) -> dict[str, float]:
    """Trivial one-step DBOS workflows per second, run the two ways DBOS offers.

    "queue": enqueued on a DBOS queue and run by this process's queue worker (concurrency 16);
    "local": called directly by `runners` threads, as the embedded engine runs ingest workflows.
    The ceiling we compare with is the faster of the two.
    """
    code = f"""
import itertools, threading, time
from dbos import DBOS, SetWorkflowID
from shopweave.db import create_db_engine
url = {system_url!r}
config = {{"name": "shopweave-bench", "system_database_url": url.replace("postgresql+psycopg://", "postgresql://"),
          "application_version": "bench", "executor_id": "bench", "log_level": "WARNING"}}
if url.startswith("sqlite"):
    config["system_database_engine"] = create_db_engine(url)
@DBOS.step()
def step(x: int) -> int:
    return x
@DBOS.workflow()
def trivial(x: int) -> int:
    return step(x)
DBOS(config=config)
DBOS.launch()
numbers = iter(range({n}))
lock = threading.Lock()
def runner() -> None:
    while True:
        with lock:
            i = next(numbers, None)
        if i is None:
            return
        with SetWorkflowID(f"raw-l-{{time.time_ns()}}-{{i}}"):
            trivial(i)
start = time.perf_counter()
threads = [threading.Thread(target=runner) for _ in range({runners})]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("local", {n} / (time.perf_counter() - start))
# The queue is registered after the in-process run, so its poller does not slow that run down.
queue = DBOS.register_queue("bench", worker_concurrency=16, polling_interval_sec=0.02)
start = time.perf_counter()
handles = []
for i in range({n}):
    with SetWorkflowID(f"raw-q-{{time.time_ns()}}-{{i}}"):
        handles.append(queue.enqueue(trivial, i))
for h in handles:
    h.get_result()
print("queue", {n} / (time.perf_counter() - start))
DBOS.destroy()
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rates = {}
    for line in out.stdout.strip().splitlines():
        name, _, value = line.partition(" ")
        if name in ("queue", "local"):
            rates[name] = float(value)
    return rates


@contextmanager
def worker(
    home: Path, url: str | None, executor_id: str, ingest: str = "local"
) -> Iterator[subprocess.Popen[bytes]]:
    env = dict(
        os.environ,
        SHOPWEAVE_HOME=str(home),
        SHOPWEAVE_WORKER_ID=executor_id,
        SHOPWEAVE_DBOS_LOG_LEVEL="ERROR",
    )
    if url:
        env["SHOPWEAVE_DATABASE_URL"] = url
    log = home / f"{executor_id}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shopweave.cli.main", "worker", "--no-schedules", "--ingest", ingest],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while "ready" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"worker {executor_id} did not start:\n{log.read_text()}")
        time.sleep(0.1)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _done(database: Database, prefix: str) -> int:
    with database.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(DecisionActionRow)
                .where(
                    DecisionActionRow.decision_id.like(f"{prefix}%"),
                    DecisionActionRow.status.in_(["done", "failed", "missing"]),
                )
            )
            or 0
        )


def _wait_done(database: Database, prefix: str, n: int, timeout_s: float = 900) -> None:
    deadline = time.monotonic() + timeout_s
    while _done(database, prefix) < n:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {_done(database, prefix)} of {n} done")
        time.sleep(0.02)


def burst(database: Database, n: int) -> float:
    """Events per second, end to end, for `n` events recorded at once."""
    prefix = f"burst{time.time_ns()}-"
    with database.transaction() as session:
        start = time.perf_counter()
        for i in range(n):
            record_event(
                session, CloudEvent(id=f"{prefix}{i}", source="/bench", type="bench.event", data={"n": i})
            )
    _wait_done(database, prefix, n)
    return n / (time.perf_counter() - start)


def latency(database: Database, n: int, rate: float) -> tuple[float, float]:
    """p50 and p95 (ms) from event time to action start, events emitted at `rate` per second."""
    prefix = f"lat{time.time_ns()}-"
    for i in range(n):
        with database.transaction() as session:
            record_event(
                session, CloudEvent(id=f"{prefix}{i}", source="/bench", type="bench.event", data={"n": i})
            )
        time.sleep(1 / rate)
    _wait_done(database, prefix, n)
    with database.transaction() as session:
        rows = session.execute(
            select(DecisionActionRow.decision_id, DecisionActionRow.started_at).where(
                DecisionActionRow.decision_id.like(f"{prefix}%")
            )
        ).all()
        from shopweave.decisions.tables import DecisionRow

        times = dict(session.execute(select(DecisionRow.id, DecisionRow.event["time"].as_string())).all())
    from datetime import datetime

    delays = sorted(
        (started - datetime.fromisoformat(times[decision_id].replace("Z", "+00:00"))).total_seconds() * 1000
        for decision_id, started in rows
    )
    return statistics.median(delays), delays[int(0.95 * (len(delays) - 1))]


def run_backend(name: str, events: int, latency_events: int, rate: float) -> dict[str, float]:
    workers = {"sqlite": 1, "postgres1": 1, "postgres2": 2, "postgres2-queue": 2}[name]
    ingest = "queue" if name.endswith("-queue") else "local"
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="shopweave-bench-")))
        url = (
            stack.enter_context(temporary_postgres_database("shopweave_bench"))
            if name.startswith("postgres")
            else None
        )
        (home / "rules").mkdir()
        (home / "rules" / "bench.yaml").write_text(RULES, encoding="utf-8")
        settings = Settings(home=home, database_url=url)
        database = Database.open(settings)
        stack.callback(database.close)
        runners = EngineOptions().runners_on(database)
        if url:
            raw = raw_ceiling(settings.resolved_database_url, events, runners)
        else:
            raw = raw_ceiling(f"sqlite:///{home / 'raw-ceiling.db'}", events, runners)
        for index in range(workers):
            stack.enter_context(worker(home, url, f"bench-{index + 1}", ingest))
        burst(database, 20)  # warm up
        throughput = burst(database, events)
        p50, p95 = latency(database, latency_events, rate)
    return {
        "workers": workers,
        "raw_queue": raw["queue"],
        "raw_local": raw["local"],
        "ceiling": max(raw.values()),
        "throughput": throughput,
        "p50": p50,
        "p95": p95,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--latency-events", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--backends", default="sqlite,postgres1,postgres2")
    args = parser.parse_args()
    print(
        "raw DBOS: trivial one-step workflows/s, through a queue and called in-process; ceiling = the faster"
    )
    print(
        f"{'backend':<10} {'workers':>7} {'raw queue':>9} {'raw local':>9} {'events/s':>9} "
        f"{'ceiling/ours':>12} {'p50 ms':>7} {'p95 ms':>7}"
    )
    for name in args.backends.split(","):
        r = run_backend(name, args.events, args.latency_events, args.rate)
        print(
            f"{name:<10} {r['workers']:>7} {r['raw_queue']:>9.1f} {r['raw_local']:>9.1f} "
            f"{r['throughput']:>9.1f} {r['ceiling'] / r['throughput']:>11.2f}× "
            f"{r['p50']:>7.0f} {r['p95']:>7.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
