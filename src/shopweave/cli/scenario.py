"""`shopweave scenario run`: run scenario files (store state, events, expectations) for real."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from shopweave.catalog.store import Database
from shopweave.cli.errors import user_errors
from shopweave.decisions.scenario import ScenarioResult, run_scenario, shipped_scenarios
from shopweave.settings import get_settings

app = typer.Typer(help="Run scenarios: given a store state and events, expect actions, events and decisions.")


@app.command()
def run(
    files: list[Path] = typer.Argument(None, help="Scenario YAML files (default: the shipped ones)."),
    database_url: str | None = typer.Option(
        None,
        help="Run on this (scratch) database, e.g. PostgreSQL; default: a temporary SQLite home per scenario.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
) -> None:
    """Run each scenario in a fresh home; exit 1 when one fails."""
    with user_errors(as_json=as_json):
        paths = files or shipped_scenarios()
        results: list[ScenarioResult] = []
        for path in paths:
            with tempfile.TemporaryDirectory(prefix="shopweave-scenario-") as home:
                settings = get_settings().model_copy(
                    update={"home": Path(home), "database_url": database_url}
                )
                database = Database.open(settings)
                try:
                    results.append(run_scenario(path, settings, database))
                finally:
                    database.close()
        if as_json:
            typer.echo(json.dumps([r.__dict__ for r in results], indent=2))
        else:
            for result in results:
                typer.echo(
                    f"{'PASS' if result.passed else 'FAIL'}  {result.name}  ({result.seconds:.1f}s, {result.file})"
                )
                for failure in result.failures:
                    typer.echo(f"      - {failure}")
        if not all(r.passed for r in results):
            raise typer.Exit(1)
