"""Appending to and reading the event log.

Events are appended inside the same transaction as the change they describe (a transactional
outbox): they become visible exactly when that change commits, and only then are they dispatched.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from shopweave.events.envelope import CloudEvent
from shopweave.events.tables import EventRow


def _values(event: CloudEvent) -> dict[str, object]:
    return {
        "event_id": event.id,
        "source": event.source,
        "type": event.type,
        "subject": event.subject,
        "time": event.time,
        "dataschema": event.dataschema,
        "data": event.model_dump(mode="json")["data"],
    }


def record_event(session: Session, event: CloudEvent) -> bool:
    """Append `event` in the caller's transaction; False when source + id was already recorded."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(EventRow)
        .values(**_values(event))
        .on_conflict_do_nothing(index_elements=["source", "event_id"])
        .returning(EventRow.seq)
    )
    return session.execute(statement).first() is not None


def event_from_row(row: EventRow) -> CloudEvent:
    """The CloudEvent stored in a log row."""
    return CloudEvent(
        id=row.event_id,
        source=row.source,
        type=row.type,
        subject=row.subject,
        time=row.time,
        dataschema=row.dataschema,
        data=row.data,
    )


def read_events(
    session: Session,
    *,
    after_seq: int = 0,
    types: Sequence[str] | None = None,
    subject: str | None = None,
    limit: int = 100,
) -> list[tuple[int, CloudEvent]]:
    """Events after `after_seq` in log order, as (seq, event), optionally filtered."""
    query = select(EventRow).where(EventRow.seq > after_seq)
    if types:
        query = query.where(EventRow.type.in_(list(types)))
    if subject is not None:
        query = query.where(EventRow.subject == subject)
    rows = session.scalars(query.order_by(EventRow.seq).limit(limit)).all()
    return [(row.seq, event_from_row(row)) for row in rows]
