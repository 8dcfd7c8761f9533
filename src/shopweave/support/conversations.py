"""What agents do with conversations: list and read them, take one over, reply, hand it back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopweave.support.errors import ConversationNotFoundError
from shopweave.support.models import ConversationOut, HandoverOut, MessageOut
from shopweave.support.tables import ConversationRow, HandoverRow, MessageRow


def _get(session: Session, conversation_id: str) -> ConversationRow:
    row = session.get(ConversationRow, conversation_id)
    if row is None:
        raise ConversationNotFoundError(f"no conversation {conversation_id!r}")
    return row


def conversation_out(
    session: Session, conversation_id: str, *, with_messages: bool = True
) -> ConversationOut:
    """A conversation with its messages and handovers."""
    row = _get(session, conversation_id)
    handovers = session.scalars(
        select(HandoverRow).where(HandoverRow.conversation_id == row.id).order_by(HandoverRow.id)
    )
    return ConversationOut(
        id=row.id,
        channel=row.channel,
        status=row.status,
        verified_order=row.verified_order,
        assigned_agent=row.assigned_agent,
        created_at=row.created_at,
        updated_at=row.updated_at,
        messages=[
            MessageOut(
                id=m.id,
                role=m.role,
                text=m.text,
                intent=m.intent,
                confidence=m.confidence,
                author=m.author,
                created_at=m.created_at,
            )
            for m in row.messages
        ]
        if with_messages
        else [],
        handovers=[
            HandoverOut(
                id=h.id, reason=h.reason, summary=h.summary, checked=h.checked, status=h.status, agent=h.agent
            )
            for h in handovers
        ],
    )


def list_conversations(
    session: Session, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[ConversationOut]:
    """Conversations, most recently active first, optionally only one status."""
    query = select(ConversationRow.id).order_by(ConversationRow.updated_at.desc(), ConversationRow.id)
    if status:
        query = query.where(ConversationRow.status == status)
    ids = session.scalars(query.limit(limit).offset(offset)).all()
    return [conversation_out(session, i, with_messages=False) for i in ids]


def take_over(session: Session, conversation_id: str, agent: str) -> ConversationOut:
    """An agent takes the conversation: the assistant stops answering it."""
    row = _get(session, conversation_id)
    row.assigned_agent = agent
    row.status = "agent"
    for handover in session.scalars(
        select(HandoverRow).where(HandoverRow.conversation_id == row.id, HandoverRow.status == "open")
    ):
        handover.status = "taken"
        handover.agent = agent
        handover.taken_at = datetime.now(UTC)
    session.flush()
    return conversation_out(session, conversation_id)


def agent_reply(session: Session, conversation_id: str, agent: str, text: str) -> MessageOut:
    """Post an agent's message (taking the conversation over if nobody has)."""
    row = _get(session, conversation_id)
    if row.assigned_agent is None:
        take_over(session, conversation_id, agent)
    message = MessageRow(conversation_id=row.id, role="agent", text=text.strip(), author=agent, facts={})
    session.add(message)
    row.updated_at = datetime.now(UTC)
    session.flush()
    return MessageOut(
        id=message.id, role="agent", text=message.text, author=agent, created_at=message.created_at
    )


def release(session: Session, conversation_id: str) -> ConversationOut:
    """Hand the conversation back to the assistant."""
    row = _get(session, conversation_id)
    row.assigned_agent = None
    row.status = "open"
    session.flush()
    return conversation_out(session, conversation_id)


def messages_after(session: Session, conversation_id: str, after_id: int) -> list[MessageOut]:
    """Messages newer than `after_id` (the widget polls this for agent replies)."""
    _get(session, conversation_id)
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id, MessageRow.id > after_id)
        .order_by(MessageRow.id)
    )
    return [MessageOut(id=m.id, role=m.role, text=m.text, intent=m.intent, confidence=m.confidence, author=m.author,
                       created_at=m.created_at) for m in rows]  # fmt: skip
