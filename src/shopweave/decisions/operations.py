"""Operating the decision layer from outside a worker: approvals, dead letters, replays.

These talk to DBOS's system database through `DBOSClient` (no workflow code runs here) and
to our own tables; the workers do the work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from dbos import DBOSClient
from sqlalchemy import select

from shopweave.catalog.store import Database
from shopweave.decisions.engine import (
    APP_NAME,
    APPROVAL_TOPIC,
    EVENTS_QUEUE,
    WORKFLOW_VERSION,
    subsystem_queue,
    system_database,
)
from shopweave.decisions.errors import WorkflowError
from shopweave.decisions.tables import ApprovalRow, DeadLetterRow, DecisionRow
from shopweave.settings import Settings


@contextmanager
def dbos_client(settings: Settings) -> Iterator[DBOSClient]:
    """A client of the workflow engine's system database."""
    url, engine = system_database(settings)
    if engine is not None:
        client = DBOSClient(system_database_engine=engine, application_name=APP_NAME)
    else:
        client = DBOSClient(
            system_database_url=url.replace("postgresql+psycopg://", "postgresql://"),
            application_name=APP_NAME,
        )
    try:
        yield client
    finally:
        client.destroy()
        if engine is not None:
            engine.dispose()


def pending_approvals(database: Database) -> list[ApprovalRow]:
    """Actions waiting for a person, oldest first."""
    with database.transaction() as session:
        return list(
            session.scalars(
                select(ApprovalRow).where(ApprovalRow.status == "pending").order_by(ApprovalRow.requested_at)
            )
        )


def decide_approval(
    settings: Settings, database: Database, workflow_id: str, approved: bool, by: str
) -> ApprovalRow:
    """Approve or reject a waiting action; its workflow resumes."""
    with database.transaction() as session:
        row = session.get(ApprovalRow, workflow_id)
        if row is None:
            raise WorkflowError(
                f"no approval request for workflow {workflow_id!r}; see `shopweave workflows approvals`"
            )
        if row.status != "pending":
            raise WorkflowError(f"workflow {workflow_id} was already {row.status} by {row.decided_by}")
        row.status = "approved" if approved else "rejected"
        row.decided_by, row.decided_at = by, datetime.now(UTC)
        with dbos_client(settings) as client:
            client.send(
                workflow_id,
                {"approved": approved, "by": by},
                topic=APPROVAL_TOPIC,
                idempotency_key=f"{workflow_id}#decided",
            )
        return row


def dead_letters(database: Database, include_replayed: bool = False) -> list[DeadLetterRow]:
    """Actions that exhausted their retries, newest first."""
    query = select(DeadLetterRow).order_by(DeadLetterRow.failed_at.desc())
    if not include_replayed:
        query = query.where(DeadLetterRow.replayed_as.is_(None))
    with database.transaction() as session:
        return list(session.scalars(query))


def replay_action(settings: Settings, database: Database, workflow_id: str) -> str:
    """Run a dead-lettered action again (same parameters, fresh retries); the new workflow id."""
    with database.transaction() as session:
        row = session.get(DeadLetterRow, workflow_id)
        if row is None:
            raise WorkflowError(
                f"no dead letter {workflow_id!r}; list them with `shopweave workflows failed`"
            )
        if row.replayed_as:
            raise WorkflowError(f"{workflow_id} was already replayed as {row.replayed_as}")
        new_id = f"{workflow_id}~replay-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
        item: dict[str, Any] = dict(row.params)
        item["first_attempt"] = 1  # fresh retries, even when the first one was made inline
        with dbos_client(settings) as client:
            client.enqueue(
                {
                    "queue_name": subsystem_queue(row.action.partition(".")[0]),
                    "workflow_name": "shopweave_action",
                    "workflow_id": new_id,
                    "app_version": WORKFLOW_VERSION,
                },
                item,
            )
        row.replayed_as = new_id
        return new_id


def replay_event(settings: Settings, database: Database, decision_id: str) -> str:
    """Decide again for the event of `decision_id` under the current rules; the new workflow id."""
    with database.transaction() as session:
        row = session.get(DecisionRow, decision_id)
        if row is None:
            raise WorkflowError(f"no decision {decision_id!r}; list them with `shopweave decisions list`")
        event = dict(row.event)
    new_id = f"{event['id']}~replay-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
    with dbos_client(settings) as client:
        client.enqueue(
            {
                "queue_name": EVENTS_QUEUE,
                "workflow_name": "shopweave_ingest",
                "workflow_id": new_id,
                "app_version": WORKFLOW_VERSION,
            },
            event,
        )
    return new_id
