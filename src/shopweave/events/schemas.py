"""JSON Schemas of the core event types, their export to `schemas/events/`, and validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from shopweave.errors import ValidationError
from shopweave.events.envelope import CloudEvent
from shopweave.events.types import EVENT_TYPES

SCHEMA_BASE_URI = "https://shopweave.dev/schemas/events/"


def event_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of the `data` of `event_type`."""
    model = EVENT_TYPES[event_type]
    schema = model.model_json_schema()
    schema["$id"] = f"{SCHEMA_BASE_URI}{event_type}.json"
    schema["title"] = event_type
    return schema


def render_schemas() -> dict[str, str]:
    """File name → JSON text for every core event type."""
    return {
        f"{name}.json": json.dumps(event_schema(name), indent=2, sort_keys=True) + "\n"
        for name in sorted(EVENT_TYPES)
    }


def write_event_schemas(out: Path) -> list[Path]:
    """Write one JSON Schema file per core event type into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in render_schemas().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def validate_event(event: CloudEvent) -> CloudEvent:
    """Check `data` against the schema of a core type (other types pass as they are)."""
    model = EVENT_TYPES.get(event.type)
    if model is None:
        return event
    try:
        model.model_validate(event.data)
    except PydanticValidationError as exc:
        problems = "; ".join(
            f"data.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ValidationError(f"event {event.type} is invalid: {problems}") from exc
    if event.dataschema is None:
        return event.model_copy(update={"dataschema": f"{SCHEMA_BASE_URI}{event.type}.json"})
    return event
