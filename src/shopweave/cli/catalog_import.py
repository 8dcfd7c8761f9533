"""`shopweave catalog import` and `shopweave catalog quarantine list|retry`.

Registered on `shopweave.cli.catalog.app` (imported from `cli/catalog.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from shopweave.catalog.importers import (
    FORMATS,
    KINDS,
    ImportOptions,
    ImportReport,
    import_files,
    list_quarantine,
    load_mapping,
    retry_quarantine,
)
from shopweave.cli.catalog import app
from shopweave.cli.context import open_database
from shopweave.cli.errors import user_errors
from shopweave.settings import get_settings

PROGRESS_FROM_ROWS = 5000
"""Files with at least this many rows get a progress bar."""

quarantine_app = typer.Typer(help="List and retry rows an import rejected.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")

console = Console()
err_console = Console(stderr=True)


def _print_report(report: ImportReport, title: str) -> None:
    table = Table(title=title)
    table.add_column("records")
    for column in ("in file", "created", "updated", "unchanged"):
        table.add_column(column, justify="right")
    for kind, counts in report.store.items():
        table.add_row(
            kind, str(counts.records), str(counts.created), str(counts.updated), str(counts.unchanged)
        )
    if report.products:
        table.add_row("variants", str(report.variants), "", "", "")
        table.add_row("images", str(report.images), "", "", "")
    console.print(table)
    if report.repaired:
        repairs = Table(title=f"{len(report.repaired)} repaired or dropped values")
        for column in ("file", "line", "field", "was", "now", "why"):
            repairs.add_column(column)
        for r in report.repaired:
            repairs.add_row(
                r.file, str(r.line or ""), r.field or "", r.original or "", r.value or "(dropped)", r.reason
            )
        console.print(repairs)
    if report.rejected:
        rejected = Table(
            title=f"{len(report.rejected)} rejected rows (see `shopweave catalog quarantine list`)"
        )
        for column in ("file", "line", "field", "reason"):
            rejected.add_column(column)
        for j in report.rejected:
            rejected.add_row(j.file, str(j.line or ""), j.field or "", j.reason)
        console.print(rejected)


@app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="Files to import.", show_default=False),
    format: str = typer.Option("auto", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    kind: str = typer.Option(
        "auto",
        "--kind",
        "-k",
        help=f"What the files hold: auto (from the header) or one of {', '.join(KINDS)}.",
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", "-m", help="YAML/JSON column mapping: read any CSV as a generic layout."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Import products, orders, customers or inventory levels from exports of other systems.

    Formats are detected from each file's start. Every file is checked before anything is
    stored: a file that is not what it claims to be stops the import with exit status 2 and
    changes nothing. Bad rows are rejected into the quarantine; every good row is imported.
    Importing the same file again changes nothing.
    """
    with user_errors(as_json=as_json):
        settings = get_settings()
        options = ImportOptions(
            currency=settings.default_currency, mapping=load_mapping(mapping) if mapping else None
        )
        database = open_database()
        try:
            if as_json:
                report = import_files(
                    database,
                    paths,
                    format=format,
                    kind=kind,
                    options=options,
                    batch_size=settings.import_batch_size,
                )
            else:
                with Progress(
                    TextColumn("importing"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    console=err_console,
                    transient=True,
                ) as progress:
                    task = progress.add_task("rows", total=None, visible=False)

                    def advance(done: int, total: int) -> None:
                        progress.update(
                            task, completed=done, total=total, visible=total >= PROGRESS_FROM_ROWS
                        )

                    report = import_files(
                        database,
                        paths,
                        format=format,
                        kind=kind,
                        options=options,
                        batch_size=settings.import_batch_size,
                        progress=advance,
                    )
        finally:
            database.close()
    if as_json:
        typer.echo(json.dumps(report.to_json()))
        return
    files = ", ".join(f"{name} ({fmt}, {kind_})" for name, fmt, kind_ in report.files)
    _print_report(report, f"imported {report.rows} rows from {files}")


@quarantine_app.command("list")
def quarantine_list(
    include_resolved: bool = typer.Option(False, "--all", help="Also show entries a retry resolved."),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
) -> None:
    """Show the rows imports rejected, with file, line, field and reason."""
    with user_errors(as_json=as_json):
        database = open_database()
        try:
            entries = list_quarantine(database, include_resolved=include_resolved)
        finally:
            database.close()
    if as_json:
        typer.echo(json.dumps([e.model_dump(mode="json") for e in entries]))
        return
    if not entries:
        console.print("the quarantine is empty")
        return
    table = Table(title=f"{len(entries)} quarantined rows")
    for column in ("id", "file", "line", "field", "reason", "format"):
        table.add_column(column)
    for e in entries:
        table.add_row(str(e.id), e.file, str(e.line), e.field or "", e.reason, e.format)
    console.print(table)


@quarantine_app.command("retry")
def quarantine_retry(
    ids: list[int] = typer.Argument(
        None, help="Entries to retry (default: every open entry).", show_default=False
    ),
    mapping: Path | None = typer.Option(
        None, "--mapping", "-m", help="A corrected column mapping to read the stored rows with."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Re-validate quarantined rows (after fixing a mapping or upgrading) and import those that pass."""
    with user_errors(as_json=as_json):
        settings = get_settings()
        database = open_database()
        try:
            report, resolved = retry_quarantine(
                database,
                ids or (),
                currency=settings.default_currency,
                mapping=load_mapping(mapping) if mapping else None,
            )
        finally:
            database.close()
    if as_json:
        typer.echo(json.dumps({"resolved": resolved, **report.to_json()}))
        return
    _print_report(report, f"resolved {len(resolved)} quarantined rows")
