"""`shopweave schemas`: publish the JSON Schemas of the data layer."""

from __future__ import annotations

from pathlib import Path

import typer

from shopweave.catalog.schemas.export import write_schemas

app = typer.Typer(help="Publish the JSON Schemas of the data layer.", no_args_is_help=True)


@app.command()
def export(out: Path = typer.Option(Path("schemas/catalog"), help="Folder to write into.")) -> None:
    """Write one JSON Schema file per unified model."""
    for path in write_schemas(out):
        typer.echo(path)
