"""Data shapes of the support subsystem's API and library: replies, messages, conversations."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class Reply(BaseModel):
    """What the assistant answers to one shopper message, and why."""

    conversation_id: str = Field(description="Conversation id.", examples=["3f1c…"])
    text: str = Field(
        description="The answer shown to the shopper (may be empty while an agent owns it).",
        examples=["Your order #1001 was delivered on 5 March."],
    )
    intent: str = Field(description="Intent acted on.", examples=["track_order"])
    confidence: float = Field(description="Classifier confidence.", examples=[0.91])
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="The facts the answer was built from.",
        examples=[{"order": "#1001"}],
    )
    actions: list[str] = Field(
        default_factory=list,
        description="What the assistant did (verified, cancelled_order, created_return, handed_over…).",
        examples=[["verified"]],
    )
    handed_over: bool = Field(
        default=False, description="The conversation is now with a person.", examples=[False]
    )
    phrased_by: Literal["template", "llm", "none"] = Field(
        default="template", description="Who worded the answer.", examples=["template"]
    )


class MessageOut(BaseModel):
    """A stored message."""

    id: int = Field(description="Message id.", examples=[12])
    role: str = Field(description="`customer`, `assistant` or `agent`.", examples=["customer"])
    text: str = Field(description="Text.", examples=["where is my order?"])
    intent: str | None = Field(
        default=None, description="Detected intent (customer messages).", examples=["track_order"]
    )
    confidence: float | None = Field(default=None, description="Its confidence.", examples=[0.9])
    author: str | None = Field(default=None, description="Agent name for agent messages.", examples=["sam"])
    created_at: datetime = Field(description="When.", examples=["2026-03-01T12:00:00Z"])


class HandoverOut(BaseModel):
    """A handover to a person."""

    id: int = Field(description="Handover id.", examples=[3])
    reason: str = Field(
        description="`anger`, `asked_for_person`, `legal_threat`, `sensitive_topic`, `low_confidence`, `needs_person`.",
        examples=["anger"],
    )
    summary: str = Field(description="What the conversation was about and what was checked.", examples=["…"])
    checked: dict[str, Any] = Field(description="Facts already checked.", examples=[{}])
    status: str = Field(description="`open` or `taken`.", examples=["open"])
    agent: str | None = Field(default=None, description="Agent who took it.", examples=["sam"])


class ConversationOut(BaseModel):
    """A conversation with its messages."""

    id: str = Field(description="Conversation id.", examples=["3f1c…"])
    channel: str = Field(description="`api`, `widget` or `cli`.", examples=["widget"])
    status: str = Field(description="`open`, `handed_over` or `agent`.", examples=["open"])
    verified_order: str | None = Field(
        default=None, description="Order the shopper proved they own.", examples=["#1001"]
    )
    assigned_agent: str | None = Field(default=None, description="Agent who took over.", examples=["sam"])
    created_at: datetime = Field(description="Started.", examples=["2026-03-01T12:00:00Z"])
    updated_at: datetime = Field(description="Last activity.", examples=["2026-03-01T12:05:00Z"])
    messages: list[MessageOut] = Field(
        default_factory=list, description="Messages, oldest first.", examples=[[]]
    )
    handovers: list[HandoverOut] = Field(default_factory=list, description="Handovers.", examples=[[]])
