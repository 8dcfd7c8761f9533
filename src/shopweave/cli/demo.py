"""`shopweave demo`: build the sample store."""

from __future__ import annotations

import json
from datetime import date

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from shopweave.catalog.images import ImageStore
from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.demo import DEFAULT_END_DATE, SeedReport, seed_demo_store
from shopweave.errors import ValidationError
from shopweave.settings import get_settings

app = typer.Typer(help="Build the sample store.", no_args_is_help=True)
console = Console()


def print_report(report: SeedReport) -> None:
    """A table of what the sample store holds and what this run added."""
    table = Table(title=f"sample store (products={report.products}, seed={report.seed})")
    table.add_column("records")
    table.add_column("in the sample store", justify="right")
    table.add_column("added now", justify="right")
    inserted = report.inserted.model_dump()
    for name, count in report.planned.model_dump().items():
        table.add_row(name.replace("_", " "), str(count), str(inserted[name]))
    console.print(table)
    console.print(f"rendered {report.rendered_photos} photos in {report.seconds:.1f} s")


def run_seed(products: int, seed: int, end_date: date, *, quiet: bool = False) -> SeedReport:
    """Seed the configured store, with a progress bar unless `quiet`."""
    settings = get_settings()
    database = open_database()
    try:
        store = ImageStore(settings.images_dir)
        if quiet:
            return seed_demo_store(database, store, products=products, seed=seed, end_date=end_date)
        columns = (
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=max(total, 1))
                bar.update(tasks[step], completed=done, total=max(total, 1))

            return seed_demo_store(
                database, store, products=products, seed=seed, end_date=end_date, progress=progress
            )
    finally:
        database.close()


@app.command()
def seed(
    products: int = typer.Option(200, min=1, max=5000, help="How many products to create."),
    seed: int = typer.Option(7, help="Seed of every random choice; the same seed gives the same store."),
    end_date: str = typer.Option(
        DEFAULT_END_DATE.isoformat(), help="Last day of the two-year order history (YYYY-MM-DD, or 'today')."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the seed report as JSON."),
) -> None:
    """Create the deterministic sample store (idempotent: seeding twice adds nothing)."""
    with user_errors(as_json=as_json):
        end = _parse_date(end_date)
        report = run_seed(products, seed, end, quiet=as_json)
        if as_json:
            typer.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        else:
            print_report(report)


def _parse_date(text: str) -> date:
    if text == "today":
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--end-date {text!r} is not a date: use YYYY-MM-DD or 'today'") from None
