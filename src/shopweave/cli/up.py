"""`shopweave up`: serve the REST API and the web pages."""

from __future__ import annotations

import typer
import uvicorn
from rich.console import Console
from sqlalchemy import func, select

from shopweave.catalog.store.tables import ProductRow
from shopweave.cli.context import open_database
from shopweave.cli.demo import print_report, run_seed
from shopweave.cli.errors import user_errors
from shopweave.demo import DEFAULT_END_DATE
from shopweave.gateway import create_app
from shopweave.settings import get_settings

console = Console()
app = typer.Typer()


@app.command()
def up(
    host: str | None = typer.Option(None, help="Address to listen on (default: SHOPWEAVE_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, min=0, max=65535, help="Port (default: SHOPWEAVE_PORT, 8420)."),
    seed_if_empty: bool = typer.Option(
        False, "--seed-if-empty", help="Build the sample store first when no products exist."
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
        url = f"http://{settings.host}:{settings.port}/"
        typer.echo(f"Shopweave is running at {url}")
        typer.echo(f"API reference at {url}docs; press Ctrl+C to stop.")
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
