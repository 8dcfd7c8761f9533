"""The append-only event log table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopweave.db.base import Base, utcnow


class EventRow(Base):
    """One event, in arrival order (`seq`). Never updated, never deleted."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("source", "event_id"),
        Index("ix_events_type_seq", "type", "seq"),
        Index("ix_events_subject_seq", "subject", "seq"),
    )

    # INTEGER on SQLite so the key is the rowid and autoincrements; BIGINT elsewhere.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(500))
    time: Mapped[datetime]
    dataschema: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
