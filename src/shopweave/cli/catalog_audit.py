"""`shopweave catalog audit` and `shopweave catalog export`: data-quality report and exports.

Registers its commands on `shopweave.cli.catalog.app` (imported at the end of that module).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shopweave.cli.catalog import app
from shopweave.cli.errors import err_console, user_errors
from shopweave.settings import get_settings

if TYPE_CHECKING:
    from shopweave.catalog.audit import AuditReport

# The audit and export machinery is imported inside the commands, so that every other
# `shopweave` command starts without loading it.
FORMATS = ("shopify-csv", "google-feed", "jsonld")
T = TypeVar("T")

CHANNEL_HELP = "Channel to audit: amazon, google, shopify, ebay or etsy (repeatable; default all)."


def _tracked(products: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Products with a progress bar on stderr (silent when stderr is not a terminal)."""
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for product in products:
            yield product
            progress.advance(task)


def _color(score: float) -> str:
    return "green" if score >= 80 else ("yellow" if score >= 50 else "red")


def print_report(report: AuditReport, console: Console, top: int) -> None:
    """The report as rich tables: channels, worst problems, lowest-scoring products."""
    console.print(
        f"Catalog score [bold {_color(report.score)}]{report.score:.1f}[/] / 100 over {len(report.products)} products"
    )
    channels = Table(title="Channels", title_justify="left")
    for column in ("channel", "score", "complete", "completeness", "with errors", "most missing"):
        channels.add_column(column, justify="left" if column in ("channel", "most missing") else "right")
    for name, summary in report.channels.items():
        missing = ", ".join(f"{field} ({n})" for field, n in list(summary.missing.items())[:3])
        channels.add_row(
            name,
            f"[{_color(summary.score)}]{summary.score:.1f}[/]",
            f"{summary.complete}/{summary.products}",
            f"{summary.completeness * 100:.1f}%",
            str(summary.errors),
            missing or "-",
        )
    console.print(channels)
    problems = Table(title="Most widespread problems", title_justify="left")
    for column in ("code", "severity", "products", "meaning"):
        problems.add_column(column, justify="right" if column == "products" else "left")
    for item in report.worst_problems(10):
        problems.add_row(item.code, item.severity.value, str(item.products), item.summary)
    console.print(problems)
    worst = sorted(report.products, key=lambda p: (p.score, p.handle))[:top]
    products = Table(title=f"Lowest-scoring products (top {top})", title_justify="left")
    for column in ("handle", "sku", "score", "problems", "first problem"):
        products.add_column(column, justify="right" if column in ("score", "problems") else "left")
    for product in worst:
        first = product.problems[0].message if product.problems else "-"
        products.add_row(
            product.handle,
            product.sku or "",
            f"[{_color(product.score)}]{product.score:.1f}[/]",
            str(len(product.problems)),
            first,
        )
    console.print(products)


@app.command()
def audit(
    channel: list[str] = typer.Option(None, "--channel", "-c", help=CHANNEL_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    html: Path | None = typer.Option(None, "--html", help="Also write a self-contained HTML report to FILE."),
    rules: Path | None = typer.Option(
        None, "--rules", help="Channel-rules YAML replacing the built-in rules."
    ),
    top: int = typer.Option(20, "--top", min=1, help="Products listed in the table output."),
) -> None:
    """Score the catalog's data quality 0-100 per product, per channel and overall, with fixes."""
    from shopweave.catalog.audit import audit_products, load_rules, render_html, resolve_channels
    from shopweave.catalog.exporters import ExportError
    from shopweave.catalog.store import count_catalog, iter_products
    from shopweave.cli.context import open_database

    with user_errors(as_json=as_json):
        settings = get_settings()
        chosen_rules = load_rules(rules)
        channels = resolve_channels(channel, chosen_rules)
        database = open_database()
        try:
            with database.transaction() as session:
                total = count_catalog(session)["products"]
                products = _tracked(iter_products(session), total, "auditing")
                report = audit_products(
                    products, channels, images_dir=settings.images_dir, rules=chosen_rules
                )
        finally:
            database.close()
        if html is not None:
            try:
                html.write_text(render_html(report), encoding="utf-8")
            except OSError as exc:
                raise ExportError(f"{html}: cannot write the HTML report: {exc.strerror}") from None
        if as_json:
            typer.echo(report.model_dump_json())
        else:
            print_report(report, Console(), top)
            if html is not None:
                typer.echo(f"HTML report written to {html}")


@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="One of: " + ", ".join(FORMATS) + "."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    store_url: str | None = typer.Option(
        None, "--store-url", help="Storefront base URL for product links (default: SHOPWEAVE_STORE_URL)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Export the catalog as a Shopify CSV, a Google Merchant feed or schema.org JSON-LD lines."""
    from shopweave.catalog.exporters import EXPORT_FORMATS, ExportError, export_products
    from shopweave.catalog.store import count_catalog, iter_products
    from shopweave.cli.context import open_database

    with user_errors(as_json=as_json):
        settings = get_settings()
        url = store_url or settings.store_url
        if fmt not in EXPORT_FORMATS:
            raise ExportError(f"unknown export format {fmt!r}; choose from: {', '.join(EXPORT_FORMATS)}")
        database = open_database()
        try:
            with database.transaction() as session:
                total = count_catalog(session)["products"]
                products = _tracked(iter_products(session), total, "exporting")
                result = export_products(products, fmt, out, store_url=url)
        finally:
            database.close()
        if as_json:
            typer.echo(result.model_dump_json())
        else:
            typer.echo(f"exported {result.products} products ({result.records} records) to {result.path}")
