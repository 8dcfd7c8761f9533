"""`shopweave worker`: run durable workflows (embedded on SQLite, or one of many on PostgreSQL)."""

from __future__ import annotations

import signal
import socket
import threading
from enum import StrEnum
from types import FrameType

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.decisions.engine import EngineOptions
from shopweave.decisions.runtime import build_engine
from shopweave.settings import get_settings

app = typer.Typer(help="Run the decision layer's durable workflows.")


class IngestMode(StrEnum):
    """Where ingest workflows run."""

    LOCAL = "local"
    QUEUE = "queue"


@app.callback(invoke_without_command=True)
def worker(
    executor_id: str = typer.Option(
        "",
        "--id",
        envvar="SHOPWEAVE_WORKER_ID",
        help="Stable worker id (default: the host name). Restarting with the same id resumes its work.",
    ),
    dispatch: bool = typer.Option(True, help="Also hand new events to workflows (one leader at a time)."),
    schedules: bool = typer.Option(True, help="Also fire cron schedules."),
    concurrency: int = typer.Option(8, help="Actions run at once per subsystem on this worker."),
    poll_interval: float = typer.Option(
        0.05,
        min=0.005,
        help="Seconds between looks at the event log (lower: less latency, more CPU).",
    ),
    ingest: IngestMode = typer.Option(
        IngestMode.LOCAL,
        help="How the dispatching worker runs ingest workflows: local (in-process runners: least "
        "latency) or queue (the events queue, so every worker takes decisions).",
    ),
    ingest_runners: int | None = typer.Option(
        None, min=1, help="Threads running ingest workflows [default: 2 on SQLite, 8 on PostgreSQL]."
    ),
    queue_poll_interval: float | None = typer.Option(
        None,
        min=0.005,
        help="Seconds between looks at a queue with work [default: 0.05 on PostgreSQL, 0.5 on SQLite].",
    ),
    idle_queue_poll_interval: float = typer.Option(
        1.0,
        min=0.005,
        help="Seconds between looks at a queue nothing was enqueued on for 10 s (each look costs CPU on "
        "every worker).",
    ),
) -> None:
    """Process events until stopped (Ctrl-C or SIGTERM); in-flight work resumes at the next start."""
    with user_errors():
        settings = get_settings()
        database = open_database()
        options = EngineOptions(
            executor_id=executor_id or socket.gethostname(),
            dispatch=dispatch,
            schedules=schedules,
            subsystem_concurrency=concurrency,
            poll_interval_s=poll_interval,
            queue_polling_s=queue_poll_interval,
            idle_queue_polling_s=idle_queue_poll_interval,
            local_ingest=ingest is IngestMode.LOCAL,
            local_runners=ingest_runners,
        )
        engine = build_engine(settings, database, options)
        stop = threading.Event()

        def _stop(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        engine.start()
        typer.echo(
            f"worker {options.executor_id} ready: {len(engine.ruleset.rules)} rules, "
            f"{len(engine.registry.subsystems)} subsystems",
            err=False,
        )
        try:
            stop.wait()
        finally:
            engine.stop()
            database.close()
        typer.echo(f"worker {options.executor_id} stopped")
