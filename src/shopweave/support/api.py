"""REST routes of the support subsystem and the embeddable chat widget.

Shopper side: start a conversation, send messages, poll for agent replies, verify with a signed
link. Agent side: list conversations, read one, take it over, reply, hand it back. The widget
(`/support/widget.js`, `/support/widget.css`, a demo page at `/support/chat`) is served from
this package: nothing is loaded from the internet.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from shopweave.catalog.store import Database
from shopweave.settings import Settings
from shopweave.support import conversations as conv
from shopweave.support.assistant import Assistant
from shopweave.support.models import ConversationOut, MessageOut, Reply
from shopweave.support.service import build_assistant

router = APIRouter(prefix="/support", tags=["support"])


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def _assistant(request: Request) -> Assistant:
    assistant: Assistant | None = getattr(request.app.state, "support_assistant", None)
    if assistant is None or assistant.database is not request.app.state.database:
        settings: Settings = request.app.state.settings
        assistant = build_assistant(settings, _database(request))
        request.app.state.support_assistant = assistant
    return assistant


AssistantDep = Annotated[Assistant, Depends(_assistant)]
DatabaseDep = Annotated[Database, Depends(_database)]


class StartIn(BaseModel):
    """Starting a conversation."""

    channel: Literal["api", "widget", "cli"] = Field(
        default="api", description="Where it comes from.", examples=["widget"]
    )


class StartOut(BaseModel):
    """A new conversation."""

    conversation_id: str = Field(description="Id to send messages to.", examples=["3f1c…"])
    greeting: str = Field(description="First line to show.", examples=["Hi! How can I help?"])


class MessageIn(BaseModel):
    """A shopper's message."""

    text: str = Field(
        min_length=1,
        max_length=4000,
        description="What the shopper wrote.",
        examples=["where is my order #1001?"],
    )


class AgentMessageIn(BaseModel):
    """An agent's reply."""

    agent: str = Field(min_length=1, max_length=200, description="Agent name.", examples=["sam"])
    text: str = Field(
        min_length=1, max_length=4000, description="Reply text.", examples=["Hi Ada, I've checked…"]
    )


class AgentIn(BaseModel):
    """An agent taking a conversation."""

    agent: str = Field(min_length=1, max_length=200, description="Agent name.", examples=["sam"])


class LinkIn(BaseModel):
    """Verification through a signed order link."""

    order_number: str = Field(description="Order number.", examples=["#1001"])
    email: str = Field(description="Email of the order.", examples=["ada@example.com"])
    token: str = Field(description="Token from the signed link.", examples=["1767225600.ab12…"])


class LinkOut(BaseModel):
    """Whether the link verified the shopper."""

    verified: bool = Field(description="True when the token is valid for that order.", examples=[True])


@router.post("/conversations", response_model=StartOut, status_code=201, summary="Start a conversation")
def start(assistant: AssistantDep, body: StartIn | None = None) -> StartOut:
    channel = body.channel if body else "api"
    return StartOut(
        conversation_id=assistant.start(channel),
        greeting="Hi! I'm the store's assistant. Ask me about an order, a return, stock or delivery.",
    )


@router.post(
    "/conversations/{conversation_id}/messages", response_model=Reply, summary="Send a shopper message"
)
def send(conversation_id: str, body: MessageIn, assistant: AssistantDep) -> Reply:
    return assistant.respond(conversation_id, body.text)


@router.get(
    "/conversations/{conversation_id}/messages",
    response_model=list[MessageOut],
    summary="Messages after an id",
)
def poll(
    conversation_id: str, database: DatabaseDep, after: Annotated[int, Query(ge=0)] = 0
) -> list[MessageOut]:
    with database.sessions() as session:
        return conv.messages_after(session, conversation_id, after)


@router.post(
    "/conversations/{conversation_id}/verify-link",
    response_model=LinkOut,
    summary="Verify with a signed link",
)
def verify_link(conversation_id: str, body: LinkIn, assistant: AssistantDep) -> LinkOut:
    return LinkOut(verified=assistant.verify_link(conversation_id, body.order_number, body.email, body.token))


@router.get("/conversations", response_model=list[ConversationOut], summary="List conversations (agents)")
def list_all(
    database: DatabaseDep,
    status: Annotated[str | None, Query(description="open, handed_over or agent")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[ConversationOut]:
    with database.sessions() as session:
        return conv.list_conversations(session, status, limit, offset)


@router.get(
    "/conversations/{conversation_id}", response_model=ConversationOut, summary="Read a conversation (agents)"
)
def read(conversation_id: str, database: DatabaseDep) -> ConversationOut:
    with database.sessions() as session:
        return conv.conversation_out(session, conversation_id)


@router.post(
    "/conversations/{conversation_id}/takeover", response_model=ConversationOut, summary="Take over (agents)"
)
def takeover(conversation_id: str, body: AgentIn, database: DatabaseDep) -> ConversationOut:
    with database.transaction() as session:
        return conv.take_over(session, conversation_id, body.agent)


@router.post(
    "/conversations/{conversation_id}/agent-messages",
    response_model=MessageOut,
    status_code=201,
    summary="Agent reply",
)
def agent_message(conversation_id: str, body: AgentMessageIn, database: DatabaseDep) -> MessageOut:
    with database.transaction() as session:
        return conv.agent_reply(session, conversation_id, body.agent, body.text)


@router.post(
    "/conversations/{conversation_id}/release",
    response_model=ConversationOut,
    summary="Hand back to the assistant",
)
def release(conversation_id: str, database: DatabaseDep) -> ConversationOut:
    with database.transaction() as session:
        return conv.release(session, conversation_id)


def _static(name: str) -> str:
    return resources.files("shopweave.support").joinpath("static", name).read_text(encoding="utf-8")


@router.get("/widget.js", include_in_schema=False)
def widget_js() -> Response:
    return Response(_static("widget.js"), media_type="text/javascript")


@router.get("/widget.css", include_in_schema=False)
def widget_css() -> Response:
    return Response(_static("widget.css"), media_type="text/css")


@router.get("/chat", include_in_schema=False, response_class=HTMLResponse)
def chat_page() -> HTMLResponse:
    return HTMLResponse(_static("chat.html"))
