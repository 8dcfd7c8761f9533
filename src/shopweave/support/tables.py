"""Tables of the support subsystem: conversations, their messages, and handovers to people."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopweave.db.base import Base, utcnow


class ConversationRow(Base):
    """One conversation with a shopper; `state` holds what the assistant remembers."""

    __tablename__ = "support_conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), default="api")
    status: Mapped[str] = mapped_column(String(20), default="open")
    verified_order: Mapped[str | None] = mapped_column(String(100))
    verified_email: Mapped[str | None] = mapped_column(String(320))
    assigned_agent: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    messages: Mapped[list[MessageRow]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="MessageRow.id"
    )


class MessageRow(Base):
    """One message: from the shopper (`customer`), the assistant, or an agent."""

    __tablename__ = "support_messages"
    __table_args__ = (Index("ix_support_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("support_conversations.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(50))
    confidence: Mapped[float | None]
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[ConversationRow] = relationship(back_populates="messages")


class HandoverRow(Base):
    """A conversation handed to a person, with why and what had already been checked."""

    __tablename__ = "support_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("support_conversations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(50))
    summary: Mapped[str] = mapped_column(Text)
    checked: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    agent: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_at: Mapped[datetime | None]
