"""REST routes of the decision layer: the decision log, events in, dead letters, replays, approvals.

    GET  /api/decisions                       recent decisions, newest first (paged)
    GET  /api/decisions/{id}                  one decision as JSON (`decisions.log.decision_json`)
    POST /api/events                          record a CloudEvent (same path as `shopweave events emit`)
    GET  /api/workflows/failed                the dead-letter list
    POST /api/workflows/{id}/replay           replay a dead letter, or a decision under the current rules
    POST /api/approvals/{id}/approve|reject   resume an action waiting for a person

Workers do the work; these routes only read and write the log and DBOS's system database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select

from shopweave.catalog.store import Database
from shopweave.decisions.log import decision_json
from shopweave.decisions.operations import dead_letters, decide_approval, replay_action, replay_event
from shopweave.decisions.tables import DecisionRow
from shopweave.errors import ValidationError
from shopweave.events import CloudEvent, record_event
from shopweave.events.schemas import validate_event
from shopweave.settings import Settings

router = APIRouter(prefix="/api", tags=["decisions"])


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseDep = Annotated[Database, Depends(_database)]
SettingsDep = Annotated[Settings, Depends(_settings)]


class DecisionSummary(BaseModel):
    """A decision as it appears in a list."""

    id: str = Field(description="Decision id (the event id).", examples=["5d1c…"])
    created_at: datetime = Field(description="When it was taken.", examples=["2026-03-01T12:00:00Z"])
    event_type: str = Field(description="Type of the triggering event.", examples=["product.created"])
    subject: str | None = Field(description="What the event is about.", examples=["product/linen-shirt"])
    fired: list[str] = Field(description="Rules that fired.", examples=[["new-product-image-audit"]])


class DecisionPage(BaseModel):
    """One page of decisions, newest first."""

    items: list[DecisionSummary] = Field(description="The decisions on this page.")
    total: int = Field(description="Decisions matching the filter, over all pages.", examples=[120])
    limit: int = Field(description="Page size asked for.", examples=[20])
    offset: int = Field(description="Decisions skipped before this page.", examples=[0])


class EventRecorded(BaseModel):
    """What became of a posted event."""

    id: str = Field(description="The event id.", examples=["5d1c…"])
    recorded: bool = Field(description="False when the same source and id were already recorded.")


class DeadLetter(BaseModel):
    """An action that exhausted its retries."""

    workflow_id: str = Field(description="The action's workflow id.", examples=["5d1c…/0"])
    decision_id: str = Field(description="Its decision.", examples=["5d1c…"])
    action: str = Field(description="`subsystem.action`.", examples=["demand.send_purchase_order"])
    error: str = Field(description="The last error.", examples=["ConnectionError: smtp is down"])
    attempts: int = Field(description="Attempts made.", examples=[5])
    failed_at: datetime = Field(description="When it gave up.", examples=["2026-03-01T12:00:00Z"])
    replayed_as: str | None = Field(description="Workflow id of its replay, if any.", examples=[None])


class Replayed(BaseModel):
    """A replay that was started."""

    workflow_id: str = Field(description="The new workflow id.", examples=["5d1c…/0~replay-20260301T120000"])


class ApprovalDecided(BaseModel):
    """An approval or rejection that was recorded (the waiting workflow resumes)."""

    workflow_id: str = Field(description="The action's workflow id.", examples=["5d1c…/0"])
    status: str = Field(description="`approved` or `rejected`.", examples=["approved"])
    decided_by: str | None = Field(description="Who decided.", examples=["ann"])


@router.get("/decisions", response_model=DecisionPage, summary="Recent decisions")
def list_recent_decisions(
    database: DatabaseDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size.")] = 20,
    offset: Annotated[int, Query(ge=0, description="Decisions to skip.")] = 0,
    event_type: Annotated[str | None, Query(description="Only this event type.")] = None,
) -> DecisionPage:
    """Decisions, newest first, with the rules that fired."""
    query = select(DecisionRow)
    count = select(func.count()).select_from(DecisionRow)
    if event_type:
        query = query.where(DecisionRow.event_type == event_type)
        count = count.where(DecisionRow.event_type == event_type)
    with database.transaction() as session:
        total = int(session.scalar(count) or 0)
        rows = session.scalars(
            query.order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc()).limit(limit).offset(offset)
        ).all()
        items = [
            DecisionSummary(
                id=r.id,
                created_at=r.created_at,
                event_type=r.event_type,
                subject=r.subject,
                fired=[e["rule"] for e in r.evaluated if e["result"] == "fired"],
            )
            for r in rows
        ]
    return DecisionPage(items=items, total=total, limit=limit, offset=offset)


@router.get("/decisions/{decision_id:path}", summary="One decision, explained")
def get_decision(decision_id: str, database: DatabaseDep) -> dict[str, Any]:
    """The event, every rule evaluated and why, and each action with its status."""
    with database.transaction() as session:
        return decision_json(session, decision_id)


@router.post("/events", response_model=EventRecorded, status_code=201, summary="Record an event")
def post_event(
    database: DatabaseDep,
    response: Response,
    body: Annotated[
        dict[str, Any],
        Body(
            description="A CloudEvents 1.0 event in JSON (id and time are optional).",
            examples=[
                {"source": "/pos", "type": "inventory.changed", "data": {"sku": "LS-M", "available": 3}}
            ],
        ),
    ],
) -> EventRecorded:
    """Append an event to the log; workers decide what it causes. A duplicate id records nothing."""
    try:
        event = CloudEvent.model_validate(body)
    except PydanticValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "body"
        raise ValidationError(f"event {where}: {error['msg']}") from exc
    event = validate_event(event)
    with database.transaction() as session:
        new = record_event(session, event)
    if not new:
        response.status_code = 200
    return EventRecorded(id=event.id, recorded=new)


@router.get("/workflows/failed", response_model=list[DeadLetter], summary="Dead letters")
def list_failed(
    database: DatabaseDep,
    include_replayed: Annotated[bool, Query(description="Also those already replayed.")] = False,
) -> list[DeadLetter]:
    """Actions that exhausted their retries, newest first."""
    return [
        DeadLetter(
            workflow_id=row.workflow_id,
            decision_id=row.decision_id,
            action=row.action,
            error=row.error,
            attempts=row.attempts,
            failed_at=row.failed_at,
            replayed_as=row.replayed_as,
        )
        for row in dead_letters(database, include_replayed=include_replayed)
    ]


@router.post(
    "/workflows/{workflow_id:path}/replay", response_model=Replayed, status_code=202, summary="Replay"
)
def replay(
    workflow_id: str,
    database: DatabaseDep,
    settings: SettingsDep,
    current_rules: Annotated[
        bool, Query(description="Decide again for the decision `workflow_id` under the current rules.")
    ] = False,
) -> Replayed:
    """Run a dead-lettered action again (fresh retries), or decide an event again."""
    if current_rules:
        return Replayed(workflow_id=replay_event(settings, database, workflow_id))
    return Replayed(workflow_id=replay_action(settings, database, workflow_id))


def _decide(
    settings: Settings, database: Database, workflow_id: str, approved: bool, by: str
) -> ApprovalDecided:
    row = decide_approval(settings, database, workflow_id, approved, by)
    return ApprovalDecided(workflow_id=row.workflow_id, status=row.status, decided_by=row.decided_by)


ByQuery = Annotated[str, Query(min_length=1, max_length=200, description="Who decides.")]


@router.post("/approvals/{workflow_id:path}/approve", response_model=ApprovalDecided, summary="Approve")
def approve(
    workflow_id: str, database: DatabaseDep, settings: SettingsDep, by: ByQuery = "api"
) -> ApprovalDecided:
    """Approve an action waiting for a person; its workflow resumes and runs it."""
    return _decide(settings, database, workflow_id, True, by)


@router.post("/approvals/{workflow_id:path}/reject", response_model=ApprovalDecided, summary="Reject")
def reject(
    workflow_id: str, database: DatabaseDep, settings: SettingsDep, by: ByQuery = "api"
) -> ApprovalDecided:
    """Reject an action waiting for a person; it is recorded as rejected and never runs."""
    return _decide(settings, database, workflow_id, False, by)
