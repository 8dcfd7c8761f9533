"""The demand subsystem's declaration: events, typed actions and health (entry point `demand`).

Actions write through the data layer and record their events in the same transaction as their
changes (the event log is the outbox), so they do not need `ActionContext.emit`.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shopweave import __version__
from shopweave.demand.mail import SmtpMailSender
from shopweave.demand.options import Frequency
from shopweave.demand.purchase_orders import draft_purchase_orders
from shopweave.demand.replenishment import ReplenishmentPolicy
from shopweave.demand.service import ForecastRunSummary, draft_for_sku, run_demand
from shopweave.demand.supplier_messages import MessageRecord, send_purchase_order
from shopweave.events.log import record_event
from shopweave.plugins.hookspecs import hookimpl
from shopweave.plugins.spec import Action, ActionContext, Health, Subsystem
from shopweave.settings import Settings


class RunInput(BaseModel):
    """What the nightly demand run needs."""

    freq: Frequency = Field(default=Frequency.WEEKLY, description="Forecast period.", examples=["W"])
    horizon: int = Field(default=12, ge=1, le=400, description="Periods ahead.", examples=[12])
    days_of_cover: float = Field(default=30.0, ge=0, description="Days an order should cover.", examples=[30])
    service_level: float = Field(
        default=0.95, gt=0.5, lt=1, description="Target service level.", examples=[0.95]
    )
    draft_orders: bool = Field(default=True, description="Also create or revise PO drafts.", examples=[True])
    today: date | None = Field(
        default=None, description="Planning date (default today).", examples=["2026-03-01"]
    )


class RunOutput(BaseModel):
    """What the run produced."""

    forecast: ForecastRunSummary = Field(description="The forecast run.")
    skus_to_order: int = Field(description="SKUs with an order quantity.", examples=[14])
    signals: dict[str, int] = Field(description="Events emitted by type.", examples=[{"stockout.risk": 3}])
    drafts: list[str] = Field(description="PO drafts created or revised.", examples=[["PO-20260301-ACME"]])


class SendInput(BaseModel):
    """Which PO to e-mail."""

    po_number: str = Field(description="An approved PO.", examples=["PO-20260301-ACME"])


class DraftInput(BaseModel):
    """Which SKU to put on its supplier's draft, and why."""

    model_config = ConfigDict(extra="allow")
    sku: str = Field(description="SKU.", examples=["LS-M-BLUE"])
    reason: str = Field(
        default="", description="Why (recorded by the decision log).", examples=["forecast_spike"]
    )


class NotifyInput(BaseModel):
    """A low-stock SKU whose supplier should hear about it."""

    model_config = ConfigDict(extra="allow")
    sku: str = Field(description="SKU.", examples=["LS-M-BLUE"])
    available: float | None = Field(default=None, description="Units available now.", examples=[3])


class DraftOutput(BaseModel):
    """What the plan says for the SKU and the draft it went on."""

    sku: str = Field(description="SKU.", examples=["LS-M-BLUE"])
    order_quantity: int = Field(description="Units the plan orders (0: none needed).", examples=[24])
    po_number: str | None = Field(description="Draft the line is on, if any.", examples=["PO-20260301-ACME"])
    revision: int | None = Field(description="The draft's revision.", examples=[2])


def _draft(ctx: ActionContext, payload: DraftInput) -> DraftOutput:
    quantity, number, revision = draft_for_sku(ctx.database, payload.sku, ReplenishmentPolicy())
    return DraftOutput(sku=payload.sku, order_quantity=quantity, po_number=number, revision=revision)


def _notify(ctx: ActionContext, payload: NotifyInput) -> DraftOutput:
    return _draft(ctx, DraftInput(sku=payload.sku, reason="low_stock"))


def _run(ctx: ActionContext, payload: RunInput) -> RunOutput:
    policy = ReplenishmentPolicy(
        days_of_cover=payload.days_of_cover,
        service_level=payload.service_level,
        today=payload.today or date.today(),
    )
    summary, plan, counts = run_demand(ctx.database, payload.freq, payload.horizon, policy)
    drafts: list[str] = []
    if payload.draft_orders:
        with ctx.database.transaction() as session:
            views = draft_purchase_orders(
                session, plan, policy.today, lambda event: record_event(session, event)
            )
            drafts = [view.order.number for view in views]
    return RunOutput(
        forecast=summary, skus_to_order=int((plan["order_quantity"] > 0).sum()), signals=counts, drafts=drafts
    )


def _send(ctx: ActionContext, payload: SendInput) -> MessageRecord:
    return send_purchase_order(ctx.database, ctx.settings, payload.po_number, SmtpMailSender(ctx.settings))


def _health(settings: Settings) -> Health:
    try:
        import statsforecast  # noqa: F401
    except ImportError:
        return Health(ok=False, detail="statsforecast is not installed: pip install 'shopweave[demand]'")
    if not settings.smtp_host:
        return Health(
            ok=True, detail="forecasting ready; SMTP not configured, purchase orders cannot be e-mailed"
        )
    return Health(ok=True, detail=f"forecasting ready; SMTP {settings.smtp_host}:{settings.smtp_port}")


def subsystem() -> Subsystem:
    """The demand subsystem."""
    return Subsystem(
        name="demand",
        version=__version__,
        description="Forecasts per SKU, replenishment, purchase-order drafts and supplier e-mails.",
        consumes=("po.approved",),
        emits=(
            "forecast.updated",
            "stockout.risk",
            "overstock.detected",
            "inventory.low",
            "po.drafted",
            "po.sent",
        ),
        actions=(
            Action(
                "run",
                "Forecast from the store's orders, plan replenishment, emit signals, draft POs.",
                RunInput,
                RunOutput,
                _run,
            ),
            Action(
                "draft_purchase_order",
                "Put a SKU on its supplier's PO draft if the plan orders it.",
                DraftInput,
                DraftOutput,
                _draft,
            ),
            Action(
                "notify_supplier",
                "Low stock: put the SKU on its supplier's PO draft; the supplier is e-mailed when it is approved.",
                NotifyInput,
                DraftOutput,
                _notify,
            ),
            Action(
                "send_purchase_order",
                "E-mail an approved PO to its supplier (once per revision).",
                SendInput,
                MessageRecord,
                _send,
                external_dependency="smtp",
            ),
        ),
        health=_health,
    )


@hookimpl
def shopweave_subsystem() -> Subsystem:
    """Hook: the demand subsystem's declaration."""
    return subsystem()
