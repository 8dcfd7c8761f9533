"""`shopweave db`: database maintenance."""

from __future__ import annotations

import typer

from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors

app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Create or migrate the database schema to the current version."""
    with user_errors():
        database = open_database()
        typer.echo(f"database ready: {database.engine.url.render_as_string(hide_password=True)}")
        database.close()
