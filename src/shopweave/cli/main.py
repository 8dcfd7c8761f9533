"""The `shopweave` command: the root app that mounts each command group.

Groups are imported when used (see `shopweave.cli.lazy`), so a command pays only for its own
imports.
"""

from __future__ import annotations

import typer

from shopweave import __version__
from shopweave.cli.lazy import lazy_group

GROUPS = {
    "catalog": "shopweave.cli.catalog",
    "db": "shopweave.cli.db",
    "schemas": "shopweave.cli.schemas",
    "settings": "shopweave.cli.settings",
    "demo": "shopweave.cli.demo",
    "events": "shopweave.cli.events",
    "subsystems": "shopweave.cli.subsystems",
    "rules": "shopweave.cli.rules",
    "decisions": "shopweave.cli.decisions",
    "workflows": "shopweave.cli.workflows",
    "worker": "shopweave.cli.worker",
    "scenario": "shopweave.cli.scenario",
    "support": "shopweave.cli.support",
    "demand": "shopweave.cli.demand",
    "studio": "shopweave.cli.studio",
}
COMMANDS = {"up": "shopweave.cli.up"}

app = typer.Typer(
    name="shopweave",
    help="Shopweave: one system for a seller's AI jobs. Every command has --help.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=lazy_group(GROUPS, COMMANDS),
)


@app.callback()
def main() -> None:
    """Shopweave: one system for a seller's AI jobs. Every command has --help."""


@app.command()
def version() -> None:
    """Print the installed Shopweave version."""
    typer.echo(__version__)


if __name__ == "__main__":
    app()
