"""The committed OpenAPI snapshot (`schemas/openapi.json`); a test fails when it drifts.

Regenerate after changing the API: `python -m shopweave.gateway.openapi`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shopweave.gateway.app import create_app
from shopweave.settings import Settings

__all__ = ["SNAPSHOT", "render_openapi", "write_openapi"]

SNAPSHOT = Path("schemas") / "openapi.json"


def render_openapi() -> str:
    """The API's OpenAPI document as stable, indented JSON."""
    app = create_app(Settings(home=Path(".shopweave")))
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_openapi(path: Path = SNAPSHOT) -> Path:
    """Write the snapshot to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_openapi(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_openapi(Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT))
