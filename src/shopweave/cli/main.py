"""The `shopweave` command: the root app that mounts each command group."""

from __future__ import annotations

import typer

from shopweave import __version__
from shopweave.cli import (
    catalog,
    db,
    decisions,
    events,
    rules,
    scenario,
    schemas,
    settings,
    subsystems,
    worker,
    workflows,
)
from shopweave.cli import demand as demand_cli
from shopweave.cli import demo as demo_cli
from shopweave.cli import studio as studio_cli
from shopweave.cli import support as support_cli
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
app.add_typer(events.app, name="events")
app.add_typer(subsystems.app, name="subsystems")
app.add_typer(rules.app, name="rules")
app.add_typer(decisions.app, name="decisions")
app.add_typer(workflows.app, name="workflows")
app.add_typer(worker.app, name="worker")
app.add_typer(scenario.app, name="scenario")
app.add_typer(support_cli.app, name="support")
app.add_typer(demand_cli.app, name="demand")
app.add_typer(studio_cli.app, name="studio")
app.command()(up)


@app.command()
def version() -> None:
    """Print the installed Shopweave version."""
    typer.echo(__version__)


if __name__ == "__main__":
    app()
