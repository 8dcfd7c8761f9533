"""The `shopweave` command: the root app that mounts each command group."""

from __future__ import annotations

import typer

from shopweave import __version__
from shopweave.cli import catalog, db, schemas, settings
from shopweave.cli import demo as demo_cli
from shopweave.cli.up import up

app = typer.Typer(
    name="shopweave",
    help="Shopweave: one system for a seller's AI jobs. Every command has --help.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog.app, name="catalog")
app.add_typer(db.app, name="db")
app.add_typer(schemas.app, name="schemas")
app.add_typer(settings.app, name="settings")
app.add_typer(demo_cli.app, name="demo")
app.command()(up)


@app.command()
def version() -> None:
    """Print the installed Shopweave version."""
    typer.echo(__version__)


if __name__ == "__main__":
    app()
