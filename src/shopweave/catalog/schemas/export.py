"""Export the JSON Schemas of the unified models into `schemas/` (committed; a test checks drift)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from shopweave.catalog import schemas

EXPORTED: list[type[BaseModel]] = [
    getattr(schemas, name)
    for name in schemas.__all__
    if isinstance(getattr(schemas, name), type) and issubclass(getattr(schemas, name), BaseModel)
]


def render_schemas() -> dict[str, str]:
    """File name to JSON text for every exported model."""
    return {
        f"{model.__name__}.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
        for model in EXPORTED
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`, removing stale files; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    rendered = render_schemas()
    for stale in folder.glob("*.json"):
        if stale.name not in rendered:
            stale.unlink()
    written = []
    for name, text in rendered.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
