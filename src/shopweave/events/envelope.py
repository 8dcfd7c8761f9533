"""The one event envelope: CloudEvents 1.0 in its JSON format, with types named `noun.verb`."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EVENT_TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def new_event_id() -> str:
    """A fresh, unique event id."""
    return str(uuid.uuid4())


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 event. `source` + `id` identify it; a duplicate may reuse them."""

    model_config = ConfigDict(frozen=True)

    specversion: Literal["1.0"] = Field(default="1.0", description="CloudEvents version.", examples=["1.0"])
    id: str = Field(
        default_factory=new_event_id, min_length=1, description="Unique per source.", examples=["5d1c…"]
    )
    source: str = Field(
        min_length=1, description="Who produced it (URI-reference).", examples=["/shopweave/catalog"]
    )
    type: str = Field(description="Event type, `noun.verb`.", examples=["product.created"])
    subject: str | None = Field(
        default=None, description="What it is about.", examples=["product/example-t-shirt"]
    )
    time: datetime = Field(
        default_factory=lambda: datetime.now(UTC),
        description="When it happened.",
        examples=["2026-03-01T12:00:00Z"],
    )
    datacontenttype: str = Field(
        default="application/json", description="Media type of `data`.", examples=["application/json"]
    )
    dataschema: str | None = Field(
        default=None, description="URI of the JSON Schema of `data`.", examples=[None]
    )
    data: dict[str, Any] = Field(
        default_factory=dict, description="The payload.", examples=[{"handle": "example-t-shirt"}]
    )

    @field_validator("type")
    @classmethod
    def _type_is_noun_verb(cls, value: str) -> str:
        if not EVENT_TYPE_PATTERN.match(value):
            raise ValueError(f"event type {value!r} must look like `noun.verb` (for example product.created)")
        return value
