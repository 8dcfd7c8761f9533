"""`shopweave up`: serve the REST API and the web pages, and (embedded) run the decision layer.

On the embedded default (SQLite) the store is one process: `up` also runs the durable
workflows, so events recorded through the API, the CLI or the catalog are acted on without a
separate `shopweave worker`. On PostgreSQL, workers are separate processes (`--worker` to run
one here as well).
"""

from __future__ import annotations

import signal
import socket

import typer
import uvicorn
from rich.console import Console
from sqlalchemy import func, select

from shopweave.catalog.store.tables import ProductRow
from shopweave.cli.context import open_database
from shopweave.cli.demo import print_report, run_seed
from shopweave.cli.errors import user_errors
from shopweave.decisions.engine import DurableEngine, EngineOptions
from shopweave.decisions.runtime import build_engine
from shopweave.decisions.tables import WorkerRow
from shopweave.demo import DEFAULT_END_DATE
from shopweave.gateway import create_app
from shopweave.settings import Settings, get_settings

console = Console()
app = typer.Typer()


@app.command()
def up(
    host: str | None = typer.Option(None, help="Address to listen on (default: SHOPWEAVE_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, min=0, max=65535, help="Port (default: SHOPWEAVE_PORT, 8420)."),
    seed_if_empty: bool = typer.Option(
        False, "--seed-if-empty", help="Build the sample store first when no products exist."
    ),
    worker: bool | None = typer.Option(
        None,
        "--worker/--no-worker",
        help="Also run the decision layer's durable workflows here [default: on with SQLite, "
        "off with PostgreSQL, where `shopweave worker` processes run them].",
    ),
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the catalog-health page at /."""
    with user_errors():
        settings = get_settings()
        if host is not None:
            settings.host = host
        if port is not None:
            settings.port = port
        database = open_database()
        with database.sessions() as session:
            products = session.scalar(select(func.count(ProductRow.id))) or 0
        database.close()
        if seed_if_empty and products == 0:
            console.print("no products yet: building the sample store (shopweave demo seed)…")
            print_report(run_seed(200, 7, DEFAULT_END_DATE))
        app = create_app(settings)
        engine = _start_engine(settings, worker)
        url = f"http://{settings.host}:{settings.port}/"
        typer.echo(f"Shopweave is running at {url}")
        typer.echo(f"API reference at {url}docs; press Ctrl+C to stop.")
        # uvicorn shuts down gracefully on SIGINT/SIGTERM and then re-raises the signal to the
        # handler it found; a quiet one lets the decision layer stop cleanly afterwards.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda _signum, _frame: None)
        try:
            uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
        finally:
            if engine is not None:
                engine.stop()
                engine.database.close()


def _start_engine(settings: Settings, worker: bool | None) -> DurableEngine | None:
    """The in-process decision layer, started, or None when it should not run here."""
    embedded = not settings.resolved_database_url.startswith("postgresql")
    if worker is False or (worker is None and not embedded):
        return None
    executor_id = socket.gethostname()
    database = open_database()
    with database.transaction() as session:
        row = session.get(WorkerRow, executor_id)
        alive = row is not None and row.beat_at > EngineOptions().heartbeat_cutoff()
    if alive:
        console.print(
            f"a worker ({executor_id}) is already running for this store: not starting another here"
        )
        database.close()
        return None
    engine = build_engine(settings, database, EngineOptions(executor_id=executor_id))
    engine.start()
    typer.echo(
        f"Decision layer running here: {len(engine.ruleset.rules)} rules, "
        f"{len(engine.registry.subsystems)} subsystems"
    )
    return engine
