"""`shopweave demand`: backtest, forecast, replenish, and purchase orders (draft → approve → send)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from shopweave.demand.history import SalesHistory

from shopweave.cli.context import open_database
from shopweave.cli.errors import err_console, user_errors
from shopweave.demand.options import Frequency, ModelProfile
from shopweave.errors import ValidationError
from shopweave.settings import get_settings

app = typer.Typer(
    help="Forecasts, replenishment, purchase orders and supplier e-mails.", no_args_is_help=True
)
po_app = typer.Typer(help="Purchase orders: list, show, edit, approve, send.", no_args_is_help=True)
app.add_typer(po_app, name="po")

ISSUES_SHOWN = 20

SALES_HELP = "Long-format CSV: one row per series and date."


def _read(
    path: Path, freq: Frequency, id_col: str, date_col: str, value_col: str, available_col: str | None
) -> SalesHistory:
    from shopweave.demand.history import read_sales_csv

    history = read_sales_csv(
        path, freq, id_col=id_col, date_col=date_col, value_col=value_col, available_col=available_col
    )
    _print_issues(history)
    if history.frame.empty:
        raise ValidationError(f"{path}: no usable rows; see the reasons above")
    return history


def _print_issues(history: SalesHistory) -> None:
    for issue in history.issues[:ISSUES_SHOWN]:
        where = f" (line {issue.line})" if issue.line else ""
        err_console.print(f"[yellow]{issue.unique_id or '-'}[/]{where}: {issue.reason}", highlight=False)
    if len(history.issues) > ISSUES_SHOWN:
        err_console.print(f"… and {len(history.issues) - ISSUES_SHOWN} more issue(s)", highlight=False)


@app.command()
def backtest(
    sales: Path = typer.Option(..., "--sales", help=SALES_HELP),
    freq: Frequency = typer.Option(Frequency.MONTHLY, "--freq", help="D, W or M."),
    horizon: int = typer.Option(12, "--horizon", min=1, help="Periods held out and forecast."),
    id_col: str = typer.Option("unique_id", help="Series column."),
    date_col: str = typer.Option("ds", help="Date column."),
    value_col: str = typer.Option("y", help="Quantity column."),
    available_col: str | None = typer.Option(None, help="Share of the period in stock (0–1), optional."),
    models: ModelProfile = typer.Option(ModelProfile.FAST, "--models", help="Candidate profile."),
    windows: int = typer.Option(3, "--windows", min=1, help="Backtest windows used for selection."),
    pool: int = typer.Option(3, "--pool", min=1, help="Models averaged per series (1 = pick one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Hold out the last H periods: MASE, RMSSE, WAPE, bias of the selection, each model and the baselines."""
    from shopweave.demand.backtest import holdout_backtest

    with user_errors(as_json=as_json):
        history = _read(sales, freq, id_col, date_col, value_col, available_col)
        try:
            report = holdout_backtest(history, horizon, profile=models, n_windows=windows, pool_size=pool)
        except ValueError as exc:
            raise ValidationError(f"{sales}: {exc}") from exc
        if as_json:
            typer.echo(report.model_dump_json(indent=2))
            return
        typer.echo(
            f"{report.series_scored} series scored, horizon {horizon}, fitted up to {report.cutoff} "
            f"({report.seconds:.1f} s)"
        )
        typer.echo(f"{'method':28s} {'MASE':>8s} {'RMSSE':>8s} {'WAPE':>8s} {'bias':>8s}")
        rows = [("selected", report.selected), *report.models.items()]
        rows += [(f"baseline:{name}", acc) for name, acc in report.baselines.items()]
        for name, acc in rows:
            values = [acc.mase, acc.rmsse, acc.wape, acc.bias]
            typer.echo(f"{name:28s} " + " ".join("     n/a" if v is None else f"{v:8.4f}" for v in values))


@app.command()
def forecast(
    horizon: int = typer.Option(12, "--horizon", min=1, help="Periods ahead."),
    freq: Frequency = typer.Option(Frequency.WEEKLY, "--freq", help="D, W or M."),
    sales: Path | None = typer.Option(None, "--sales", help=SALES_HELP + " Default: the store's orders."),
    out: Path | None = typer.Option(None, "--out", help="Write forecasts to this CSV (default: print)."),
    id_col: str = typer.Option("unique_id", help="Series column."),
    date_col: str = typer.Option("ds", help="Date column."),
    value_col: str = typer.Option("y", help="Quantity column."),
    models: ModelProfile = typer.Option(ModelProfile.FAST, "--models", help="Candidate profile."),
) -> None:
    """Point forecasts with 80 % and 95 % intervals, per SKU (stored as a run when from the store)."""
    from shopweave.demand.service import forecast_history, store_forecast_run
    from shopweave.demand.store import sales_from_store

    with user_errors():
        database = None
        if sales is not None:
            history = _read(sales, freq, id_col, date_col, value_col, None)
        else:
            database = open_database()
            with database.transaction() as session:
                history = sales_from_store(session, freq)
            _print_issues(history)
        forecasts, selection = forecast_history(history, horizon, profile=models)
        forecasts["method"] = selection["models"].reindex(forecasts["unique_id"]).to_numpy()
        if database is not None:
            with database.transaction() as session:
                summary = store_forecast_run(session, history, horizon, forecasts, selection)
            database.close()
            err_console.print(f"stored as forecast run {summary.run_id}", highlight=False)
        forecasts["ds"] = forecasts["ds"].dt.date
        text = forecasts.round(3).to_csv(index=False)
        if out is None:
            typer.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            err_console.print(f"{len(forecasts)} rows written to {out}", highlight=False)


@app.command()
def replenish(
    freq: Frequency = typer.Option(Frequency.WEEKLY, "--freq", help="Forecast period."),
    horizon: int = typer.Option(12, "--horizon", min=1, help="Periods forecast."),
    days_of_cover: float = typer.Option(30.0, help="Days an order should cover after it lands."),
    service_level: float = typer.Option(0.95, help="Target cycle service level (0.5–0.9999)."),
    default_lead_time: float = typer.Option(14.0, help="Lead time when product and supplier have none."),
    draft: bool = typer.Option(False, "--draft", help="Also create or revise PO drafts per supplier."),
    today: str | None = typer.Option(None, help="Planning date, YYYY-MM-DD (default today)."),
    show_all: bool = typer.Option(False, "--all", help="Show every SKU, not only those to order or at risk."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON rows."),
) -> None:
    """Forecast from the store, then per SKU: order quantity, sells-out date, replenish-by, risk."""
    from shopweave.demand.purchase_orders import draft_purchase_orders
    from shopweave.demand.replenishment import ReplenishmentPolicy
    from shopweave.demand.service import run_demand
    from shopweave.events.log import record_event

    with user_errors(as_json=as_json):
        try:
            planning_day = date.fromisoformat(today) if today else date.today()
            policy = ReplenishmentPolicy(
                days_of_cover=days_of_cover,
                service_level=service_level,
                default_lead_time_days=default_lead_time,
                today=planning_day,
            )
        except ValueError as exc:
            raise ValidationError(f"bad option: {str(exc).splitlines()[-1]}") from exc
        database = open_database()
        summary, plan, counts = run_demand(database, freq, horizon, policy)
        drafts: list[str] = []
        if draft:
            with database.transaction() as session:
                views = draft_purchase_orders(session, plan, policy.today, lambda e: record_event(session, e))
                drafts = [v.order.number for v in views]
        database.close()
        shown = plan if show_all else plan[(plan["order_quantity"] > 0) | plan["stockout_before_next_po"]]
        columns = [
            "sku",
            "supplier_code",
            "position",
            "daily_demand",
            "lead_time",
            "safety_stock",
            "reorder_point",
            "order_quantity",
            "sells_out_in_days",
            "sells_out_on",
            "replenish_by",
            "stockout_before_next_po",
            "stockout_gap_days",
            "overstock",
        ]
        table = shown[[c for c in columns if c in shown.columns]].copy()
        for column in ("sells_out_on", "replenish_by"):
            table[column] = table[column].dt.date.astype(str).replace("NaT", None)
        if as_json:
            payload = {
                "forecast_run": summary.model_dump(),
                "signals": counts,
                "drafts": drafts,
                "skus": json.loads(table.round(3).to_json(orient="records")),
            }
            typer.echo(json.dumps(payload, indent=2))
            return
        typer.echo(
            table.round(2).to_string(index=False) if len(table) else "nothing to order and no SKU at risk"
        )
        typer.echo(f"signals: {counts}; drafts: {', '.join(drafts) or 'none'}")


@po_app.command("list")
def po_list(
    status: str | None = typer.Option(None, help="Only this status (draft, approved, sent…)."),
) -> None:
    """Purchase orders, newest first."""
    from shopweave.demand.purchase_orders import list_purchase_orders

    with user_errors():
        database = open_database()
        with database.transaction() as session:
            for view in list_purchase_orders(session, status):
                typer.echo(
                    f"{view.order.number}  rev {view.revision}  {view.order.status:10s} {view.supplier.code:12s} "
                    f"{len(view.order.lines):3d} lines  {view.total} {view.order.currency}  "
                    f"expected {view.order.expected_on or '-'}"
                )
        database.close()


@po_app.command("show")
def po_show(
    number: str = typer.Argument(..., help="PO number."),
    fmt: str = typer.Option("text", "--format", help="text, csv or html (print-ready)."),
) -> None:
    """Print a purchase order as text, CSV or print-ready HTML."""
    from shopweave.demand.purchase_orders import (
        load_purchase_order,
        purchase_order_csv,
        purchase_order_html,
        purchase_order_text,
    )

    renderers = {"text": purchase_order_text, "csv": purchase_order_csv, "html": purchase_order_html}
    with user_errors():
        if fmt not in renderers:
            raise ValidationError(f"--format must be one of {', '.join(renderers)}, not {fmt!r}")
        database = open_database()
        with database.transaction() as session:
            typer.echo(renderers[fmt](load_purchase_order(session, number)), nl=False)
        database.close()


@po_app.command("set")
def po_set(
    number: str = typer.Argument(..., help="PO number (a draft)."),
    sku: str = typer.Argument(..., help="SKU of the line."),
    quantity: int = typer.Argument(..., help="New quantity; 0 removes the line."),
) -> None:
    """Edit a draft's line quantity (the revision goes up)."""
    from shopweave.demand.purchase_orders import set_line_quantity

    with user_errors():
        database = open_database()
        with database.transaction() as session:
            view = set_line_quantity(session, number, sku, quantity)
            typer.echo(f"{number} revision {view.revision}: {sku} → {quantity}")
        database.close()


@po_app.command("approve")
def po_approve(
    number: str = typer.Argument(..., help="PO number (a draft)."),
    by: str = typer.Option("cli", "--by", help="Who approves."),
    send: bool = typer.Option(False, "--send", help="E-mail it to the supplier right away."),
) -> None:
    """Approve a draft (and optionally send it)."""
    from shopweave.demand.purchase_orders import approve_purchase_order

    with user_errors():
        database = open_database()
        with database.transaction() as session:
            view = approve_purchase_order(session, number, by)
            typer.echo(f"{number} approved (revision {view.revision})")
        database.close()
        if send:
            _send(number)


def _send(number: str) -> None:
    from shopweave.demand.mail import SmtpMailSender
    from shopweave.demand.supplier_messages import send_purchase_order

    settings = get_settings()
    database = open_database()
    record = send_purchase_order(database, settings, number, SmtpMailSender(settings))
    database.close()
    state = "sent now" if record.sent_now else record.status
    detail = f" ({record.last_error})" if record.last_error and record.status != "sent" else ""
    typer.echo(
        f"{number} rev {record.revision} → {record.to}: {state} after {record.attempts} attempt(s){detail}"
    )
    if record.status != "sent":
        raise typer.Exit(1)


@po_app.command("send")
def po_send(number: str = typer.Argument(..., help="PO number (approved).")) -> None:
    """E-mail an approved PO to its supplier; never twice for the same revision."""
    with user_errors():
        _send(number)


@po_app.command("retry")
def po_retry() -> None:
    """Try again every supplier e-mail that failed and has attempts left."""
    from shopweave.demand.mail import SmtpMailSender
    from shopweave.demand.supplier_messages import retry_failed_messages

    with user_errors():
        settings = get_settings()
        database = open_database()
        records = retry_failed_messages(database, settings, SmtpMailSender(settings))
        database.close()
        for record in records:
            typer.echo(
                f"{record.po_number} rev {record.revision}: {record.status} ({record.attempts} attempts)"
            )
        if not records:
            typer.echo("nothing to retry")


@po_app.command("messages")
def po_messages(number: str | None = typer.Argument(None, help="Only this PO.")) -> None:
    """Supplier e-mails and their status."""
    from shopweave.demand.supplier_messages import list_messages

    with user_errors():
        database = open_database()
        for record in list_messages(database, number):
            typer.echo(
                f"{record.po_number} rev {record.revision}  {record.status:8s} {record.attempts} attempt(s)  "
                f"{record.to}  {record.message_id}" + (f"  {record.last_error}" if record.last_error else "")
            )
        database.close()
