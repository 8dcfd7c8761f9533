"""Tables of the decision layer: the decision log, rule state, approvals, dead letters, workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shopweave.db.base import Base, utcnow


class DecisionRow(Base):
    """One decision: the rules evaluated for one event, and what was planned."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(300), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200))
    event_source: Mapped[str] = mapped_column(String(500))
    event_type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(500))
    event: Mapped[dict[str, Any]]
    rules_version: Mapped[str] = mapped_column(String(64))
    evaluated: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DecisionActionRow(Base):
    """One action a decision planned, suppressed or could not route, and what became of it."""

    __tablename__ = "decision_actions"
    __table_args__ = (
        UniqueConstraint("decision_id", "position"),
        Index("ix_decision_actions_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    decision_id: Mapped[str] = mapped_column(String(300))
    position: Mapped[int]
    rule: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict[str, Any]]
    priority: Mapped[int]
    status: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    workflow_id: Mapped[str | None] = mapped_column(String(300))
    started_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RuleStateRow(Base):
    """Per rule and subject: the last observed edge value and recent firing times."""

    __tablename__ = "rule_state"

    rule: Mapped[str] = mapped_column(String(200), primary_key=True)
    subject: Mapped[str] = mapped_column(String(500), primary_key=True)
    last_value: Mapped[float | None] = mapped_column(Float)
    fired_at: Mapped[list[Any]]


class ApprovalRow(Base):
    """An action waiting for (or given) a person's approval."""

    __tablename__ = "approvals"

    workflow_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    decision_id: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]


class DeadLetterRow(Base):
    """An action that exhausted its retries (and had no fallback that worked)."""

    __tablename__ = "dead_letters"

    workflow_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    decision_id: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict[str, Any]]
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int]
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    replayed_as: Mapped[str | None] = mapped_column(String(300))


class WorkerRow(Base):
    """A running worker process and its last heartbeat."""

    __tablename__ = "workers"

    executor_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)


class DispatchCursorRow(Base):
    """How far into the event log a dispatcher has handed events to workflows."""

    __tablename__ = "dispatch_cursors"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
